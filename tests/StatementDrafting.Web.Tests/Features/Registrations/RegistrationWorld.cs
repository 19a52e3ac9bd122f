using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests.Features.Registrations;

/// <summary>
/// The real app on an empty database (no demo) holding one consultation made for these tests, with an organiser who is
/// not an administrator, a participant and an observer, and a clock the test moves.
/// </summary>
public sealed class RegistrationWorld : IDisposable
{
    public const string OrganiserEmail = "rw.organiser@example.org";
    public const string ParticipantEmail = "rw.participant@example.org";
    public const string ObserverEmail = "rw.observer@example.org";

    public static readonly string[] Categories = ["civil society", "academia", "trade unions"];
    public static readonly string[] Regions = ["South-East Asia", "Pacific", "Outside Asia and the Pacific"];

    private RegistrationWorld(DateTimeOffset now)
    {
        Clock = new FakeTimeProvider(now);
        App = new AppFactory(demo: false, clock: Clock);
        App.CreateClient().Dispose();
    }

    public AppFactory App { get; }

    public FakeTimeProvider Clock { get; }

    public int ConsultationId { get; private set; }

    /// <summary>
    /// A world whose consultation runs in <paramref name="zone"/>, closes registration at <paramref name="closesLocal"/>
    /// (its own clocks' time; none when null) and applies <paramref name="rule"/>; the clock starts at <paramref name="now"/>.
    /// </summary>
    public static async Task<RegistrationWorld> CreateAsync(
        string zone = "Asia/Bangkok",
        DateTime? closesLocal = null,
        OnePersonPerOrganisation rule = OnePersonPerOrganisation.Off,
        DateTimeOffset? now = null)
    {
        var world = new RegistrationWorld(now ?? new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        world.ConsultationId = await world.AddConsultationAsync("Registration test consultation", zone, closesLocal, rule);
        await world.AddPersonAsync(world.ConsultationId, OrganiserEmail, "Orla Organiser", p => p.MakeOrganiser());
        await world.AddPersonAsync(world.ConsultationId, ParticipantEmail, "Pia Participant", p => p.MakeParticipant());
        await world.AddPersonAsync(world.ConsultationId, ObserverEmail, "Otto Observer", p => p.MakeObserver());
        return world;
    }

    public async Task<int> AddConsultationAsync(string title, string zone, DateTime? closesLocal, OnePersonPerOrganisation rule)
    {
        var consultation = new Consultation(title, zone, new ConsultationRules(ChathamHouse: true, Recorded: false, rule, AdoptionRule.Consensus));
        consultation.AddObjective(1, "Collect and use accurate data");
        consultation.AddObjective(2, "Minimise adverse drivers");
        consultation.AddCluster(1, "Data and drivers", [1, 2]);
        consultation.SetStakeholderCategories(Categories);
        consultation.SetRegions(Regions);
        if (closesLocal is { } closes)
        {
            consultation.CloseRegistrationAt(closes);
        }

        return await App.QueryAsync(async db =>
        {
            db.Consultations.Add(consultation);
            await db.SaveChangesAsync();
            return consultation.Id;
        });
    }

    public async Task AddPersonAsync(int consultationId, string email, string name, Action<StatementDrafting.Domain.People.Participation> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        await using var scope = App.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContextAsync();
        var user = await directory.FindOrCreateUserAsync(db, email, name, default);
        roles(await directory.FindOrCreateParticipationAsync(db, consultationId, user, default));
        await db.SaveChangesAsync();
    }

    /// <summary>Registers someone through the mediator, anonymously, as the public form does.</summary>
    public Task<int> RegisterAsync(string name, string email, string organisation, string category = "civil society", string region = "Pacific", string country = "Fiji", int? consultationId = null) =>
        App.SendAsAsync(null, m => m.Send(new StatementDrafting.Web.Features.Registrations.Register(
            consultationId ?? ConsultationId, name, email, organisation, category, country, region, Gender.PreferNotToSay, null)));

    public Task<List<Registration>> RegistrationsAsync(int? consultationId = null) =>
        App.QueryAsync(db => db.Registrations.AsNoTracking().Where(r => r.ConsultationId == (consultationId ?? ConsultationId)).OrderBy(r => r.Id).ToListAsync());

    public void Dispose() => App.Dispose();
}
