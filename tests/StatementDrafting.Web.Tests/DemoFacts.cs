using System.Text.Json;
using StatementDrafting.Web.Infrastructure.Demo;

namespace StatementDrafting.Web.Tests;

/// <summary>The reference facts the app embeds (its own copy of the fifth consultation), read independently of the seeder.</summary>
public static class DemoFacts
{
    private static readonly Lazy<JsonElement> Root = new(() =>
    {
        using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("Demo.fifth-consultation.json")!;
        return JsonDocument.Parse(stream).RootElement.Clone();
    });

    public static JsonElement Consultation => Root.Value;

    public static IEnumerable<(int Number, string Title, int[] Objectives)> Clusters =>
        Consultation.GetProperty("clusters").EnumerateArray()
            .Select(c => (c.GetProperty("number").GetInt32(), c.GetProperty("title").GetString()!, c.GetProperty("objectives").EnumerateArray().Select(o => o.GetInt32()).ToArray()));

    public static IEnumerable<JsonElement> Items =>
        Consultation.GetProperty("days").EnumerateArray().SelectMany(d => d.GetProperty("items").EnumerateArray());

    public static IEnumerable<JsonElement> ParallelSessions => Items.Where(i => i.GetProperty("kind").GetString() == "parallel");

    public static IEnumerable<string> CoHosts =>
        ParallelSessions.SelectMany(i => i.GetProperty("coHosts").EnumerateArray().Select(c => c.GetString()!)).Distinct();

    public static IEnumerable<string> Strings(string property) =>
        Consultation.GetProperty(property).EnumerateArray().Select(e => e.GetString()!);
}
