using System.Text.Json;

using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;

using static StatementDrafting.Domain.Tests.Editing.Blocks;

namespace StatementDrafting.Domain.Tests.Editing;

public class EditOpJsonTests
{
    private const string A = "aaaaaaaaaaaa";
    private const string B = "bbbbbbbbbbbb";

    public static TheoryData<string> RoundTrips() =>
    [
        $$"""[{"type":"text","block":"{{A}}","ops":[5,"abc",-3,2]}]""",
        $$"""[{"type":"text","block":"{{A}}","ops":["😀é\"\\"]}]""",
        $$"""[{"type":"insert","block":"{{A}}","after":null,"kind":"heading","level":2,"text":"Title"}]""",
        $$"""[{"type":"insert","block":"{{A}}","after":"{{B}}","kind":"numbered","level":0,"text":""}]""",
        $$"""[{"type":"delete","block":"{{A}}"}]""",
        $$"""[{"type":"delete","block":"{{A}}","after":null,"text":"gone","kind":"unnumbered","level":0}]""",
        $$"""[{"type":"delete","block":"{{A}}","after":"{{B}}","text":"","kind":"heading","level":3}]""",
        $$"""[{"type":"move","block":"{{A}}","after":null}]""",
        $$"""[{"type":"move","block":"{{A}}","after":"{{B}}","from":"{{B}}"}]""",
        $$"""[{"type":"restyle","block":"{{A}}","kind":"heading","level":1}]""",
        $$"""[{"type":"restyle","block":"{{A}}","kind":"unnumbered","level":0,"wasKind":"heading","wasLevel":1}]""",
        $$"""[{"type":"split","block":"{{A}}","offset":4,"newBlock":"{{B}}","kind":"numbered","level":0}]""",
        $$"""[{"type":"split","block":"{{A}}","offset":4,"newBlock":"{{B}}","kind":"numbered","level":0,"restores":true}]""",
        $$"""[{"type":"join","block":"{{A}}","next":"{{B}}"}]""",
        $$"""[{"type":"join","block":"{{A}}","next":"{{B}}","offset":3,"nextLength":7,"nextKind":"heading","nextLevel":2}]""",
    ];

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Each_shape_of_the_protocol_reads_and_writes_back_the_same(string json)
    {
        var ops = EditOpJson.DeserializeList(json);

        Assert.Equal(Normalise(json), Normalise(EditOpJson.Serialize(ops)));
        Assert.Equal(ops, EditOpJson.DeserializeList(EditOpJson.Serialize(ops)));
    }

    [Fact]
    public void Reads_into_the_records()
    {
        var ops = EditOpJson.DeserializeList($$"""
            [{"type":"text","block":"{{A}}","ops":[6,"brave ",5]},
             {"type":"split","block":"{{A}}","offset":4,"newBlock":"{{B}}","kind":"heading","level":2},
             {"type":"join","block":"{{A}}","next":"{{B}}","offset":3,"nextLength":7,"nextKind":"unnumbered","nextLevel":0}]
            """);

        Assert.Equal(Insert("a", 11, 6, "brave "), ops[0]);
        Assert.Equal(new SplitBlock(Id("a"), 4, Id("b"), BlockKind.Heading, 2), ops[1]);
        Assert.Equal(
            new JoinBlocks(Id("a"), Id("b")) { Offset = 3, NextLength = 7, NextKind = BlockKind.UnnumberedParagraph, NextLevel = 0 },
            ops[2]);
    }

    [Fact]
    public void Applied_forms_write_their_fields_and_submissions_leave_them_out()
    {
        var document = Doc(Para("a", "one"), Para("b", "two"));

        var applied = EditOpJson.Serialize([Applied(document, Remove("b")), Applied(document, Join("a", "b"))]);

        Assert.Equal(
            $$"""[{"type":"delete","block":"{{B}}","after":"{{A}}","text":"two","kind":"numbered","level":0},""" +
            $$"""{"type":"join","block":"{{A}}","next":"{{B}}","offset":3,"nextLength":3,"nextKind":"numbered","nextLevel":0}]""",
            applied);
        Assert.Equal($$"""[{"type":"delete","block":"{{B}}"}]""", EditOpJson.Serialize([Remove("b")]));
    }

