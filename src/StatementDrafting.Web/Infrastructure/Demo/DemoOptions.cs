namespace StatementDrafting.Web.Infrastructure.Demo;

/// <summary>
/// Demo mode seeds an empty database with the demo consultation. On by default in the Development environment
/// (the README's run command), off elsewhere; <c>Demo:Enabled</c> (environment variable <c>Demo__Enabled</c>) overrides both.
/// </summary>
public sealed record DemoOptions(bool Enabled)
{
    public static DemoOptions From(IConfiguration configuration, IHostEnvironment environment) =>
        new(configuration.GetValue<bool?>("Demo:Enabled") ?? environment.IsDevelopment());
}
