using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Web.Infrastructure.Cli;

namespace StatementDrafting.Web.Tests.Infrastructure.Cli;

/// <summary><c>accounts create</c>, run in-process against the database of a running test app.</summary>
public sealed class AccountsCommandTests : IAsyncLifetime
{
    private readonly AppFactory _app = new(demo: true);
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private int _consultationId;
    private string _sessionKey = string.Empty;
    private string _secondCoHost = string.Empty;

    public async Task InitializeAsync()
    {
        _app.CreateClient().Dispose();
        _consultationId = await _app.ConsultationIdAsync();
        var session = await _app.QueryAsync(db => db.Consultations.Include(c => c.Days).ThenInclude(d => d.Items)
            .SelectMany(c => c.Days).SelectMany(d => d.Items)
            .Where(i => i.ClusterNumber == 2).OrderBy(i => i.Key).FirstAsync());
        _sessionKey = session.Key;
        _secondCoHost = session.CoHosts[1];
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private string Input(string name, string text)
    {
        var path = Path.Combine(_app.Folder.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<int> RunAsync(params string[] args) => AccountsCommand.RunAsync(args, _output, _error);

    private Task<int> UsersAsync() => _app.QueryAsync(db => db.Users.CountAsync());

    [Fact]
    public async Task It_refuses_to_run_without_a_database_named_on_the_command_line()
    {
        var input = Input("people.csv", "email,name,role\nnew.person@example.org,New Person,participant\n");
        var users = await UsersAsync();

        var status = await RunAsync("create", "--consultation", $"{_consultationId}", "--input", input);

        Assert.Equal(2, status);
        var line = Assert.Single(_error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--database", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, _output.ToString());
        Assert.Equal(users, await UsersAsync());
    }

    [Fact]
    public async Task It_refuses_a_database_file_that_does_not_exist_and_creates_none()
    {
        var missing = Path.Combine(_app.Folder.Path, "elsewhere.db");
        var input = Input("people.csv", "email,name,role\nnew.person@example.org,New Person,participant\n");

        var status = await RunAsync("create", "--database", missing, "--consultation", $"{_consultationId}", "--input", input);

        Assert.Equal(2, status);
        Assert.Contains(missing, _error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task It_creates_accounts_roles_and_tokens_in_one_go_and_writes_them_to_a_private_file()
    {
        var input = Input("people.csv", $"""
            email,name,role,session,organisation
            Load.One@example.org,Load One,participant,,
            load.two@example.org,"Two, Load",observer,,
            load.three@example.org,Load Three,cohost,{_sessionKey},{_secondCoHost.ToUpperInvariant()}
            load.three@example.org,Load Three,participant,,
            load.four@example.org,Load Four,organiser,,
            participant1@example.org,Anjali Ramaswamy,participant,,
            """);
        var output = Path.Combine(_app.Folder.Path, "tokens.csv");
        var before = DateTimeOffset.UtcNow;

        var status = await RunAsync("create", "--database", _app.DatabasePath, "--consultation", $"{_consultationId}", "--input", input, "--output", output, "--token-days", "3");

        Assert.True(status == 0, _error.ToString());
        var lines = File.ReadAllLines(output);
        Assert.Equal("email,pseudonym,role,token", lines[0]);
        Assert.Equal(6, lines.Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        }

        var three = await _app.ParticipationOfAsync("load.three@example.org", _consultationId);
        Assert.True(three.IsParticipant);
        Assert.Equal(_secondCoHost, Assert.Single(three.CoHostSeats).Organisation);
        Assert.Contains(lines, l => l.StartsWith($"load.three@example.org,{three.Pseudonym},cohost participant,sdpat_", StringComparison.Ordinal));
        Assert.True((await _app.ParticipationOfAsync("load.two@example.org", _consultationId)).IsObserver);
        Assert.True((await _app.ParticipationOfAsync("load.four@example.org", _consultationId)).IsOrganiser);
        var one = await _app.ParticipationOfAsync("load.one@example.org", _consultationId);
        Assert.True(one.IsParticipant);
        Assert.Contains(lines, l => l.StartsWith($"load.one@example.org,{one.Pseudonym},participant,sdpat_", StringComparison.Ordinal));

        // An existing participant keeps their account, number and approved registration; they get a token too.
        var existing = await _app.ParticipationOfAsync("participant1@example.org", _consultationId);
        Assert.NotNull(existing.RegistrationId);
        Assert.Contains(lines, l => l.StartsWith($"participant1@example.org,{existing.Pseudonym},participant,sdpat_", StringComparison.Ordinal));
        Assert.Equal(1, await _app.QueryAsync(db => db.Users.CountAsync(u => u.Email == "participant1@example.org")));

        var tokens = await _app.QueryAsync(db => db.AccessTokens.Where(t => t.Name.StartsWith("accounts create")).ToListAsync());
        Assert.Equal(5, tokens.Count);
        Assert.All(tokens, t => Assert.InRange(t.ExpiresAt!.Value, before.AddDays(3).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(3).AddMinutes(1)));
        Assert.Equal(string.Empty, _output.ToString());
        var audit = await _app.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "AccountsCreatedByCommand"));
        Assert.Equal((_consultationId, "5 people"), (audit.ConsultationId!.Value, audit.Subject!));
    }

    [Fact]
    public async Task A_token_it_issues_authenticates_an_http_request_as_its_account()
    {
        var input = Input("people.csv", "email,name,role\nscript.runner@example.org,Script Runner,participant\n");

        var status = await RunAsync("create", "--database", _app.DatabasePath, "--consultation", $"{_consultationId}", "--input", input);

        Assert.True(status == 0, _error.ToString());
        var row = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split(',');
        using var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", row[3]);
        var (pageStatus, page) = await Html.GetAsync(client, $"/consultations/{_consultationId}/me");
        Assert.Equal(HttpStatusCode.OK, pageStatus);
        Assert.Equal(row[1], page.QuerySelector(".pseudonym")!.Text());

        using var forbidden = await client.GetAsync(new Uri($"/consultations/{_consultationId}/manage/invitations", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task A_file_with_any_bad_row_stores_nothing_and_lists_every_problem_by_line()
    {
        var input = Input("people.csv", $"""
            email,name,role,session
            good.person@example.org,Good Person,participant,
            not-an-email,Bad Email,participant,
            no.role@example.org,No Role,chair,
            cohost.without@example.org,No Session,cohost,
            cohost.wrong@example.org,Wrong Session,cohost,no-such-key
            """);
        var users = await UsersAsync();
        var tokens = await _app.QueryAsync(db => db.AccessTokens.CountAsync());

        var status = await RunAsync("create", "--database", _app.DatabasePath, "--consultation", $"{_consultationId}", "--input", input);
        var database = await RunAsync("create", "--database", _app.DatabasePath, "--consultation", $"{_consultationId}",
            "--input", Input("other.csv", "email,name,role,session\ncohost.wrong@example.org,Wrong Session,cohost,no-such-key\n"));

        Assert.Equal(1, status);
        var errors = _error.ToString();
        Assert.Contains("line 3: this is not an e-mail address", errors, StringComparison.Ordinal);
        Assert.Contains("line 4: the role is one of", errors, StringComparison.Ordinal);
        Assert.Contains("line 5: a cohost row names the session", errors, StringComparison.Ordinal);
        Assert.Equal(1, database);
        Assert.Contains("line 2: 'no-such-key' is not the key of a parallel session", errors, StringComparison.Ordinal);
        Assert.Equal(users, await UsersAsync());
        Assert.Equal(tokens, await _app.QueryAsync(db => db.AccessTokens.CountAsync()));
        Assert.Equal(string.Empty, _output.ToString());
    }

    [Fact]
    public async Task Help_prints_the_usage()
    {
        var status = await RunAsync("help");

        Assert.Equal(0, status);
        Assert.Contains("accounts create --database PATH --consultation ID --input people.csv", _output.ToString(), StringComparison.Ordinal);
    }
}
