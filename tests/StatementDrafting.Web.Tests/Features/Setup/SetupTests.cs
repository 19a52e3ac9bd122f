using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Setup;
using StatementDrafting.Web.Infrastructure.Authorisation;

namespace StatementDrafting.Web.Tests.Features.Setup;

/// <summary>Setting up a consultation from scratch, one change at a time, with the checks of a definition.</summary>
public sealed class SetupTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    private Task<Mediator.Unit> EditAsync(int id, DefinitionEdit edit, string email = People.Organiser) =>
        _app.SendAsAsync(email, m => m.Send(new EditConsultation(id, edit)));

    private Task<ConsultationDefinition> DefinitionAsync(int id) => _app.SendAsAsync(People.Organiser, async m => (await m.Send(new GetConsultationDefinition(id)))!);

    [Fact]
    public async Task An_administrator_sets_up_a_consultation_from_scratch_cluster_day_session_groups_and_slot()
    {
        var id = await _app.SendAsAsync(People.Organiser, m => m.Send(new CreateConsultation("Regional review, 2027", "Asia/Bangkok")));

        await EditAsync(id, new SaveCluster(1, "Pathways", [2, 5, 6]));
        await EditAsync(id, new AddDay("2027-03-02"));
        await EditAsync(id, new SaveItem(null, 0, AgendaItemKind.Plenary, "Opening", "09:00", "09:15", null, []));
        await EditAsync(id, new SaveItem(null, 0, AgendaItemKind.Parallel, "Session on pathways", "09:15", "10:45", 1, ["Migrant Forum in Asia"]));
        var session = (await DefinitionAsync(id)).Days[0].Items.Single(i => i.Kind == AgendaItemKind.Parallel);
        await EditAsync(id, new SetWorkingGroups(session.Id, [new("Group A", 1, [2, 5]), new("Group B", 1, [6])]));
        await EditAsync(id, new SaveSpeakerSlot(null, "roundtable", 4, 2, null));

        var definition = await DefinitionAsync(id);
        Assert.Equal(["d1-1", "d1-2"], definition.Days[0].Items.Select(i => i.Id));
        Assert.Equal(["Group A", "Group B"], definition.Days[0].Items[1].WorkingGroups!.Select(g => g.Name));
        Assert.Equal(("roundtable", 4, (int?)2), (definition.SpeakerSlots![0].Kind, definition.SpeakerSlots[0].Count, definition.SpeakerSlots[0].MinutesEach));
        var statements = await _app.QueryAsync(db => db.Statements.Where(s => s.ConsultationId == id).Select(s => new { s.Kind, s.ClusterNumber }).ToListAsync());
        Assert.Contains(statements, s => s.Kind == StatementKind.Common && s.ClusterNumber == 1);
        Assert.Contains(statements, s => s.Kind == StatementKind.Opening);
        Assert.True((await _app.ParticipationOfAsync(People.Organiser, id)).IsOrganiser);

        // Changing the session keeps its id and its working groups.
        await EditAsync(id, new SaveItem(session.Id, 0, AgendaItemKind.Parallel, "Session on pathways", "09:30", "11:00", 1, ["Migrant Forum in Asia"]));
        var changed = (await DefinitionAsync(id)).Days[0].Items.Single(i => i.Id == session.Id);
        Assert.Equal(("09:30", 2), (changed.Start, changed.WorkingGroups!.Count));
    }

    public static TheoryData<DefinitionEdit, string> Refusals => new()
    {
        { new SaveItem(null, 0, AgendaItemKind.Parallel, "Clash", "10:00", "11:00", 1, []), "a cluster meets in one session at a time" },
        { new SaveItem(null, 0, AgendaItemKind.Plenary, "Backwards", "11:00", "10:00", null, []), "ends before it starts" },
        { new SaveItem(null, 0, AgendaItemKind.Parallel, "Nowhere", "12:00", "13:00", null, []), "needs a cluster" },
        { new SaveCluster(9, "Overlapping", [2]), "belong to another cluster" },
        { new SetWorkingGroups("d1-1", [new("Outside", 1, [4])]), "outside the session's cluster" },
        { new RemoveCluster(1), "has a statement" },
        { new RemoveLastDay(), "still has agenda items" },
        { new SaveSpeakerSlot(null, "Roundtable", 2, null, null), "already" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_change_that_breaks_a_rule_is_refused_whole_with_its_reason(DefinitionEdit edit, string reason)
    {
        var id = await _app.SendAsAsync(People.Organiser, m => m.Send(new CreateConsultation("Small", "Asia/Bangkok")));
        await EditAsync(id, new SaveCluster(1, "Pathways", [2, 5, 6]));
        await EditAsync(id, new AddDay("2027-03-02"));
        await EditAsync(id, new SaveItem(null, 0, AgendaItemKind.Parallel, "Session", "09:15", "10:45", 1, []));
        await EditAsync(id, new SaveSpeakerSlot(null, "roundtable", 4, 2, null));
        var before = await DefinitionAsync(id);

        var refused = await Assert.ThrowsAnyAsync<DomainException>(() => EditAsync(id, edit));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        var after = await DefinitionAsync(id);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(before, ConsultationDefinition.Json), System.Text.Json.JsonSerializer.Serialize(after, ConsultationDefinition.Json));
    }

    [Fact]
    public async Task Only_organisers_change_the_set_up_and_only_administrators_create()
    {
        var demo = await _app.ConsultationIdAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => EditAsync(demo, new SaveSpeakerSlot(null, "extra", 1, null, null), "cohost1@example.org"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => EditAsync(demo, new SaveSpeakerSlot(null, "extra", 1, null, null), "participant1@example.org"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.SendAsAsync("cohost1@example.org", m => m.Send(new CreateConsultation("Mine", "Asia/Bangkok"))));
        await EditAsync(demo, new SaveSpeakerSlot(null, "extra", 1, null, null));
        Assert.Contains((await DefinitionAsync(demo)).SpeakerSlots!, s => s.Kind == "extra");
    }
}
