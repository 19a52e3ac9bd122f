using StatementDrafting.Domain.Sources;

namespace StatementDrafting.Domain.Tests.Sources;

public sealed class SourceReportTests
{
    private static readonly DateTimeOffset At = new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_stored_report_keeps_every_paragraph_in_order_with_its_place_and_footnotes()
    {
        var document = SourceParser.ParseText(SourceParserTests.Fixture("report-of-consultation-4.md"));

        var report = SourceReport.From(7, 1, "  Report of consultation 4 ", "/tmp/uploads/report.md", document, "user-1", At);

        Assert.Equal("Report of consultation 4", report.Title);
        Assert.Equal("report.md", report.FileName);
        Assert.Equal(45, report.Paragraphs.Count);
        Assert.Equal(Enumerable.Range(0, 45), report.Paragraphs.Select(p => p.Position));
        Assert.Equal(4, report.Footnotes.Count);
        var paragraph = report.Paragraphs.Single(p => p.Number == 42);
        Assert.Equal([4], paragraph.Footnotes);
        Assert.Equal(SubsectionKind.Recommendations, paragraph.SubsectionKind);
        Assert.Equal(6, paragraph.ObjectiveNumber);
    }

    [Fact]
    public void A_paragraph_is_cited_by_report_subsection_objective_and_number()
    {
        var document = SourceParser.ParseText(SourceParserTests.Fixture("report-of-consultation-4.md"));
        var report = SourceReport.From(7, 1, "Report of consultation 4", "report.md", document, null, At);

        Assert.Equal("Report of consultation 4, recommendations on objective 6, ¶42", report.Paragraphs.Single(p => p.Number == 42).Citation(report.Title));
        Assert.Equal("Report of consultation 4, specific challenges created by COVID-19 on objective 5, ¶19", report.Paragraphs.Single(p => p.Number == 19).Citation(report.Title));
        Assert.Equal("Report of consultation 4", report.Paragraphs[0].Citation(report.Title));
    }

    [Fact]
    public void A_report_without_paragraphs_or_title_is_refused()
    {
        var empty = SourceParser.ParseText("\n\n");
        Assert.Contains("no paragraphs", Assert.Throws<DomainException>(() => SourceReport.From(7, 1, "Report", "a.md", empty, null, At)).Message, StringComparison.Ordinal);

        var document = SourceParser.ParseText("1. One.");
        Assert.Contains("title", Assert.Throws<DomainException>(() => SourceReport.From(7, 1, " ", "a.md", document, null, At)).Message, StringComparison.Ordinal);
    }
}
