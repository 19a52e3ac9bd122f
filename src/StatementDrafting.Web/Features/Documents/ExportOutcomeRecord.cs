using System.Globalization;
using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Nominations;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Nominations;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>
/// The consultation's outcome record, as Word, PDF or print-ready HTML: each statement's result, date, rule, final
/// counts and the fingerprint of the text decided on, then the speakers' slate. Counts only once a poll has closed;
/// nobody's response, and of people only the approved speakers as the slate publishes them (never a pseudonym).
/// </summary>
public sealed record ExportOutcomeRecord(int ConsultationId, ExportFormat Format = ExportFormat.Docx) : IQuery<ExportedFile?>, IAuthorisedRequest
{
    public Permission Permission => Permission.Member(ConsultationId);
}

/// <summary>What the outcome record holds, whatever the format.</summary>
/// <param name="Generated">The day it was made, in the consultation's time zone ("7 December 2026").</param>
public sealed record OutcomeRecord(string Consultation, string Generated, IReadOnlyList<OutcomeRecordStatement> Statements, OutcomeRecordSlate Slate);

/// <summary>One statement's outcome. Only a closed poll has a date and a tally; a statement never put to the plenary has neither rule nor fingerprint.</summary>
/// <param name="Cluster">"Opening statement" or "Cluster 2: Protecting migrants".</param>
/// <param name="Result">"Adopted by consensus", "Not adopted", "Up for adoption: the poll is open", "Not yet put to the plenary".</param>
/// <param name="Revision">The revision put to the plenary.</param>
/// <param name="Fingerprint">SHA-256 of the exact text put to the plenary, lower-case hex.</param>
public sealed record OutcomeRecordStatement(
    string Title,
    string Cluster,
    string Result,
    string? Decided,
    string? Rule,
    string? Explanation,
    OutcomeTally? Tally,
    int? Revision,
    string? Fingerprint);

/// <summary>The final counts of a closed poll, and the eligible voters (people, or organisations) counted against.</summary>
public sealed record OutcomeTally(int Support, int CanLiveWith, int Objections, int Eligible);

/// <summary>Where the slate stands; once approved, when, its fingerprint and the speakers placed on it.</summary>
/// <param name="Stage">One sentence: "Approved.", "Up for approval: the poll is open.", "Not yet approved: nominations are open."</param>
/// <param name="Unchanged">Whether the slate as it stands is still exactly the one approved.</param>
public sealed record OutcomeRecordSlate(string Stage, bool Approved, string? ApprovedOn, string? Fingerprint, bool Unchanged, int Filled, int Places, IReadOnlyList<OutcomeRecordSpeaker> Speakers);

/// <param name="Slot">The slot's title, as the slate shows it ("Roundtable: 4 places, 2 minutes each").</param>
/// <param name="Details">Stakeholder category, country, region and gender, as the slate shows them.</param>
public sealed record OutcomeRecordSpeaker(string Slot, int Position, string Name, string Organisation, string Details);

public sealed class ExportOutcomeRecordValidator : IValidator<ExportOutcomeRecord>
{
    public IEnumerable<ValidationError> Validate(ExportOutcomeRecord message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(("ConsultationId", message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (message.Format is not (ExportFormat.Docx or ExportFormat.Html or ExportFormat.Pdf))
        {
            yield return new ValidationError(nameof(message.Format), "The outcome record is exported as Word, PDF or HTML.");
        }
    }
}

public sealed class ExportOutcomeRecordHandler(IDbContextFactory<DraftingDbContext> contexts, TimeProvider clock, PdfRenderer pdf)
    : IQueryHandler<ExportOutcomeRecord, ExportedFile?>
{
    public async ValueTask<ExportedFile?> Handle(ExportOutcomeRecord query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Clusters).FirstOrDefaultAsync(c => c.Id == query.ConsultationId, cancellationToken);
        if (consultation is null)
        {
            return null;
        }

        var zone = consultation.TimeZone;
        var today = DateOnly.FromDateTime(ZonedTime.InZone(clock.GetUtcNow(), zone).DateTime);
        string DayOf(DateTimeOffset at) => DateOnly.FromDateTime(ZonedTime.InZone(at, zone).DateTime).ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

        // The closing plenary's order: the opening statement, then the clusters in order.
        var statements = await db.Statements.AsNoTracking().Where(s => s.ConsultationId == consultation.Id)
            .OrderBy(s => s.ClusterNumber == null ? 0 : 1).ThenBy(s => s.ClusterNumber).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.Title, s.ClusterNumber })
            .ToListAsync(cancellationToken);
        var polls = (await db.Polls.AsNoTracking().Where(p => p.ConsultationId == consultation.Id && p.Subject == PollSubject.Adoption).ToListAsync(cancellationToken))
            .GroupBy(p => p.StatementId ?? 0)
            .ToDictionary(g => g.Key, g => g.MaxBy(p => p.Id)!);
        var items = statements.Select(s =>
        {
            var cluster = s.ClusterNumber is { } n
                ? consultation.FindCluster(n) is { } c ? $"Cluster {n}: {c.Title}" : string.Create(CultureInfo.InvariantCulture, $"Cluster {n}")
                : "Opening statement";
            return polls.GetValueOrDefault(s.Id) switch
            {
                null => new OutcomeRecordStatement(s.Title, cluster, "Not yet put to the plenary", null, null, null, null, null, null),
                { IsOpen: true } open => new OutcomeRecordStatement(
                    s.Title, cluster, $"{PollDesk.StageOf((null, null))}: the poll is open", null, open.Rule.Describe(), null, null, open.Revision, open.Fingerprint),
                var closed => new OutcomeRecordStatement(
                    s.Title, cluster, Capitalised(GetAdoptionOutcomeHandler.OutcomeName(closed.Outcome ?? PollOutcome.NotAdopted)),
                    DayOf(closed.ClosedAt!.Value), closed.Rule.Describe(), closed.Explanation,
                    new OutcomeTally(closed.FinalSupport, closed.FinalCanLiveWith, closed.FinalObjections, closed.Eligible),
                    closed.Revision, closed.Fingerprint),
            };
        }).ToList();

