namespace StatementDrafting.Domain;

/// <summary>Shared checks for short texts. Lengths are UTF-16 code units, as in .NET and JavaScript.</summary>
public static class Text
{
    public const int MaxTitleLength = 300;
    public const int MaxNameLength = 200;

    /// <summary>The longest text a block may hold.</summary>
    public const int MaxBlockLength = 20_000;

    public static string Required(string? value, string what, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new DomainException($"The {what} is required.");
        }

        if (trimmed.Length > maxLength)
        {
            throw new DomainException($"The {what} is longer than {maxLength} characters.");
        }

        return trimmed;
    }
}
