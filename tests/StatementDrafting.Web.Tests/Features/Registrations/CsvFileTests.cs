using System.Text;
using StatementDrafting.Web.Features.Registrations;

namespace StatementDrafting.Web.Tests.Features.Registrations;

public sealed class CsvFileTests
{
    private static CsvTable Read(string text) => CsvFile.Read(Encoding.UTF8.GetBytes(text));

    private static string Refusal(string text) => Assert.Throws<CsvFormatException>(() => Read(text)).Message;

    [Fact]
    public void A_plain_comma_separated_file_gives_its_headers_and_rows_with_spreadsheet_row_numbers()
    {
        var table = Read("Name,Email\nAna Leota,ana@example.org\nSione Latu,sione@example.org\n");

        Assert.Equal(["Name", "Email"], table.Headers);
        Assert.Equal(',', table.Separator);
        Assert.Equal([2, 3], table.Rows.Select(r => r.Number));
        Assert.Equal(["Sione Latu", "sione@example.org"], table.Rows[1].Fields);
    }

    [Fact]
    public void A_byte_order_mark_is_not_part_of_the_first_header()
    {
        var table = CsvFile.Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Name;Email\r\nAna;ana@example.org\r\n")]);

        Assert.Equal("Name", table.Headers[0]);
        Assert.Equal(';', table.Separator);
        Assert.Equal(["Ana", "ana@example.org"], table.Rows[0].Fields);
    }

    [Fact]
    public void Semicolon_files_keep_commas_inside_fields()
    {
        var table = Read("Name;Organisation\nAna;Ocean Villages, Relocation Council\n");

        Assert.Equal("Ocean Villages, Relocation Council", table.Rows[0][1]);
    }

    [Fact]
    public void A_header_with_a_quoted_comma_does_not_make_the_file_look_comma_separated()
    {
        var table = Read("\"Name, as in passport\";Email;Organisation\nAna;ana@example.org;Council\n");

        Assert.Equal(';', table.Separator);
        Assert.Equal(["Name, as in passport", "Email", "Organisation"], table.Headers);
    }

    [Fact]
    public void Quoted_fields_hold_separators_doubled_quotation_marks_and_line_breaks()
    {
        var table = Read("Name,Organisation,Note\r\n\"Leota, Ana\",\"The \"\"Ocean\"\" Council\",\"line one\r\nline two\nline three\"\r\nSione,Forum,\"\"\r\n");

        Assert.Equal(["Leota, Ana", "The \"Ocean\" Council", "line one\r\nline two\nline three"], table.Rows[0].Fields);
        Assert.Equal(["Sione", "Forum", ""], table.Rows[1].Fields);
        Assert.Equal([2, 3], table.Rows.Select(r => r.Number));
    }

    [Fact]
    public void Blank_rows_are_left_out_but_still_count_for_row_numbers()
    {
        var table = Read("Name,Email\n\nAna,ana@example.org\n,\n   ,  \nSione,sione@example.org");

        Assert.Equal([3, 6], table.Rows.Select(r => r.Number));
    }

    [Fact]
    public void Missing_trailing_fields_read_as_empty()
    {
        var table = Read("Name,Email,Region\nAna\n");

        Assert.Equal("Ana", table.Rows[0][0]);
        Assert.Equal(string.Empty, table.Rows[0][2]);
    }

    [Fact]
    public void Old_mac_line_endings_separate_rows_too()
    {
        var table = Read("Name,Email\rAna,ana@example.org\rSione,sione@example.org");

        Assert.Equal(2, table.Rows.Count);
    }

