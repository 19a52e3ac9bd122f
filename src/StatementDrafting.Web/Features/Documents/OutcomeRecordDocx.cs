using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>
/// The outcome record as a Word document: the statements' package (styles, title block, A4), each statement under a
/// Heading 1 with its fields, its final counts in a Word table with a repeating header row, then the slate, its
/// speakers in a table per slot. Every value is a plain text run: nothing in a title can become a field, a link or markup.
/// </summary>
public static class OutcomeRecordDocx
{
    public static byte[] Write(OutcomeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var heading = new ExportedStatement(OutcomeRecordText.Title, [record.Consultation], $"Generated on {record.Generated}", []);
        return StatementDocx.Package(heading, (_, body) =>
        {
            foreach (var statement in record.Statements)
            {
                body.Append(StatementDocx.Paragraph(BlockKind.Heading, 1, [StatementDocx.Plain(statement.Title)]));
                body.Append(StatementDocx.Styled("Subtitle", [StatementDocx.Plain(statement.Cluster)]));
                foreach (var (label, value) in OutcomeRecordText.FieldsOf(statement))
                {
                    body.Append(Field(label, value));
                }

                if (statement.Tally is { } tally)
                {
                    body.Append(StatementDocx.Styled("Normal", [Bold($"{OutcomeRecordText.TallyCaption}:")]));
                    body.Append(Table(OutcomeRecordText.TallyHeaders, [[.. OutcomeRecordText.CountsOf(tally)]]));
                }
            }

            var slate = record.Slate;
            body.Append(StatementDocx.Paragraph(BlockKind.Heading, 1, [StatementDocx.Plain(OutcomeRecordText.SlateHeading)]));
            foreach (var (label, value) in OutcomeRecordText.FieldsOf(slate))
            {
                body.Append(Field(label, value));
            }

            foreach (var slot in slate.Speakers.GroupBy(s => s.Slot))
            {
                body.Append(StatementDocx.Styled("Normal", [Bold($"{slot.Key}:")]));
                body.Append(Table(OutcomeRecordText.SpeakerHeaders, [.. slot.Select(OutcomeRecordText.CellsOf)]));
            }

            if (OutcomeRecordText.SlateChanged(slate) is { } warning)
            {
                body.Append(StatementDocx.Styled("Normal", [Bold(warning)]));
            }

            if (body.LastChild is Table)
            {
                body.Append(StatementDocx.Styled("Normal", [])); // Word ends a document on a paragraph, never on a table
            }
        });
    }

    /// <summary>"Result: Adopted by consensus", the label in bold.</summary>
    private static Paragraph Field(string label, string value) => StatementDocx.Styled("Normal", [Bold($"{label}: "), StatementDocx.Plain(value)]);

    private static Run Bold(string text) => new(new RunProperties(new Bold()), new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    /// <summary>A full-width table with single borders: the header row in bold, repeated on each page, then the rows; each cell one plain paragraph.</summary>
    private static Table Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        const int Width = 9026; // the A4 text width between 1-inch margins, in twentieths of a point
        var column = Width / headers.Count;
        var width = column.ToString(CultureInfo.InvariantCulture);
        static BorderType Line<TBorder>()
            where TBorder : BorderType, new() => new TBorder { Val = BorderValues.Single, Size = 4U, Space = 0U, Color = "808080" };
        var table = new Table(new TableProperties(
            new TableWidth { Width = Width.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(Line<TopBorder>(), Line<LeftBorder>(), Line<BottomBorder>(), Line<RightBorder>(), Line<InsideHorizontalBorder>(), Line<InsideVerticalBorder>()),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid([.. headers.Select(_ => new GridColumn { Width = width })]));
        table.Append(Row(headers, header: true, width));
        foreach (var row in rows)
        {
            table.Append(Row(row, header: false, width));
        }

        return table;
    }

    private static TableRow Row(IEnumerable<string> cells, bool header, string width)
    {
        var row = new TableRow();
        if (header)
        {
            row.Append(new TableRowProperties(new TableHeader()));
        }

        foreach (var text in cells)
        {
            var paragraph = new Paragraph(new ParagraphProperties(new SpacingBetweenLines { Before = "40", After = "40" }), header ? Bold(text) : StatementDocx.Plain(text));
            row.Append(new TableCell(new TableCellProperties(new TableCellWidth { Width = width, Type = TableWidthUnitValues.Dxa }), paragraph));
        }

        return row;
    }
}
