using System.Text;
using System.Text.Json;

namespace StatementDrafting.LoadTool;

/// <summary>A block of a statement as the protocol shows it.</summary>
internal sealed record DocBlock(string Id, string Kind, int Level, string Text);

/// <summary>One operation of a change as received. The tool's typists only edit text, so only <c>text</c> ops are applied.</summary>
internal sealed record EditOp(string Type, string Block, TextOp? Text, string Raw)
{
    public static IReadOnlyList<EditOp> ParseList(JsonElement ops) =>
        [.. ops.EnumerateArray().Select(Parse)];

    public static EditOp Parse(JsonElement op)
    {
        var type = op.GetProperty("type").GetString() ?? string.Empty;
        var block = op.GetProperty("block").GetString() ?? string.Empty;
        var text = type == "text" ? TextOp.Parse(op.GetProperty("ops")) : null;
        return new EditOp(type, block, text, op.GetRawText());
    }
}

/// <summary>An ordered list of blocks with their texts: one replica of a statement.</summary>
internal sealed class Document
{
    private readonly List<DocBlock> _blocks;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public Document(IEnumerable<DocBlock> blocks)
    {
        _blocks = [.. blocks];
        for (var i = 0; i < _blocks.Count; i++)
        {
            _index[_blocks[i].Id] = i;
        }
    }

    public IReadOnlyList<DocBlock> Blocks => _blocks;

    /// <summary>Reads the protocol's <c>blocks</c> array.</summary>
    public static Document FromJson(JsonElement blocks) =>
        new(blocks.EnumerateArray().Select(b => new DocBlock(
            b.GetProperty("id").GetString()!,
            b.GetProperty("kind").GetString()!,
            b.GetProperty("level").GetInt32(),
            b.GetProperty("text").GetString()!)));

    public Document Clone() => new(_blocks);

    public bool Has(string block) => _index.ContainsKey(block);

    public string TextOf(string block) => _blocks[_index[block]].Text;

    /// <summary>Applies a text operation to a block; throws for anything the tool cannot apply.</summary>
    public void Apply(EditOp op)
    {
        if (op.Text is null)
        {
            throw new InvalidOperationException($"The load tool applies only text operations; received {op.Raw}");
        }

        Apply(op.Block, op.Text);
    }

    public void Apply(string block, TextOp op)
    {
        if (!_index.TryGetValue(block, out var i))
        {
            throw new InvalidOperationException($"No block {block} in this replica.");
        }

        _blocks[i] = _blocks[i] with { Text = op.Apply(_blocks[i].Text) };
    }

    public void SetText(string block, string text)
    {
        var i = _index[block];
        _blocks[i] = _blocks[i] with { Text = text };
    }

    /// <summary>Same blocks (ids, kinds, levels, texts) in the same order.</summary>
    public bool ContentEquals(Document other) => _blocks.SequenceEqual(other._blocks);

    /// <summary>Every block's text, one per line, for searching markers.</summary>
    public string AllText()
    {
        var text = new StringBuilder();
        foreach (var block in _blocks)
        {
            text.Append(block.Text).Append('\n');
        }

        return text.ToString();
    }
}