        var record = new OutcomeRecord(consultation.Title, today.ToString("d MMMM yyyy", CultureInfo.InvariantCulture), items, await SlateAsync(db, consultation.Id, DayOf, cancellationToken));
        var name = string.Create(CultureInfo.InvariantCulture, $"outcome-record-{DocumentFiles.SlugOf(consultation.Title, consultation.Id)}-{today:yyyy-MM-dd}");
        return query.Format switch
        {
            ExportFormat.Html => new ExportedFile($"{name}.html", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(OutcomeRecordText.Html(record))),
            ExportFormat.Pdf => new ExportedFile($"{name}.pdf", "application/pdf", await pdf.PrintAsync(OutcomeRecordText.Html(record), cancellationToken)),
            _ => new ExportedFile($"{name}.docx", StatementDocx.ContentType, OutcomeRecordDocx.Write(record)),
        };
    }

    /// <summary>The slate as its page shows it: once approved, the speakers placed, by what they consented to publish; before, only where it stands.</summary>
    private static async Task<OutcomeRecordSlate> SlateAsync(DraftingDbContext db, int consultationId, Func<DateTimeOffset, string> dayOf, CancellationToken cancellationToken)
    {
        var poll = await NominationDesk.LatestSlatePollAsync(db, consultationId, cancellationToken);
        var slate = await NominationDesk.SlateAsync(db, consultationId, cancellationToken);
        var stage = NominationDesk.StageOf(poll);
        if (stage != SlateStage.Approved)
        {
            var words = stage == SlateStage.Voting ? "Up for approval: the poll is open." : "Not yet approved: nominations are open.";
            return new OutcomeRecordSlate(words, false, null, null, true, slate.Filled, slate.Places, []);
        }

        var speakers = slate.Slots
            .SelectMany(s => s.Places.OfType<SlatePlace>().Select(p => new OutcomeRecordSpeaker(
                SlotTitle(s.Slot), p.Position, p.Nominee.Name, p.Nominee.Organisation, DetailsOf(p.Nominee))))
            .ToList();
        return new OutcomeRecordSlate("Approved.", true, dayOf(poll!.ClosedAt!.Value), poll.Fingerprint,
            StatementFingerprint.Of(slate.CanonicalText()) == poll.Fingerprint, slate.Filled, slate.Places, speakers);
    }

    /// <summary>As <see cref="SlateView"/> titles a slot: "Roundtable: 4 places, 2 minutes each".</summary>
    private static string SlotTitle(SlateSlot slot) =>
        $"{Capitalised(slot.Kind.Replace('-', ' '))}: {Slate.PlacesWord(slot.Count)}{(slot.MinutesEach is { } m ? string.Create(CultureInfo.InvariantCulture, $", {m} minutes each") : string.Empty)}";

    /// <summary>As <see cref="SlateView"/> details a nominee: category · country · region · gender, leaving out what is blank.</summary>
    private static string DetailsOf(NomineeProfile profile) =>
        string.Join(" · ", new[] { profile.StakeholderCategory, profile.Country, profile.Region, profile.Gender }.Where(v => !string.IsNullOrWhiteSpace(v)));

    private static string Capitalised(string text) => text.Length == 0 ? text : $"{char.ToUpperInvariant(text[0])}{text[1..]}";
}
