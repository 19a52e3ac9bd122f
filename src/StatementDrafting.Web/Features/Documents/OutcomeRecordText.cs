using System.Globalization;
using System.Net;
using System.Text;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>The outcome record as print-ready HTML, and the words and fields every format of it shares.</summary>
public static class OutcomeRecordText
{
    public const string Title = "Outcome record";

    public const string SlateHeading = "The speakers' slate";

    public const string TallyCaption = "Final counts";

    public static readonly IReadOnlyList<string> TallyHeaders = ["Support", "Can live with", "Objections", "Eligible"];

    public static readonly IReadOnlyList<string> SpeakerHeaders = ["Place", "Name", "Organisation", "Stakeholder category, country, region, gender"];

    /// <summary>A statement's fields in the order shown, leaving out those it does not have (a draft has only its result).</summary>
    public static IEnumerable<(string Label, string Value)> FieldsOf(OutcomeRecordStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        yield return ("Result", statement.Result);
        if (statement.Decided is { } decided)
        {
            yield return ("Date of the decision", decided);
        }

        if (statement.Rule is { } rule)
        {
            yield return ("Rule", rule);
        }

        if (statement.Explanation is { Length: > 0 } explanation)
        {
            yield return ("Decision", explanation);
        }

        if (statement.Revision is { } revision)
        {
            yield return (statement.Tally is null ? "Revision put to the plenary" : "Revision decided on", revision.ToString(CultureInfo.InvariantCulture));
        }

        if (statement.Fingerprint is { } fingerprint)
        {
            yield return ("Fingerprint (SHA-256)", fingerprint);
        }
    }

    /// <summary>The slate's fields: where it stands, places filled and, once approved, when and its fingerprint.</summary>
    public static IEnumerable<(string Label, string Value)> FieldsOf(OutcomeRecordSlate slate)
    {
        ArgumentNullException.ThrowIfNull(slate);
        yield return ("Where it stands", slate.Stage);
        yield return ("Places filled", string.Create(CultureInfo.InvariantCulture, $"{slate.Filled} of {slate.Places}"));
        if (slate.ApprovedOn is { } on)
        {
            yield return ("Approved on", on);
        }

        if (slate.Fingerprint is { } fingerprint)
        {
            yield return ("Fingerprint (SHA-256)", fingerprint);
        }
    }

    /// <summary>The warning when the slate as it stands is not the one approved; null when it is.</summary>
    public static string? SlateChanged(OutcomeRecordSlate slate) =>
        slate is { Approved: true, Unchanged: false } ? "The slate as it stands differs from the one approved: ask the organisers." : null;

    public static IReadOnlyList<string> CountsOf(OutcomeTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return [.. new[] { tally.Support, tally.CanLiveWith, tally.Objections, tally.Eligible }.Select(n => n.ToString(CultureInfo.InvariantCulture))];
    }

    public static IReadOnlyList<string> CellsOf(OutcomeRecordSpeaker speaker)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        return [speaker.Position.ToString(CultureInfo.InvariantCulture), speaker.Name, speaker.Organisation, speaker.Details];
    }

    /// <summary>A whole HTML document with the print stylesheet; every value from the record is HTML-encoded.</summary>
    public static string Html(OutcomeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode($"{Title}: {record.Consultation}")).Append("</title>\n<style>\n")
            .Append(StatementText.PrintStyle).Append(RecordStyle).Append("</style>\n</head>\n<body>\n<header>\n<h1>").Append(Title).Append("</h1>\n")
            .Append("<p class=\"context\">").Append(Encode(record.Consultation)).Append("</p>\n")
            .Append("<p class=\"stamp\">Generated on ").Append(Encode(record.Generated)).Append("</p>\n</header>\n<main>\n");
        foreach (var statement in record.Statements)
        {
            html.Append("<section class=\"outcome\">\n<h2>").Append(Encode(statement.Title)).Append("</h2>\n<p class=\"context\">").Append(Encode(statement.Cluster)).Append("</p>\n");
            Fields(html, FieldsOf(statement));
            if (statement.Tally is { } tally)
            {
                Table(html, "tally", TallyCaption, TallyHeaders, [CountsOf(tally)]);
            }

            html.Append("</section>\n");
        }

        var slate = record.Slate;
        html.Append("<section class=\"outcome\">\n<h2>").Append(Encode(SlateHeading)).Append("</h2>\n");
        Fields(html, FieldsOf(slate));
        foreach (var slot in slate.Speakers.GroupBy(s => s.Slot))
        {
            Table(html, "speakers", slot.Key, SpeakerHeaders, [.. slot.Select(CellsOf)]);
        }

        if (SlateChanged(slate) is { } warning)
        {
            html.Append("<p class=\"warning\">").Append(Encode(warning)).Append("</p>\n");
        }

        return html.Append("</section>\n</main>\n</body>\n</html>\n").ToString();
    }

    private static void Fields(StringBuilder html, IEnumerable<(string Label, string Value)> fields)
    {
        html.Append("<dl>\n");
        foreach (var (label, value) in fields)
        {
            html.Append("<dt>").Append(Encode(label)).Append("</dt> <dd").Append(label.StartsWith("Fingerprint", StringComparison.Ordinal) ? " class=\"fingerprint\"" : string.Empty)
                .Append('>').Append(Encode(value)).Append("</dd>\n");
        }

        html.Append("</dl>\n");
    }

    /// <summary>A table with its caption, its column headers (<c>scope="col"</c>) and its rows.</summary>
    private static void Table(StringBuilder html, string kind, string caption, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        html.Append("<table class=\"").Append(kind).Append("\">\n<caption>").Append(Encode(caption)).Append("</caption>\n<thead>\n<tr>");
        foreach (var header in headers)
        {
            html.Append("<th scope=\"col\">").Append(Encode(header)).Append("</th>");
        }

        html.Append("</tr>\n</thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(Encode(cell)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string RecordStyle = """
        h2 { font-size: 1.25em; margin: 1.6em 0 .2em; }
        .outcome { break-inside: avoid; page-break-inside: avoid; }
        dl { margin: .6em 0; }
        dt { display: inline; font-weight: bold; white-space: nowrap; }
        dt::after { content: ":"; }
        dd { display: inline; margin: 0; }
        dd::after { content: ""; display: block; }
        .fingerprint { font-family: "DejaVu Sans Mono", monospace; font-size: .8em; overflow-wrap: break-word; }
        table { border-collapse: collapse; width: 100%; margin: .6em 0 1em; font-size: .95em; }
        caption { text-align: left; font-weight: bold; margin-bottom: .3em; }
        th, td { border: 1px solid #888; padding: .25em .5em; text-align: left; vertical-align: top; }
        thead { display: table-header-group; }
        .speakers tr > :first-child { width: 3em; }
        .speakers tr > :nth-child(2), .speakers tr > :nth-child(3) { width: 28%; }
        .warning { font-weight: bold; }

        """;
}
