using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>What every drafting request checks the same way.</summary>
public static class DraftingValidation
{
    public const int MaxChangeId = 64;

    public static bool IsChangeId(string? value) =>
        value is { Length: >= 8 and <= MaxChangeId } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static IEnumerable<ValidationError> Statement(int? statementId) =>
        Ids.Positive(("StatementId", statementId, "statement"));
}
