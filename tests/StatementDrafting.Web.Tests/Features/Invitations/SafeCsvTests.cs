using System.Text;
using StatementDrafting.Web.Features.Invitations;

namespace StatementDrafting.Web.Tests.Features.Invitations;

public sealed class SafeCsvTests
{
    [Theory]
    [InlineData("=1+1", "\"'=1+1\"")]
    [InlineData("+33 1 23", "\"'+33 1 23\"")]
    [InlineData("-5", "\"'-5\"")]
    [InlineData("@SUM(A1:A2)", "\"'@SUM(A1:A2)\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("\uFF1D1+1", "\"'\uFF1D1+1\"")]
    public void A_cell_a_spreadsheet_would_read_as_a_formula_gets_a_leading_apostrophe(string value, string expected) =>
        Assert.Equal(expected, SafeCsv.Cell(value));

    [Theory]
    [InlineData("Migrant Forum in Asia", "\"Migrant Forum in Asia\"")]
    [InlineData("Smith, \"Jo\"", "\"Smith, \"\"Jo\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("a=b", "\"a=b\"")]
    [InlineData("", "\"\"")]
    [InlineData(null, "\"\"")]
    public void Every_cell_is_quoted_with_inner_quotes_doubled(string? value, string expected) =>
        Assert.Equal(expected, SafeCsv.Cell(value));

    [Fact]
    public void A_document_starts_with_a_byte_order_mark_and_ends_each_row_with_crlf()
    {
        var bytes = SafeCsv.Document(["name", "pseudonym"], [["Ana Leota", "Participant 28"], ["=cmd", "Blue Heron"]]);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal("\"name\",\"pseudonym\"\r\n\"Ana Leota\",\"Participant 28\"\r\n\"'=cmd\",\"Blue Heron\"\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }
}
