using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Amendments;

namespace StatementDrafting.Web.Tests.Infrastructure;

/// <summary>The demo comes with a realistic set of amendments; the accepted ones are in the text, applied as labelled changes.</summary>
public sealed class DemoAmendmentsTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_demo_has_open_supported_accepted_modified_rejected_withdrawn_and_merged_amendments_and_the_accepted_ones_are_in_the_text()
    {
        _app.CreateClient();
        var amendments = await _app.QueryAsync(db => db.Amendments.AsNoTracking().ToListAsync());

        var statuses = amendments.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(statuses.GetValueOrDefault(AmendmentStatus.Open) >= 5, "open amendments");
        Assert.True(statuses.GetValueOrDefault(AmendmentStatus.Accepted) >= 2, "accepted amendments");
        Assert.True(statuses.GetValueOrDefault(AmendmentStatus.Rejected) >= 2, "rejected amendments");
        Assert.Equal(1, statuses.GetValueOrDefault(AmendmentStatus.Withdrawn));
        Assert.Equal(1, statuses.GetValueOrDefault(AmendmentStatus.Merged));
        Assert.Contains(amendments, a => a.SupportCount > 1);
        Assert.Equal(4, amendments.Select(a => a.StatementId).Distinct().Count());

        Assert.Equal(1, statuses.GetValueOrDefault(AmendmentStatus.AcceptedWithModifications));
        foreach (var accepted in amendments.Where(a => a.Status is AmendmentStatus.Accepted or AmendmentStatus.AcceptedWithModifications))
        {
            var text = await _app.QueryAsync(db => db.Statements.Where(s => s.Id == accepted.StatementId)
                .SelectMany(s => s.Blocks).Where(b => b.Id == Domain.Statements.BlockId.Parse(accepted.BlockId)).Select(b => b.Text).SingleAsync());
            Assert.Equal(accepted.ProposedText, text);
            var label = await _app.QueryAsync(db => db.StatementChanges.Where(c => c.StatementId == accepted.StatementId && c.Revision == accepted.AppliedRevision).Select(c => c.Label).SingleAsync());
            Assert.Equal($"A{accepted.Number}", label);
        }
    }
}
