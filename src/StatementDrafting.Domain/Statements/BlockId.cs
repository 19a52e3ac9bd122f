using System.Security.Cryptography;

namespace StatementDrafting.Domain.Statements;

/// <summary>
/// The stable identity of a block: it never changes while the block is edited, renumbered or moved,
/// so anchors, amendments and history can point at it. Twelve lower-case letters and digits.
/// </summary>
public readonly record struct BlockId
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private const int Length = 12;

    private BlockId(string value) => Value = value;

    public string Value { get; }

    public static BlockId New() => new(RandomNumberGenerator.GetString(Alphabet, Length));

    public static bool TryParse(string? value, out BlockId id)
    {
        if (value is { Length: Length } && value.All(c => Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            id = new BlockId(value);
            return true;
        }

        id = default;
        return false;
    }

    public static BlockId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new DomainException($"'{value}' is not a block id.");

    public override string ToString() => Value ?? string.Empty;
}