    [Theory]
    [InlineData("[5,6,\"x\"]")]
    [InlineData("[2,\"a\",\"b\",3]")]
    [InlineData("[2,-1,-1,3]")]
    public void A_text_operation_not_in_normal_form_is_malformed(string ops)
    {
        var error = Assert.Throws<EditRefusedException>(() => EditOpJson.DeserializeList($$"""[{"type":"text","block":"{{A}}","ops":{{ops}}}]"""));

        Assert.Equal(EditError.Malformed, error.Code);
        Assert.Contains("merge them", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_insert_beside_a_delete_is_normal_in_either_order_and_is_stored_insert_first()
    {
        var op = (TextEdit)EditOpJson.DeserializeList($$"""[{"type":"text","block":"{{A}}","ops":[2,-1,"ab",3]}]""")[0];

        Assert.Equal("[r2 +\"ab\" -1 r3]", op.Operation.ToString());
    }

    public static TheoryData<string, string> Malformed() => new()
    {
        { "not json", "{" },
        { "not an array", """{"type":"delete"}""" },
        { "not an object", "[1]" },
        { "unknown type", $$"""[{"type":"rename","block":"{{A}}"}]""" },
        { "no type", $$"""[{"block":"{{A}}"}]""" },
        { "no block", """[{"type":"delete"}]""" },
        { "bad block id", """[{"type":"delete","block":"0000000000l1"}]""" },
        { "short block id", """[{"type":"delete","block":"abc"}]""" },
        { "block id not a string", """[{"type":"delete","block":12}]""" },
        { "no ops", $$"""[{"type":"text","block":"{{A}}"}]""" },
        { "ops not an array", $$"""[{"type":"text","block":"{{A}}","ops":"abc"}]""" },
        { "zero component", $$"""[{"type":"text","block":"{{A}}","ops":[3,0,2]}]""" },
        { "empty insert", $$"""[{"type":"text","block":"{{A}}","ops":[3,"",2]}]""" },
        { "fraction", $$"""[{"type":"text","block":"{{A}}","ops":[1.5]}]""" },
        { "component of another type", $$"""[{"type":"text","block":"{{A}}","ops":[true]}]""" },
        { "unpaired surrogate", $$"""[{"type":"text","block":"{{A}}","ops":["\ud83d"]}]""" },
        { "insert without after", $$"""[{"type":"insert","block":"{{A}}","kind":"numbered","level":0,"text":""}]""" },
        { "insert without text", $$"""[{"type":"insert","block":"{{A}}","after":null,"kind":"numbered","level":0}]""" },
        { "unknown kind", $$"""[{"type":"insert","block":"{{A}}","after":null,"kind":"paragraph","level":0,"text":""}]""" },
        { "level not a number", $$"""[{"type":"restyle","block":"{{A}}","kind":"heading","level":"1"}]""" },
        { "move without after", $$"""[{"type":"move","block":"{{A}}"}]""" },
        { "split without new block", $$"""[{"type":"split","block":"{{A}}","offset":1,"kind":"numbered","level":0}]""" },
        { "split without offset", $$"""[{"type":"split","block":"{{A}}","newBlock":"{{B}}","kind":"numbered","level":0}]""" },
        { "join without next", $$"""[{"type":"join","block":"{{A}}"}]""" },
        { "bad applied field", $$"""[{"type":"join","block":"{{A}}","next":"{{B}}","offset":"3"}]""" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Refuses_what_is_off_the_shape_as_malformed(string what, string json)
    {
        var error = Assert.Throws<EditRefusedException>(() => EditOpJson.DeserializeList(json));

        Assert.Equal(EditError.Malformed, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message), what);
    }

    [Fact]
    public void A_text_operation_longer_than_a_block_is_too_long()
    {
        var json = $$"""[{"type":"text","block":"{{A}}","ops":[{{Text.MaxBlockLength}},"x"]}]""";

        Assert.Equal(EditError.TooLong, Assert.Throws<EditRefusedException>(() => EditOpJson.DeserializeList(json)).Code);
    }

    [Fact]
    public void The_converter_lets_System_Text_Json_carry_operations()
    {
        var options = new JsonSerializerOptions { Converters = { new EditOpJsonConverter() } };
        EditOp[] ops = [Insert("a", 3, 1, "x"), Remove("b")];

        var json = JsonSerializer.Serialize(ops, options);

        Assert.Equal(ops, JsonSerializer.Deserialize<EditOp[]>(json, options));
    }

    [Fact]
    public void Error_codes_have_their_protocol_names()
    {
        Assert.Equal("unknown_block", EditError.UnknownBlock.WireCode());
        Assert.Equal("out_of_range", EditError.OutOfRange.WireCode());
        Assert.Equal("too_long", EditError.TooLong.WireCode());
        Assert.Equal("too_many_blocks", EditError.TooManyBlocks.WireCode());
        Assert.Equal("malformed", EditError.Malformed.WireCode());
        Assert.Equal("future_revision", EditError.FutureRevision.WireCode());
    }

    private static string Normalise(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
