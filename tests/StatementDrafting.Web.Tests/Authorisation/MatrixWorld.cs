using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.People;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Identity;

namespace StatementDrafting.Web.Tests.Authorisation;

/// <summary>
/// The seeded demo consultation, plus an organiser who is not an administrator, with ids the matrix's cases need and a
/// principal for every <see cref="Actor"/>, built the way sign-in builds it.
/// </summary>
public sealed class MatrixWorld : IAsyncLifetime
{
    public const string OrganiserEmail = "matrix.organiser@example.org";

    private readonly Dictionary<Actor, ClaimsPrincipal> _principals = [];

    public AppFactory App { get; } = new(demo: true);

    public int ConsultationId { get; private set; }

    /// <summary>Cluster 1's common statement: <see cref="Actor.CoHostOfThisSession"/> co-hosts cluster 1's session.</summary>
    public int StatementId { get; private set; }

    public int OpeningStatementId { get; private set; }

    public int PendingRegistrationId { get; private set; }

    public int ParticipantParticipationId { get; private set; }

    public string ThisSessionKey { get; private set; } = string.Empty;

    public ClaimsPrincipal PrincipalOf(Actor actor) => _principals[actor];

    public async Task InitializeAsync()
    {
        App.CreateClient();
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StatementDrafting.Web.Infrastructure.Persistence.DraftingDbContext>();
        var consultation = await db.Consultations.Include(c => c.Days).ThenInclude(d => d.Items).SingleAsync();
        ConsultationId = consultation.Id;
        StatementId = await db.Statements.Where(s => s.Kind == StatementKind.Common && s.ClusterNumber == 1).Select(s => s.Id).SingleAsync();
        OpeningStatementId = await db.Statements.Where(s => s.Kind == StatementKind.Opening).Select(s => s.Id).SingleAsync();
        PendingRegistrationId = await db.Registrations.Where(r => r.Status == RegistrationStatus.Pending).Select(r => r.Id).FirstAsync();
        ThisSessionKey = consultation.Days.SelectMany(d => d.Items).First(i => i.ClusterNumber == 1).Key;

        var directory = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
        var organiser = await directory.FindOrCreateUserAsync(db, OrganiserEmail, "Matrix Organiser", default);
        (await directory.FindOrCreateParticipationAsync(db, ConsultationId, organiser, default)).MakeOrganiser();
        await db.SaveChangesAsync();

        var participant = await db.Users.SingleAsync(u => u.Email == "participant1@example.org");
        ParticipantParticipationId = await db.Participations.Where(p => p.UserId == participant.Id).Select(p => p.Id).SingleAsync();

        var signIns = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        async Task<ClaimsPrincipal> As(string email) => await signIns.CreateUserPrincipalAsync(await db.Users.SingleAsync(u => u.Email == email));
        _principals[Actor.Organiser] = await As(OrganiserEmail);
        _principals[Actor.CoHostOfThisSession] = await As("cohost1@example.org");
        _principals[Actor.CoHostOfAnotherSession] = await As("cohost2@example.org");
        _principals[Actor.Participant] = await As("participant1@example.org");
        _principals[Actor.Observer] = await As("observer@example.org");
        _principals[Actor.Anonymous] = new ClaimsPrincipal(new ClaimsIdentity());
    }

    /// <summary>
    /// A digest of every row of every table but the audit trail (a refused attempt is rightly recorded there):
    /// equal digests mean nothing was stored.
    /// </summary>
    public string Fingerprint()
    {
        using var connection = new SqliteConnection($"Data Source={App.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'AuditEntries' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new StringBuilder();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            using var reader = select.ExecuteReader();
            text.Append('#').Append(table).Append('\n');
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                text.Append('\n');
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}
