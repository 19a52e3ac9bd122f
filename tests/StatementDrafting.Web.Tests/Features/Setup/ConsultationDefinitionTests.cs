using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Setup;
using StatementDrafting.Web.Infrastructure.Authorisation;

namespace StatementDrafting.Web.Tests.Features.Setup;

/// <summary>A consultation's definition in and out as JSON: the reference file imports completely, an export re-imports onto the same consultation, and every problem names its field and line.</summary>
public sealed class ConsultationDefinitionTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    /// <summary>The reference definition the demo is built from (the app's copy of the shared fifth-consultation file).</summary>
    private static string Reference()
    {
        using var stream = typeof(ConsultationDefinition).Assembly.GetManifestResourceStream("Demo.fifth-consultation.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private Task<int> ImportAsync(string json, int? onto = null, string email = People.Organiser) =>
        _app.SendAsAsync(email, m => m.Send(new ImportConsultation(json, onto)));

    private Task<string?> ExportAsync(int id) => _app.SendAsAsync(People.Organiser, m => m.Send(new ExportConsultation(id)));

    private Task<Consultation> LoadAsync(int id) => _app.QueryAsync(db => db.Consultations.AsNoTracking()
        .Include(c => c.Clusters).Include(c => c.Days).ThenInclude(d => d.Items).Include(c => c.SpeakerSlots).AsSplitQuery().SingleAsync(c => c.Id == id));

    [Fact]
    public async Task The_reference_definition_imports_completely_as_a_new_consultation()
    {
        var id = await ImportAsync(Reference());

        var c = await LoadAsync(id);
        Assert.StartsWith("Fifth Stakeholder Consultation", c.Title, StringComparison.Ordinal);
        Assert.Equal("Asia/Bangkok", c.TimeZoneId);
        Assert.Equal((true, false, OnePersonPerOrganisation.Warn, AdoptionRule.Consensus), (c.Rules.ChathamHouse, c.Rules.Recorded, c.Rules.OnePersonPerOrganisation, c.Rules.Adoption));
        Assert.Equal(new DateTime(2021, 3, 1, 15, 0, 0), c.RegistrationClosesLocal);
        Assert.Contains("reference scenario", c.About, StringComparison.Ordinal);
        Assert.Contains("encourages", c.RulesNote, StringComparison.Ordinal);
        Assert.Equal("by consensus, at the closing session of day 2", c.AdoptionPlan);
        Assert.Contains("ESCAP", c.RegionsNote, StringComparison.Ordinal);
        Assert.Equal(23, c.Objectives.Count);
        Assert.Equal([[2, 5, 6, 12, 18], [4, 8, 9, 10, 11, 13, 21], [14, 15, 16, 19, 20, 22], [1, 3, 7, 17, 23]], c.Clusters.Select(k => k.ObjectiveNumbers.ToArray()));
        Assert.Equal([new DateOnly(2021, 3, 2), new DateOnly(2021, 3, 4)], c.Days.Select(d => d.Date));
        var items = c.Days.SelectMany(d => d.Items).ToList();
        var reference = JsonNode.Parse(Reference())!;
        Assert.Equal(reference["days"]!.AsArray().Sum(d => d!["items"]!.AsArray().Count), items.Count);
        var session = items.Single(i => i.Key == "d1-2");
        Assert.Equal((AgendaItemKind.Parallel, 1, new TimeOnly(9, 10), new TimeOnly(10, 30)), (session.Kind, session.ClusterNumber!.Value, session.Start, session.End));
        Assert.Equal(["Asia Pacific Mission for Migrants", "Migrant Forum in Asia"], session.CoHosts);
        Assert.Equal([(1, "opening"), (4, "roundtable"), (5, "after-country-statements")], c.SpeakerSlots.OrderBy(s => s.Id).Select(s => (s.Count, s.Kind)));
        Assert.Equal(reference["stakeholderCategories"]!.AsArray().Count, c.StakeholderCategories.Count);
        Assert.Equal(6, c.Regions.Count);
        Assert.Equal(["geography/region", "gender", "area of work/sector"], c.BalanceDimensions);
        var statements = await _app.QueryAsync(db => db.Statements.Where(s => s.ConsultationId == id).Select(s => new { s.Kind, s.ClusterNumber }).ToListAsync());
        Assert.Equal(4, statements.Count(s => s.Kind == StatementKind.Common));
        Assert.Single(statements, s => s.Kind == StatementKind.Opening);
        Assert.True((await _app.ParticipationOfAsync(People.Organiser, id)).IsOrganiser);

        // Every fact of the file is shown: on the consultation's page (to anyone) and, for the agenda's details, in it.
        var page = System.Net.WebUtility.HtmlDecode(await _app.CreateClient().GetStringAsync(new Uri($"/consultations/{id}", UriKind.Relative)));
        foreach (var fact in new[]
        {
            c.About!, c.RulesNote!, "Planned: by consensus, at the closing session of day 2.", c.RegionsNote!, "area of work/sector",
            c.StakeholderCategories[^1], c.Regions[^1], "Parallel Session 1", "Migrant Forum in Asia", "take the floor following country statements",
            "Organisations are encouraged to register one person each.", "The meeting is not recorded.", "Chatham House Rule",
        })
        {
            Assert.Contains(fact, page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_export_re_imports_onto_the_same_consultation_without_duplicating_anything()
    {
        var id = await ImportAsync(Reference());
        var exported = (await ExportAsync(id))!;
        var itemIds = await _app.QueryAsync(db => db.Set<AgendaItem>().OrderBy(i => i.Id).Select(i => i.Id).ToListAsync());
        var counts = await CountsAsync();

        Assert.Equal(id, await ImportAsync(exported, onto: id));

        Assert.Equal(counts, await CountsAsync());
        Assert.Equal(itemIds, await _app.QueryAsync(db => db.Set<AgendaItem>().OrderBy(i => i.Id).Select(i => i.Id).ToListAsync()));
        Assert.Equal(exported, await ExportAsync(id));
    }

    [Fact]
    public async Task A_changed_definition_moves_adds_and_removes_items_by_id_and_keeps_the_rest()
    {
        var id = await ImportAsync(Reference());
        var definition = JsonNode.Parse((await ExportAsync(id))!)!;
        var dayOne = definition["days"]![0]!["items"]!.AsArray();
        var session = dayOne.Single(i => (string)i!["id"]! == "d1-2")!;
        session["start"] = "09:15";
        session["workingGroups"] = JsonNode.Parse("""[{ "name": "Group A", "round": 1, "objectives": [2, 5] }, { "name": "Group B", "round": 1, "objectives": [6, 12, 18] }]""");
        dayOne.Add(JsonNode.Parse("""{ "id": "d1-extra", "start": "16:00", "end": "16:30", "kind": "break", "title": "Tea" }"""));
        var removed = (string)dayOne[^2]!["id"]!;
        dayOne.RemoveAt(dayOne.Count - 2);
        var before = (await LoadAsync(id)).Days[0].Items.Single(i => i.Key == "d1-2").Id;

        await ImportAsync(definition.ToJsonString(), onto: id);

        var c = await LoadAsync(id);
        var changed = c.Days[0].Items.Single(i => i.Key == "d1-2");
        Assert.Equal(before, changed.Id);
        Assert.Equal(new TimeOnly(9, 15), changed.Start);
        Assert.Equal([("Group A", 1, new[] { 2, 5 }), ("Group B", 1, new[] { 6, 12, 18 })], changed.WorkingGroups.Select(g => (g.Name, g.Round, g.ObjectiveNumbers.ToArray())));
        Assert.Contains(c.Days[0].Items, i => i.Key == "d1-extra" && i.Title == "Tea");
        Assert.DoesNotContain(c.Days.SelectMany(d => d.Items), i => i.Key == removed);
        Assert.Contains("\"name\": \"Group A\"", (await ExportAsync(id))!, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> Problems => new()
    {
        { "{ \"title\": \"Broken\", ", "$", "Line 1" },
        { """{ "timeZone": "Asia/Bangkok", "rules": { "chathamHouse": true, "recorded": false, "onePersonPerOrganization": "off", "adoption": "consensus" }, "clusters": [], "days": [] }""", "title", "Line 1" },
        { Definition(items: """{ "id": "a", "start": "10:00", "end": "09:00", "kind": "plenary", "title": "Backwards" }"""), "ends before it starts", "Line 9" },
        { Definition(items: """{ "id": "a", "start": "09:00", "end": "10:00", "kind": "parallel", "title": "Lost" }"""), "needs a cluster", "Line 9" },
        { Definition(items: """{ "id": "a", "start": "09:00", "end": "10:00", "kind": "parallel", "title": "One", "cluster": 1 },""" + "\n        " + """{ "id": "b", "start": "09:30", "end": "11:00", "kind": "parallel", "title": "Two", "cluster": 1 }"""), "at the same time", "Line 10" },
        { Definition(items: """{ "id": "a", "start": "9 am", "end": "10:00", "kind": "plenary", "title": "Vague" }"""), "not a time", "Line 9" },
        { Definition(statements: "[]"), "Cluster 1 has no statement", "Line 12" },
        { Definition(items: """{ "id": "a", "start": "09:00", "end": "10:00", "kind": "parallel", "title": "Elsewhere", "cluster": 7 }"""), "no cluster 7", "Line 9" },
    };

    /// <summary>A small definition, one line per element so that lines can be asserted: items start on line 9.</summary>
    private static string Definition(string items = """{ "id": "a", "start": "09:00", "end": "10:00", "kind": "plenary", "title": "Opening" }""", string statements = """[{ "kind": "common", "cluster": 1 }]""") =>
        "{\n" +
        "  \"title\": \"A small consultation\",\n" +
        "  \"timeZone\": \"Asia/Bangkok\",\n" +
        "  \"rules\": { \"chathamHouse\": true, \"recorded\": false, \"onePersonPerOrganization\": \"off\", \"adoption\": \"consensus\" },\n" +
        "  \"clusters\": [{ \"number\": 1, \"title\": \"Pathways\", \"objectives\": [2, 5] }],\n" +
        "  \"days\": [\n" +
        "    {\n" +
        "      \"date\": \"2027-05-04\", \"items\": [\n" +
        "        " + items + "\n" +
        "      ] }\n" +
        "  ],\n" +
        "  \"expectedOutcomes\": { \"statements\": " + statements + " }\n" +
        "}\n";

    [Theory]
    [MemberData(nameof(Problems))]
    public async Task Every_problem_names_its_field_and_line_and_nothing_is_saved(string json, string expected, string line)
    {
        var before = await CountsAsync();

        var refused = await Assert.ThrowsAsync<DefinitionException>(() => ImportAsync(json));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.Contains(line, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_valid_small_definition_imports_and_its_statement_exists()
    {
        var id = await ImportAsync(Definition());

        Assert.Equal(23, (await LoadAsync(id)).Objectives.Count);
        Assert.Equal(1, await _app.QueryAsync(db => db.Statements.CountAsync(s => s.ConsultationId == id && s.ClusterNumber == 1)));
    }

    [Fact]
    public async Task Only_administrators_create_consultations_and_only_organisers_re_import_or_export()
    {
        var demo = await _app.ConsultationIdAsync();
        await Assert.ThrowsAsync<AccessDeniedException>(() => ImportAsync(Definition(), email: "participant1@example.org"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => ImportAsync(Definition(), email: "cohost1@example.org"));
        var exported = (await ExportAsync(demo))!;
        await Assert.ThrowsAsync<AccessDeniedException>(() => ImportAsync(exported, onto: demo, email: "cohost1@example.org"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.SendAsAsync("observer@example.org", m => m.Send(new ExportConsultation(demo))));
    }

    [Fact]
    public async Task A_co_host_seated_in_two_sessions_cannot_be_made_to_be_in_both_at_once()
    {
        var demo = await _app.ConsultationIdAsync();
        var definition = JsonNode.Parse((await ExportAsync(demo))!)!;
        // cohost1 co-hosts every session of cluster 1 (d1-2 on day 1 and its day 2 session): put day 2's on day 1 at the same time as d1-2.
        var day2 = definition["days"]![1]!["items"]!.AsArray();
        var cluster1 = day2.First(i => (int?)i!["cluster"] == 1)!;
        day2.Remove(cluster1);
        cluster1["start"] = "09:10";
        cluster1["end"] = "10:30";
        definition["days"]![0]!["items"]!.AsArray().Add(cluster1);

        var refused = await Assert.ThrowsAsync<DefinitionException>(() => ImportAsync(definition.ToJsonString(), onto: demo));

        Assert.Contains("same time", refused.Message, StringComparison.Ordinal);
    }

    private Task<(int Consultations, int Clusters, int Items, int Slots, int Statements)> CountsAsync() => _app.QueryAsync(async db =>
        (await db.Consultations.CountAsync(), await db.Set<Cluster>().CountAsync(), await db.Set<AgendaItem>().CountAsync(), await db.Set<SpeakerSlot>().CountAsync(), await db.Statements.CountAsync()));
}
