using StatementDrafting.Domain.Sources;

namespace StatementDrafting.Domain.Tests.Sources;

/// <summary>The report fixtures (written for these tests) in Markdown and plain text, and the parser's rules one by one.</summary>
public sealed class SourceParserTests
{
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sources", "Fixtures", name));

    public static TheoryData<string, string> Reports => new()
    {
        { "report-of-consultation-4.md", "Report of the fourth regional stakeholder consultation" },
        { "report-of-consultation-4.txt", "REPORT OF THE FOURTH REGIONAL STAKEHOLDER CONSULTATION" },
    };

    [Theory]
    [MemberData(nameof(Reports))]
    public void A_report_splits_into_its_sections_subsections_numbered_paragraphs_and_footnotes(string fixture, string title)
    {
        var report = SourceParser.ParseText(Fixture(fixture));

        Assert.Equal(title, report.Title);
        Assert.Empty(report.Warnings);

        // The introduction (no heading of its own) and one section per objective.
        Assert.Equal(4, report.Sections.Count);
        Assert.Null(report.Sections[0].Title);
        var introduction = Assert.Single(Assert.Single(report.Sections[0].Subsections).Paragraphs);
        Assert.Null(introduction.Number);
        Assert.StartsWith("This report sums up", introduction.Text, StringComparison.Ordinal);
        Assert.Equal([2, 5, 6], report.Sections.Skip(1).Select(s => s.ObjectiveNumber!.Value));
        Assert.Equal("Objective 5: Enhance availability and flexibility of pathways for regular migration", report.Sections[2].Title);

        // Four sub-sections under each objective, in the report's order.
        SubsectionKind[] kinds = [SubsectionKind.KeyChallenges, SubsectionKind.CovidChallenges, SubsectionKind.GoodPractices, SubsectionKind.Recommendations];
        foreach (var section in report.Sections.Skip(1))
        {
            Assert.Equal(kinds, section.Subsections.Select(s => s.Kind));
            Assert.Equal("Specific challenges created by COVID-19", section.Subsections[1].Title);
        }

        Assert.Equal(12, report.SubsectionCount);
        Assert.Equal([4, 3, 3, 4, 4, 3, 3, 4, 4, 3, 4, 5], report.Sections.Skip(1).SelectMany(s => s.Subsections).Select(s => s.Paragraphs.Count));

        // 44 numbered paragraphs in every form the report uses (1., - 15., 29), (40)), numbered 1 to 44.
        Assert.Equal(45, report.ParagraphCount);
        Assert.Equal(44, report.NumberedParagraphCount);
        Assert.Equal(Enumerable.Range(1, 44), report.Entries.Where(e => e.Paragraph.Number is not null).Select(e => e.Paragraph.Number!.Value));

        // Wrapped lines join their paragraph; numbers and footnote markers leave the text.
        var byNumber = report.Entries.Where(e => e.Paragraph.Number is not null).ToDictionary(e => e.Paragraph.Number!.Value);
        Assert.Equal("Rural households facing repeated crop failure have few options other than sending a family member abroad.", byNumber[1].Paragraph.Text);
        Assert.Equal("Regular pathways are few, expensive and slow, which pushes people towards irregular routes.", byNumber[15].Paragraph.Text);
        Assert.Equal("Data on climate-related displacement is scattered across ministries and seldom shared with civil society.", byNumber[3].Paragraph.Text);
        Assert.Equal("States should ban recruitment fees and related costs for workers, and enforce the ban.", byNumber[40].Paragraph.Text);
        Assert.Equal(SubsectionKind.Recommendations, byNumber[46 - 4].Subsection.Kind);
        Assert.Equal(6, byNumber[42].Section.ObjectiveNumber);
        Assert.All(report.Entries, e => Assert.DoesNotMatch(@"^[-(]?\s*\d|\[\^|[¹²³⁴]", e.Paragraph.Text));

        // Footnotes apart, each linked from the paragraph that refers to it.
        Assert.Equal([1, 2, 3, 4], report.Footnotes.Select(f => f.Number));
        Assert.Equal("Based on case files shared by two legal aid organisations.", report.Footnotes[2].Text);
        Assert.Equal([(3, 1), (16, 2), (31, 3), (42, 4)], report.Entries.Where(e => e.Paragraph.Footnotes.Count > 0).Select(e => (e.Paragraph.Number!.Value, Assert.Single(e.Paragraph.Footnotes))));
    }

    [Theory]
    [InlineData("28. States should act.", 28, "States should act.")]
    [InlineData("- 28. States should act.", 28, "States should act.")]
    [InlineData("* 28. States should act.", 28, "States should act.")]
    [InlineData("• 7) States should act.", 7, "States should act.")]
    [InlineData("28) States should act.", 28, "States should act.")]
    [InlineData("(28) States should act.", 28, "States should act.")]
    [InlineData("  112.   States should act.", 112, "States should act.")]
    public void Numbered_paragraphs_are_recognised_in_every_usual_form(string line, int number, string text)
    {
        Assert.Equal((number, text), SourceParser.NumberedLine(line));
    }

