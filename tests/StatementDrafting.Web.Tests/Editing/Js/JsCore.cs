using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

using Jint;
using Jint.Native;

namespace StatementDrafting.Web.Tests.Editing.Js;

/// <summary>
/// The editor's <c>drafting-core.js</c> loaded as an ES module into Jint, with <c>harness.js</c> beside it. Values
/// cross as JSON strings. One instance per test: an engine is not thread-safe.
/// </summary>
internal sealed class JsCore : IDisposable
{
    private static readonly Lazy<(string Core, string Harness)> Sources = new(() =>
    {
        var root = RepositoryRoot();
        return (
            File.ReadAllText(Path.Combine(root, "src", "StatementDrafting.Web", "wwwroot", "js", "drafting-core.js")),
            File.ReadAllText(Path.Combine(root, "tests", "StatementDrafting.Web.Tests", "Editing", "Js", "harness.js")));
    });

    private readonly Engine engine;
    private readonly JsValue textCases;
    private readonly JsValue transformCases;
    private readonly JsValue newPeer;
    private readonly JsValue call;

    public JsCore()
    {
        engine = new Engine(options => options.LimitRecursion(500));
        engine.Modules.Add("drafting-core", Sources.Value.Core);
        engine.Modules.Add("harness", Sources.Value.Harness);
        var harness = engine.Modules.Import("harness");
        textCases = harness.Get("textCases");
        transformCases = harness.Get("transformCases");
        newPeer = harness.Get("newPeer");
        call = harness.Get("call");
    }

    /// <summary>Runs a batch of text-operation cases (see harness.js).</summary>
    public string TextCases(string casesJson) => engine.Invoke(textCases, casesJson).AsString();

    /// <summary>Runs a batch of block-transformation cases (see harness.js).</summary>
    public string TransformCases(string casesJson) => engine.Invoke(transformCases, casesJson).AsString();

    /// <summary>Creates a client; returns its number.</summary>
    public int NewPeer(JsonObject options) => (int)engine.Invoke(newPeer, options.ToJsonString()).AsNumber();

    /// <summary>Calls a client method; the answer as parsed JSON (null for JSON null).</summary>
    public JsonNode? Call(int peer, string method, JsonNode? argument = null)
    {
        var result = engine.Invoke(call, [peer, method, argument?.ToJsonString()]).AsString();
        return JsonNode.Parse(result);
    }

    public void Dispose() => engine.Dispose();

    /// <summary>The repository, found above the test output or else above this source file.</summary>
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "." })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "src", "StatementDrafting.Web", "wwwroot", "js", "drafting-core.js")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Cannot find the repository (src/StatementDrafting.Web/wwwroot/js) above the test output.");
    }
}

/// <summary>JSON helpers shared by the editor core tests.</summary>
internal static class Json
{
    public static JsonNode Parse(string json) => JsonNode.Parse(json) ?? throw new JsonException("null");

    /// <summary>Canonical text of a node, for comparisons.</summary>
    public static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
}
