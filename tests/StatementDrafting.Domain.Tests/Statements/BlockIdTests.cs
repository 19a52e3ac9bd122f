using StatementDrafting.Domain;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Tests.Statements;

public class BlockIdTests
{
    [Fact]
    public void New_ids_parse_back_to_themselves()
    {
        var id = BlockId.New();
        Assert.Equal(id, BlockId.Parse(id.Value));
        Assert.Equal(12, id.Value.Length);
    }

    [Fact]
    public void New_ids_differ()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => BlockId.New()).ToHashSet();
        Assert.Equal(1000, ids.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("ABCDEFGHJKMN")]
    [InlineData("abc<script>x")]
    [InlineData("abcdefghijkmnp")]
    public void Anything_else_is_not_a_block_id(string value)
    {
        Assert.False(BlockId.TryParse(value, out _));
        Assert.Throws<DomainException>(() => BlockId.Parse(value));
    }
}
