using Microsoft.AspNetCore.Components.Forms;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>
/// The problems a form submission met, by field, so that a page shows each next to its input (and the rest above the form).
/// Fields are named as the request's properties; <see cref="General"/> holds problems that concern no one field.
/// </summary>
public sealed class FieldErrors
{
    public const string General = "";

    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

    public bool Any => _byField.Count > 0;

    public IReadOnlyList<string> this[string field] => _byField.TryGetValue(field, out var messages) ? messages : [];

    public bool Has(string field) => _byField.ContainsKey(field);

    /// <summary>The text to show for a field, or null when it has no problem.</summary>
    public string? For(string field) => Has(field) ? string.Join(" ", _byField[field]) : null;

    /// <summary>The problems of fields the page does not show an input for, and general ones.</summary>
    public IEnumerable<string> OutsideOf(IEnumerable<string> shownFields)
    {
        var shown = shownFields.ToHashSet(StringComparer.Ordinal);
        return _byField.Where(p => !shown.Contains(p.Key)).SelectMany(p => p.Value);
    }

    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var messages))
        {
            _byField[field] = messages = [];
        }

        if (!messages.Contains(message))
        {
            messages.Add(message);
        }
    }

    /// <summary>
    /// Puts the problems of the form model's own fields into its edit context too, so that inputs mark themselves
    /// invalid (aria-invalid) as they do for any validation message.
    /// </summary>
    public void ShowIn(EditContext context, ValidationMessageStore store)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        store.Clear();
        foreach (var (field, messages) in _byField)
        {
            if (field.Length > 0 && context.Model.GetType().GetProperty(field) is not null)
            {
                store.Add(context.Field(field), messages);
            }
        }

        context.NotifyValidationStateChanged();
    }

    public static FieldErrors From(Exception refusal)
    {
        var errors = new FieldErrors();
        switch (refusal)
        {
            case ValidationFailedException validation:
                foreach (var error in validation.Errors)
                {
                    errors.Add(error.Field, error.Message);
                }

                break;
            case RegistrationRefusedException registration:
                foreach (var problem in registration.Problems)
                {
                    errors.Add(FieldOf(problem.Field), problem.Message);
                }

                break;
            case DomainException domain:
                errors.Add(General, domain.Message);
                break;
            default:
                throw new ArgumentException("Not a refusal the form can explain.", nameof(refusal));
        }

        return errors;
    }

    /// <summary>The name of the <see cref="Register"/> property that a registration problem concerns.</summary>
    public static string FieldOf(RegistrationField field) => field switch
    {
        RegistrationField.Name => nameof(Register.Name),
        RegistrationField.Email => nameof(Register.Email),
        RegistrationField.Organisation => nameof(Register.Organisation),
        RegistrationField.StakeholderCategory => nameof(Register.StakeholderCategory),
        RegistrationField.Country => nameof(Register.Country),
        RegistrationField.Region => nameof(Register.Region),
        RegistrationField.Gender => nameof(Register.Gender),
        RegistrationField.PreferredCluster => nameof(Register.PreferredClusterNumber),
        _ => General,
    };
}