    [Fact]
    public void A_file_that_is_not_utf_8_is_refused()
    {
        // "Müller" in ISO-8859-1: the ü is the single byte 0xFC, which UTF-8 never uses alone.
        var latin1 = Encoding.Latin1.GetBytes("Name,Email\nMüller,m@example.org\n");

        var refused = Assert.Throws<CsvFormatException>(() => CsvFile.Read(latin1));

        Assert.Contains("not UTF-8", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name,Email\n\"Ana,ana@example.org\nSione,s@example.org\n", "Row 2", "never closed")]
    [InlineData("Name,Email\nAna,ana@example.org\n\"Sione\" Latu,s@example.org\n", "Row 3", "after its closing")]
    [InlineData("Name,Email\nAna \"the boss\" Leota,ana@example.org\n", "Row 2", "not in quotes")]
    public void Broken_quoting_is_refused_with_the_row_where_it_happens(string text, string row, string why)
    {
        var message = Refusal(text);

        Assert.StartsWith(row, message, StringComparison.Ordinal);
        Assert.Contains(why, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n  ")]
    public void An_empty_file_is_refused(string text) => Assert.Contains("empty", Refusal(text), StringComparison.Ordinal);

    [Fact]
    public void Five_thousand_rows_are_read_and_one_more_is_refused()
    {
        static string File(int rows) => "Name,Email\n" + string.Concat(Enumerable.Range(1, rows).Select(i => $"Person {i},p{i}@example.org\n"));

        Assert.Equal(CsvFile.MaxDataRows, Read(File(CsvFile.MaxDataRows)).Rows.Count);
        Assert.Contains("more than 5,000 rows", Refusal(File(CsvFile.MaxDataRows + 1)), StringComparison.Ordinal);
        Assert.Contains("more than 5,000 rows", Refusal(File(10_000)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_2_mb_is_refused_before_it_is_read()
    {
        var big = new byte[CsvFile.MaxBytes + 1];
        Array.Fill(big, (byte)'a');

        var refused = Assert.Throws<CsvFormatException>(() => CsvFile.Read(big));

        Assert.Contains("larger than 2 MB", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Headers_are_matched_ignoring_case_spacing_and_punctuation_with_common_aliases()
    {
        var columns = RegistrantColumns.Match(["Timestamp", "Full name", "E-mail address", "ORGANIZATION", "Category", "Country", "Sub-region", "Gender", "Cluster preference"]);
        var row = new CsvRow(2, ["2026-01-01", "Ana", "ana@example.org", "Council", "academia", "Samoa", "Pacific", "F", "2"]);

        Assert.Equal("Ana", columns.ValueOf(row, RegistrantColumn.Name));
        Assert.Equal("ana@example.org", columns.ValueOf(row, RegistrantColumn.Email));
        Assert.Equal("Council", columns.ValueOf(row, RegistrantColumn.Organisation));
        Assert.Equal("Pacific", columns.ValueOf(row, RegistrantColumn.Region));
        Assert.Equal("2", columns.ValueOf(row, RegistrantColumn.PreferredCluster));
        Assert.Equal(["Timestamp"], columns.Ignored);
    }

    [Fact]
    public void A_file_without_a_required_column_is_refused_naming_what_is_missing()
    {
        var refused = Assert.Throws<CsvFormatException>(() => RegistrantColumns.Match(["Name", "Organisation", "Category", "Country"]));

        Assert.Contains("e-mail address, region", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Woman", StatementDrafting.Domain.People.Gender.Woman)]
    [InlineData("female", StatementDrafting.Domain.People.Gender.Woman)]
    [InlineData("M", StatementDrafting.Domain.People.Gender.Man)]
    [InlineData("Non-binary", StatementDrafting.Domain.People.Gender.AnotherGender)]
    [InlineData("Another gender", StatementDrafting.Domain.People.Gender.AnotherGender)]
    [InlineData("Prefer not to say", StatementDrafting.Domain.People.Gender.PreferNotToSay)]
    [InlineData("", StatementDrafting.Domain.People.Gender.PreferNotToSay)]
    [InlineData("banana", null)]
    public void Gender_answers_are_read_as_forms_write_them(string answer, StatementDrafting.Domain.People.Gender? expected) =>
        Assert.Equal(expected, RegistrantColumns.GenderOf(answer));
}