    [Theory]
    [InlineData("2020 was the year the borders closed.")]
    [InlineData("28 organisations took part.")]
    [InlineData("1.5 million people moved.")]
    [InlineData("- States should act.")]
    public void Lines_that_only_start_with_a_number_are_not_numbered_paragraphs(string line)
    {
        Assert.Null(SourceParser.NumberedLine(line));
    }

    [Fact]
    public void Text_without_any_structure_comes_in_as_plain_paragraphs_with_a_warning()
    {
        var report = SourceParser.ParseText("""
            The participants met over two days and spoke about many things.
            Some of them came from far away.

            Everyone agreed that the meeting was useful.
            """);

        var section = Assert.Single(report.Sections);
        Assert.Null(section.Title);
        Assert.Equal(
            ["The participants met over two days and spoke about many things. Some of them came from far away.", "Everyone agreed that the meeting was useful."],
            section.Paragraphs.Select(p => p.Text));
        Assert.All(section.Paragraphs, p => Assert.Null(p.Number));
        Assert.False(report.HasStructure);
        Assert.Contains("2 plain paragraphs", Assert.Single(report.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Gaps_and_repeats_in_the_numbering_and_missing_footnotes_are_warned_about()
    {
        var report = SourceParser.ParseText("""
            ## Objective 7: Address and reduce vulnerabilities in migration

            1. First point.

            2. Second point[^9].

            5. Fifth point.

            4. Fourth point.
            """);

        Assert.Equal(
            [
                "¶5 follows ¶2 (in \"Objective 7: Address and reduce vulnerabilities in migration\"): ¶3 to ¶4 are missing.",
                "¶4 comes after ¶5 (in \"Objective 7: Address and reduce vulnerabilities in migration\"): check the numbering.",
                "Footnote 9 is referred to but not given in the file.",
            ],
            report.Warnings);
        Assert.Equal(7, Assert.Single(report.Sections).ObjectiveNumber);
    }

    [Fact]
    public void A_numbering_that_starts_again_in_each_section_is_not_a_problem()
    {
        var report = SourceParser.ParseText("""
            OBJECTIVE 2

            1. One.

            2. Two.

            OBJECTIVE 5

            1. One again.
            """);

        Assert.Empty(report.Warnings);
        Assert.Equal(["OBJECTIVE 2", "OBJECTIVE 5"], report.Sections.Select(s => s.Title));
        Assert.Equal([2, 5], report.Sections.Select(s => s.ObjectiveNumber!.Value));
        Assert.Null(report.Title);
    }

    [Fact]
    public void Headings_below_a_section_that_name_no_known_subsection_are_other_subsections()
    {
        var report = SourceParser.ParseText("""
            ## Objective 16: Empower migrants and societies to realize full inclusion and social cohesion

            ### Voices from the working group

            1. Inclusion starts in schools.

            ### Recommendations:

            2. Teach the languages of newcomers.
            """);

        var section = Assert.Single(report.Sections);
        Assert.Equal([("Voices from the working group", SubsectionKind.Other), ("Recommendations", SubsectionKind.Recommendations)], section.Subsections.Select(s => (s.Title!, s.Kind)));
    }

    [Fact]
    public void Word_list_numbers_and_heading_levels_are_taken_as_given()
    {
        SourceLine[] lines =
        [
            new("Objective 3: Provide accurate and timely information at all stages of migration", 1),
            new("Good practices", 2),
            new("A city office answers questions in nine languages.", ListNumber: 12),
            SourceLine.Break,
            new("A radio programme for workers abroad runs weekly.", ListNumber: 13),
        ];

        var report = SourceParser.Parse(lines);

        var subsection = Assert.Single(Assert.Single(report.Sections).Subsections);
        Assert.Equal(SubsectionKind.GoodPractices, subsection.Kind);
        Assert.Equal([12, 13], subsection.Paragraphs.Select(p => p.Number!.Value));
        Assert.Equal(3, report.Sections[0].ObjectiveNumber);
    }

    [Fact]
    public void A_bullet_starts_a_paragraph_of_its_own_and_a_notes_section_in_the_middle_stays_a_section()
    {
        var report = SourceParser.ParseText("""
            ## Notes

            - The group met twice.
            - It heard from three speakers.

            ## Objective 1: Collect and utilize accurate and disaggregated data as a basis for evidence-based policies

            1. Data is missing.
            """);

        Assert.Equal(["Notes", "Objective 1: Collect and utilize accurate and disaggregated data as a basis for evidence-based policies"], report.Sections.Select(s => s.Title));
        Assert.Equal(["The group met twice.", "It heard from three speakers."], report.Sections[0].Paragraphs.Select(p => p.Text));
        Assert.Empty(report.Footnotes);
    }

    [Theory]
    [InlineData("Objective 3: Provide accurate information", 3)]
    [InlineData("GCM objective no. 21 - Return", 21)]
    [InlineData("Cooperation on return (objective 21)", 21)]
    [InlineData("Cluster 1", null)]
    public void A_section_heading_names_its_objective(string heading, int? objective)
    {
        Assert.Equal(objective, SourceParser.ObjectiveOf(heading));
    }
}
