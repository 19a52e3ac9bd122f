using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Audit;
using StatementDrafting.Web.Features.Dashboard;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Demo;
using StatementDrafting.Web.Infrastructure.Identity;

namespace StatementDrafting.Web.Tests.Features.Audit;

public sealed partial class AuditTrailTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly AppFactory _app = new(demo: true);

    public AuditTrailTests() => _app.CreateClient().Dispose();

    public void Dispose() => _app.Dispose();

    private async Task<string> AuditPathAsync(string query = "") => $"/consultations/{await _app.ConsultationIdAsync()}/manage/audit{query}";

    private async Task<AngleSharp.Dom.IDocument> OrganiserReadsAsync(string query = "")
    {
        using var client = await _app.ClientAsAsync("organiser@example.org");
        var (status, page) = await Html.GetAsync(client, await AuditPathAsync(query));
        Assert.Equal(HttpStatusCode.OK, status);
        return page;
    }

    private async Task<int> MarkSomeoneAsync(bool present = true)
    {
        var consultationId = await _app.ConsultationIdAsync();
        var someone = await _app.ParticipationOfAsync("participant2@example.org");
        await _app.SendAsAsync("organiser@example.org", m => m.Send(new MarkPresent(consultationId, someone.Id, 1, present)));
        return someone.Id;
    }

    [Fact]
    public async Task Organisers_see_a_members_sign_in_and_an_organiser_decision_with_time_actor_action_subject_and_outcome()
    {
        await _app.SetPasswordAsync("cohost1@example.org", Password);
        using var signedIn = await _app.SignInAsync("cohost1@example.org", Password);
        var participationId = await MarkSomeoneAsync();

        var page = await OrganiserReadsAsync();

        var rows = page.QuerySelectorAll("table.audit-trail tbody tr");
        Assert.Equal(["MarkPresent", "SignedIn"], rows.Select(r => r.GetAttribute("data-action")));
        static string[] Cells(AngleSharp.Dom.IElement row) =>
        [
            .. row.QuerySelectorAll("td").Select(td => td.Text()).Take(1),
            row.QuerySelector(".actor")!.Text(),
            row.QuerySelector(".actor-email")?.Text() ?? string.Empty,
            .. row.QuerySelectorAll("td").Skip(2).Select(td => td.Text()),
        ];
        var decision = Cells(rows[0]);
        Assert.Equal(["Demo Organiser", "organiser@example.org", "Mark present", $"Participation {participationId}, day 1, present", "Done"], decision.Skip(1));
        var signIn = Cells(rows[1]);
        Assert.Equal(["Demo Co-host 1", "cohost1@example.org", "Signed in", "—", "Done"], signIn.Skip(1));

        var entry = await _app.QueryAsync(db => db.AuditEntries.OrderBy(e => e.Id).FirstAsync(e => e.Action == "SignedIn"));
        var zone = await _app.QueryAsync(db => db.Consultations.Select(c => c.TimeZoneId).SingleAsync());
        var local = TimeZoneInfo.ConvertTime(entry.At, TimeZoneInfo.FindSystemTimeZoneById(zone));
        Assert.Equal(local.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), signIn[0]);
        Assert.Contains(zone, page.QuerySelector("main header.page-header")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_ins_of_accounts_outside_the_consultation_are_not_in_its_trail()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var outsider = DemoPeople.NewUser("outsider@example.org", "Out Sider", DateTimeOffset.UtcNow, scope.ServiceProvider.GetRequiredService<ILookupNormalizer>());
            Assert.True((await users.CreateAsync(outsider, Password)).Succeeded);
        }

        using var outsiderClient = await _app.SignInAsync("outsider@example.org", Password);

        var page = await OrganiserReadsAsync();
        Assert.DoesNotContain("Out Sider", page.Body!.Text(), StringComparison.Ordinal);
        Assert.Equal(1, await _app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "SignedIn")));
    }

    [Theory]
    [InlineData("participant1@example.org")]
    [InlineData("observer@example.org")]
    [InlineData("cohost1@example.org")]
    public async Task Participants_observers_and_co_hosts_get_403(string email)
    {
        await MarkSomeoneAsync();
        using var client = await _app.ClientAsAsync(email);

        var (status, page) = await Html.GetAsync(client, await AuditPathAsync());

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Null(page.QuerySelector("table.audit-trail"));
        Assert.DoesNotContain("organiser@example.org", page.Body!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        using var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri(await AuditPathAsync(), UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("account/sign-in?returnUrl=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_hold_only_names_of_actions_ids_and_outcomes_and_the_page_never_shows_statement_text()
    {
        var consultationId = await _app.ConsultationIdAsync();
        var statements = await _app.QueryAsync(db => db.Statements.Include(s => s.Blocks).ToListAsync());
        using (var participant = await _app.ClientAsAsync("participant1@example.org"))
        {
            foreach (var statement in statements)
            {
                await participant.GetStringAsync(new Uri($"/statements/{statement.Id}", UriKind.Relative));
            }
        }

        await _app.SetPasswordAsync("cohost2@example.org", Password);
        using (var coHost = await _app.SignInAsync("cohost2@example.org", Password))
        {
            await Forms.SubmitAsync(coHost, "/", "form[action='account/sign-out']", []);
        }

        await MarkSomeoneAsync();
        await MarkSomeoneAsync(present: false);
        var someone = await _app.ParticipationOfAsync("participant3@example.org");
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.SendAsAsync("participant1@example.org", m => m.Send(new MarkPresent(consultationId, someone.Id, 1))));
        await _app.SendAsAsync("participant1@example.org", m => m.Send(new RecordPresence(consultationId)));

        var entries = await _app.QueryAsync(db => db.AuditEntries.AsNoTracking().ToListAsync());
        Assert.Equal(["SignedIn", "SignedOut", "MarkPresent", "MarkPresent", "MarkPresent"], entries.OrderBy(e => e.Id).Select(e => e.Action));
        Assert.Equal([true, true, true, true, false], entries.OrderBy(e => e.Id).Select(e => e.Succeeded));
        Assert.All(entries, e =>
        {
            Assert.Matches(ActionName(), e.Action);
            Assert.True(e.Subject is null || IdsOnly().IsMatch(e.Subject), $"Subject '{e.Subject}' holds more than ids");
        });

        var secrets = statements.SelectMany(s => s.Blocks.Select(b => b.Text).Append(s.Title))
            .Select(t => t[..Math.Min(30, t.Length)])
            .Concat(DemoPeople.Registrants.SelectMany(r => new[] { r.Name, r.Organisation }))
            .ToList();
        Assert.All(entries, e => Assert.DoesNotContain(secrets, s => $"{e.Action}|{e.Subject}".Contains(s, StringComparison.Ordinal)));

        var page = await OrganiserReadsAsync();
        var shown = page.Body!.Text();
        Assert.DoesNotContain(statements.SelectMany(s => s.Blocks).Where(b => b.Kind != BlockKind.Heading).Select(b => b.Text[..Math.Min(30, b.Text.Length)]), t => shown.Contains(t, StringComparison.Ordinal));
        Assert.Equal(5, page.QuerySelectorAll("table.audit-trail tbody tr").Length);
        Assert.Equal("Refused", page.QuerySelector("table.audit-trail tbody tr td:last-child")!.Text());
    }

    [Fact]
    public async Task The_trail_is_paged_fifty_at_a_time_newest_first_and_filtered_by_action()
    {
        var consultationId = await _app.ConsultationIdAsync();
        await MarkSomeoneAsync();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var trail = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            for (var i = 1; i <= 60; i++)
            {
                await trail.RecordAsync(null, "ImportRegistrationsCSV", consultationId, $"Row {i}", succeeded: true, CancellationToken.None);
            }
        }

        var first = await OrganiserReadsAsync();
        var second = await OrganiserReadsAsync("?page=2");
        var filtered = await OrganiserReadsAsync("?action=MarkPresent");

        var firstRows = first.QuerySelectorAll("table.audit-trail tbody tr");
        Assert.Equal(GetAuditTrail.PageSize, firstRows.Length);
        Assert.Equal("Row 60", firstRows[0].QuerySelectorAll("td")[3].Text());
        Assert.Equal("anonymous", firstRows[0].QuerySelector(".actor")!.Text());
        Assert.Equal("Import registrations CSV", firstRows[0].QuerySelectorAll("td")[2].Text());
        Assert.NotNull(first.QuerySelector("nav.pager a[rel=next]"));
        Assert.Null(first.QuerySelector("nav.pager a[rel=prev]"));

        var secondRows = second.QuerySelectorAll("table.audit-trail tbody tr");
        Assert.Equal(11, secondRows.Length);
        Assert.Equal("MarkPresent", secondRows[^1].GetAttribute("data-action"));
        Assert.NotNull(second.QuerySelector("nav.pager a[rel=prev]"));

        Assert.Equal(["MarkPresent"], filtered.QuerySelectorAll("table.audit-trail tbody tr").Select(r => r.GetAttribute("data-action")));
        Assert.Equal("MarkPresent", filtered.QuerySelector("select#audit-action option[selected]")!.GetAttribute("value"));
        Assert.Equal(["", "ImportRegistrationsCSV", "MarkPresent"], filtered.QuerySelectorAll("select#audit-action option").Select(o => o.GetAttribute("value")));
        Assert.NotNull(filtered.QuerySelector("label[for=audit-action]"));
    }

    [Theory]
    [InlineData("ApproveRegistration", "Approve registration")]
    [InlineData("SignedIn", "Signed in")]
    [InlineData("SignedInByInvitation", "Signed in by invitation")]
    [InlineData("ExportInvitationsCSV", "Export invitations CSV")]
    [InlineData("ImportCSVFile", "Import CSV file")]
    [InlineData("MarkPresent", "Mark present")]
    public void Actions_are_shown_in_words(string action, string words) => Assert.Equal(words, ActionWords.Of(action));

    [GeneratedRegex(@"^[A-Z][A-Za-z]*$")]
    private static partial Regex ActionName();

    /// <summary>"Participation 12", "Participation 12, day 1, present": a kind, an id, and a few plain words.</summary>
    [GeneratedRegex(@"^[A-Z][a-z]+ \d+(, day \d+)?(, (present|not present))?$")]
    private static partial Regex IdsOnly();
}
