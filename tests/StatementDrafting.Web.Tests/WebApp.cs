namespace StatementDrafting.Web.Tests;

/// <summary>The web app's own build output, for tests that start it as a separate process.</summary>
internal static class WebApp
{
    /// <summary>The app's dll, built in the same configuration as this test assembly.</summary>
    public static string Dll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "StatementDrafting.slnx")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root!.FullName, "src", "StatementDrafting.Web", "bin", configuration, "net10.0", "StatementDrafting.Web.dll");
        Assert.True(File.Exists(dll), $"expected the web app's build at {dll}");
        return dll;
    }
}
