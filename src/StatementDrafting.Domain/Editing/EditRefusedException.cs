namespace StatementDrafting.Domain.Editing;

/// <summary>
/// An edit was refused: nothing it asked for happened. The message is safe to show to whoever submitted it.
/// (Not a <see cref="DomainException"/>, which is sealed; catch both where edits and other rules meet.)
/// </summary>
public sealed class EditRefusedException(EditError code, string message) : Exception(message)
{
    public EditError Code { get; } = code;
}
