using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Nominations;
using StatementDrafting.Domain.People;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Invitations;
using StatementDrafting.Web.Features.Setup;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.Demo;

/// <summary>
/// Seeds an empty database with the demo consultation: the facts of the fifth Asia-Pacific stakeholder consultation
/// (embedded in this assembly) with its days moved so that today or tomorrow is day 1, five draft statements, and
/// amendments to them (<see cref="DemoAmendments"/>).
/// </summary>
public sealed partial class DemoSeeder(
    IDbContextFactory<DraftingDbContext> contexts,
    TimeProvider clock,
    IServiceScopeFactory scopes,
    InvitationLinks links,
    Features.Drafting.DraftingEngine engine,
    ILogger<DemoSeeder> logger)
{
    /// <summary>
    /// Seeds the demo consultation, its statements and its people unless the database holds a consultation already,
    /// all in one transaction. Returns the ways in (passwords and links, to show once), or null when it did not seed.
    /// </summary>
    public async Task<IReadOnlyList<DemoCredential>?> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Consultations.AnyAsync(ct))
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var consultation = BuildConsultation(now);
        db.Consultations.Add(consultation);
        await db.SaveChangesAsync(ct);
        db.Statements.AddRange(BuildStatements(consultation));
        var credentials = await SeedPeopleAsync(db, consultation, now, ct);
        await transaction.CommitAsync(ct);
        await using (var amendments = await contexts.CreateDbContextAsync(ct))
        {
            await DemoAmendments.SeedAsync(amendments, engine, now, ct);
        }

        LogSeeded(logger, consultation.Id, consultation.Days[0].Date);
        return credentials;
    }

    private async Task<IReadOnlyList<DemoCredential>> SeedPeopleAsync(DraftingDbContext db, Consultation consultation, DateTimeOffset now, CancellationToken ct)
    {
        var credentials = new List<DemoCredential>();
        var number = 0;
        await using var scope = scopes.CreateAsyncScope();
        var passwords = scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>();
        var normalizer = scope.ServiceProvider.GetRequiredService<ILookupNormalizer>();

        Participation Join(AppUser user)
        {
            var participation = new Participation(consultation.Id, user.Id, ++number);
            db.Participations.Add(participation);
            return participation;
        }

        AppUser Account(string role, string email, string name, bool withPassword)
        {
            var user = DemoPeople.NewUser(email, name, now, normalizer);
            string? password = null;
            if (withPassword)
            {
                password = DemoPeople.NewPassword();
                user.PasswordHash = passwords.HashPassword(user, password);
                credentials.Add(new DemoCredential(role, email, password, null));
            }

            db.Users.Add(user);
            return user;
        }

        var organiser = Account("Organiser (and administrator)", "organiser@example.org", "Demo Organiser", withPassword: true);
        organiser.IsAdministrator = true;
        Join(organiser).MakeOrganiser();

        foreach (var (cluster, title, items, organisations) in DemoPeople.ParallelSessions(consultation))
        {
            var coHost = Account($"Co-host of {title} (cluster {cluster})", $"cohost{cluster}@example.org", $"Demo Co-host {cluster}", withPassword: true);
            var seat = Join(coHost);
            foreach (var item in items)
            {
                seat.SeatAsCoHost(item, organisations[0]);
            }
        }

        Join(Account("Observer", "observer@example.org", "Demo Observer", withPassword: true)).MakeObserver();

        var invited = new List<(Participation Participation, string Email)>();
        var participants = new List<Participation>();
        for (var i = 0; i < DemoPeople.Registrants.Length; i++)
        {
            var r = DemoPeople.Registrants[i];
            var email = $"participant{i + 1}@example.org";
            var registration = Registration.Submit(consultation, new RegistrationDetails(r.Name, email, r.Organisation, r.Category, r.Country, r.Region, r.Gender, r.Cluster), [.. db.Registrations.Local], RegistrationSource.Demo, now);
            registration.Approve(now);
            db.Registrations.Add(registration);
            await db.SaveChangesAsync(ct);
            var participation = Join(Account("Participant", email, r.Name, withPassword: false));
            participation.MakeParticipant(registration.Id);
            participants.Add(participation);
            if (i < DemoPeople.InvitedParticipants)
            {
                invited.Add((participation, email));
            }
        }

        foreach (var p in DemoPeople.Pending)
        {
            var email = $"applicant.{OrganisationName.Normalise(p.Name).Replace(' ', '.')}@example.org";
            db.Registrations.Add(Registration.Submit(consultation, new RegistrationDetails(p.Name, email, p.Organisation, p.Category, p.Country, p.Region, p.Gender, p.Cluster), [.. db.Registrations.Local], RegistrationSource.Demo, now));
        }

        await db.SaveChangesAsync(ct);
        SeedNominations(db, consultation, participants, now);
        await db.SaveChangesAsync(ct);
        foreach (var (participation, email) in invited)
        {
            var invitation = new Invitation(consultation.Id, participation.Id, now, Invitation.DefaultLifetime);
            db.Invitations.Add(invitation);
            await db.SaveChangesAsync(ct);
            credentials.Add(new DemoCredential($"Participant ({participation.Pseudonym})", email, null, links.PathFor(invitation)));
        }

        return credentials;
    }

    /// <summary>
    /// A start on the speakers' slate: the last few registrants nominated themselves (in the demo their consent is taken
    /// as given) and one of them proposed another participant, whom an organiser has yet to find and ask. Nobody is
    /// placed: the organisers fill the slots and put the slate to the plenary from the nominations page.
    /// </summary>
    private static void SeedNominations(DraftingDbContext db, Consultation consultation, IReadOnlyList<Participation> participants, DateTimeOffset now)
    {
        var kinds = consultation.SpeakerSlots.Select(s => s.Kind).ToList();
        for (var i = 0; i < DemoPeople.SelfNominated; i++)
        {
            var nominee = participants[^(i + 1)];
            db.Nominations.Add(Nomination.Self(consultation.Id, nominee.Id, kinds.Count == 0 ? null : kinds[i % kinds.Count], null, now));
        }

        var (name, organisation) = DemoPeople.Proposed;
        db.Nominations.Add(Nomination.Propose(consultation.Id, participants[^(DemoPeople.SelfNominated + 1)].Id, name, organisation, null,
            "Chaired our working group's second round.", now));
    }

    /// <summary>
    /// The demo consultation as of <paramref name="now"/>: the reference definition (the same path as an organiser's
    /// import), with its days moved so that day 1 is today or tomorrow and registration open until the last day.
    /// </summary>
    public static Consultation BuildConsultation(DateTimeOffset now)
    {
        var (definition, lines) = ReadDefinition();
        var consultation = new DefinitionApplier(definition, lines, BuiltInObjectives.All).Create();
        var zone = consultation.TimeZone;
        var dayOneEnds = consultation.Days[0].Items.Max(i => i.End);
        var dates = DemoSchedule.Shift([.. consultation.Days.Select(d => d.Date)], dayOneEnds, zone, now);
        consultation.RescheduleDays(dates);

        // The demo's registration stays open until the end of its last day, so the registration form can be tried.
        consultation.CloseRegistrationAt(dates[^1].ToDateTime(new TimeOnly(23, 59)));
        return consultation;
    }

    /// <summary>The five draft statements of the demo, for a consultation that has its id.</summary>
    public static IEnumerable<Statement> BuildStatements(Consultation consultation)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        foreach (var outcome in ReadDefinition().Definition.ExpectedOutcomes?.Statements ?? [])
        {
            var text = StatementTextFormat.Parse(ReadText(outcome.Kind == "opening" ? "opening" : $"cluster-{outcome.Cluster}"));
            var statement = outcome.Kind == "opening"
                ? Statement.OpeningStatement(consultation.Id, text.Title)
                : Statement.CommonStatement(consultation.Id, outcome.Cluster!.Value, text.Title);
            foreach (var block in text.Blocks)
            {
                statement.Append(block.Kind, block.Text, block.HeadingLevel);
            }

            yield return statement;
        }
    }

    private static (ConsultationDefinition Definition, IReadOnlyDictionary<string, long> Lines) ReadDefinition()
    {
        using var stream = Open("Demo.fifth-consultation.json");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return DefinitionReader.Read(bytes.ToArray());
    }

    private static string ReadText(string name)
    {
        using var reader = new StreamReader(Open($"Demo.Statements.{name}.txt"));
        return reader.ReadToEnd();
    }

    private static Stream Open(string resource) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
        ?? throw new InvalidOperationException($"The demo resource {resource} is missing from the build.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo consultation {ConsultationId}; day 1 is {DayOne}")]
    private static partial void LogSeeded(ILogger logger, int consultationId, DateOnly dayOne);
}
