using System.Runtime.CompilerServices;
using StatementDrafting.Domain.Sources;
using StatementDrafting.Web.Features.Sources;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>
/// Source material is working material of those who hold the pen for the cluster: its co-hosts and the organisers
/// upload, read and pull it; co-hosts of other clusters, participants and observers do none of it.
/// </summary>
public sealed class SourceCases : AuthorisationCases
{
    private static readonly Actor[] Drafters = [Actor.Organiser, Actor.CoHostOfThisSession];
    private static readonly ConditionalWeakTable<MatrixWorld, StrongBox<int>> Paragraphs = [];

    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var (consultation, statement) = (world.ConsultationId, world.StatementId);

        // Stored now, before any call is checked, so that storing it is not taken for a refused call storing something.
        var paragraph = SourceParagraphOf(world);
        var report = "## Objective 2: Drivers\n\n### Recommendations\n\n1. A matrix recommendation.\n"u8.ToArray();
        yield return AuthorisationCase.For(() => new PreviewSourceReport(consultation, 1, "matrix.md", report), Drafters);
        yield return AuthorisationCase.For(() => new SaveSourceReport(consultation, 1, "no-such-preview", "Matrix report"), Drafters);
        yield return AuthorisationCase.For(() => new SearchSources(consultation, 1, 2, SubsectionKind.Recommendations, "matrix"), Drafters);
        yield return AuthorisationCase.For(() => new PullSourceParagraph(statement, paragraph, null, PullAs.Amendment), Drafters);
        yield return AuthorisationCase.For(() => new GetStatementSources(statement), Drafters);
    }

    private static int SourceParagraphOf(MatrixWorld world)
    {
        var box = Paragraphs.GetValue(world, w => new StrongBox<int>(w.App.QueryAsync(async db =>
        {
            var document = SourceParser.ParseText("## Objective 2: Drivers\n\n### Recommendations\n\n1. A stored matrix recommendation.\n");
            var report = SourceReport.From(w.ConsultationId, 1, "Matrix report", "matrix.md", document, null, DateTimeOffset.UtcNow);
            db.SourceReports.Add(report);
            await db.SaveChangesAsync();
            return report.Paragraphs[0].Id;
        }).GetAwaiter().GetResult()));
        return box.Value;
    }
}
