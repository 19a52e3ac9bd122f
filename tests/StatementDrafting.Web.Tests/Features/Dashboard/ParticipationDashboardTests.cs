using System.Globalization;
using System.Net;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Dashboard;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Demo;

namespace StatementDrafting.Web.Tests.Features.Dashboard;

/// <summary>
/// The participation dashboard against the demo seed: expectations are computed from <see cref="DemoPeople"/>'s
/// registrants (approved) and pending registrations, and from the people the fixture marks present.
/// </summary>
public sealed class ParticipationDashboardTests(ParticipationDashboardTests.MarkedDemo demo) : IClassFixture<ParticipationDashboardTests.MarkedDemo>
{
    /// <summary>The demo, with registrants 1 to 6 marked present on day 1, registrants 5 to 9 on day 2, and cluster 1's co-host on day 1.</summary>
    public sealed class MarkedDemo : IAsyncLifetime
    {
        public static readonly int[] DayOne = [0, 1, 2, 3, 4, 5];
        public static readonly int[] DayTwo = [4, 5, 6, 7, 8];

        public AppFactory App { get; } = new(demo: true);

        public int ConsultationId { get; private set; }

        public static IEnumerable<int> PresentAnyDay => DayOne.Union(DayTwo);

        public async Task InitializeAsync()
        {
            App.CreateClient().Dispose();
            ConsultationId = await App.ConsultationIdAsync();
            foreach (var (indexes, day) in new[] { (DayOne, 1), (DayTwo, 2) })
            {
                foreach (var i in indexes)
                {
                    await MarkAsync($"participant{i + 1}@example.org", day);
                }
            }

            await MarkAsync("cohost1@example.org", 1);
        }

        private async Task MarkAsync(string email, int day)
        {
            var participation = await App.ParticipationOfAsync(email);
            await App.SendAsAsync("organiser@example.org", m => m.Send(new MarkPresent(ConsultationId, participation.Id, day)));
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    private sealed record Person(string Name, string Category, string Country, string Region, Gender Gender, bool Approved, bool Present);

    private static readonly IReadOnlyList<Person> Registered =
    [
        .. DemoPeople.Registrants.Select((r, i) => new Person(r.Name, r.Category, r.Country, r.Region, r.Gender, true, MarkedDemo.PresentAnyDay.Contains(i))),
        .. DemoPeople.Pending.Select(r => new Person(r.Name, r.Category, r.Country, r.Region, r.Gender, false, false)),
    ];

    private static int Percent(int part, int whole) => whole == 0 ? 0 : (int)Math.Round(100.0 * part / whole, MidpointRounding.AwayFromZero);

    private string DashboardPath => $"/consultations/{demo.ConsultationId}/manage/dashboard";

    private async Task<AngleSharp.Dom.IDocument> OrganiserPageAsync()
    {
        using var client = await demo.App.ClientAsAsync("organiser@example.org");
        var (status, page) = await Html.GetAsync(client, DashboardPath);
        Assert.Equal(HttpStatusCode.OK, status);
        return page;
    }

    private static string TotalOf(AngleSharp.Dom.IDocument page, string total) =>
        page.QuerySelector($"[data-total='{total}'] .totals__number")!.Text();

    [Fact]
    public async Task Totals_count_registered_approved_and_present_per_day_and_on_any_day()
    {
        var page = await OrganiserPageAsync();

        var coHosts = DemoFacts.Clusters.Count();
        Assert.Equal((DemoPeople.Registrants.Length + DemoPeople.Pending.Length).ToString(CultureInfo.InvariantCulture), TotalOf(page, "registered"));
        Assert.Contains($"{DemoPeople.Pending.Length} pending", page.QuerySelector("[data-total=registered]")!.Text(), StringComparison.Ordinal);
        Assert.Equal(DemoPeople.Registrants.Length.ToString(CultureInfo.InvariantCulture), TotalOf(page, "approved"));
        Assert.Equal((MarkedDemo.DayOne.Length + 1).ToString(CultureInfo.InvariantCulture), TotalOf(page, "present-day-1"));
        Assert.Equal(MarkedDemo.DayTwo.Length.ToString(CultureInfo.InvariantCulture), TotalOf(page, "present-day-2"));
        Assert.Equal((MarkedDemo.PresentAnyDay.Count() + 1).ToString(CultureInfo.InvariantCulture), TotalOf(page, "present"));
        Assert.Contains($"of {DemoPeople.Registrants.Length + coHosts} participants and co-hosts", page.QuerySelector("[data-total=present]")!.Text(), StringComparison.Ordinal);
    }

    public static TheoryData<string> Dimensions() => ["Stakeholder category", "Country", "Region", "Gender"];

    [Theory]
    [MemberData(nameof(Dimensions))]
    public async Task Each_breakdown_shows_counts_and_shares_of_registered_approved_and_present_people(string dimension)
    {
        Func<Person, string> valueOf = dimension switch
        {
            "Stakeholder category" => p => p.Category,
            "Country" => p => p.Country,
            "Region" => p => p.Region,
            _ => p => GenderWords.Of(p.Gender),
        };
        var page = await OrganiserPageAsync();
        var table = page.QuerySelector($"table[data-dimension='{dimension}']");
        Assert.NotNull(table);
        Assert.NotNull(table.QuerySelector("thead th[scope=col]"));

        var approvedTotal = Registered.Count(p => p.Approved);
        var presentTotal = Registered.Count(p => p.Present);
        foreach (var group in Registered.GroupBy(valueOf))
        {
            var row = table.QuerySelector($"tbody tr[data-value='{group.Key}']");
            Assert.True(row is not null, $"No row for {group.Key}");
            Assert.Equal(group.Key, row.QuerySelector("th[scope=row]")!.Text());
            var registered = group.Count();
            var approved = group.Count(p => p.Approved);
            var present = group.Count(p => p.Present);
            Assert.Equal($"{registered} ({Percent(registered, Registered.Count)}%)", row.QuerySelector("[data-column=registered]")!.Text());
            Assert.Equal($"{approved} ({Percent(approved, approvedTotal)}%)", row.QuerySelector("[data-column=approved] .share__text")!.Text());
            Assert.Equal($"{present} ({Percent(present, presentTotal)}%)", row.QuerySelector("[data-column=present]")!.Text());

            var bar = row.QuerySelector("[data-column=approved] .share-bar")!;
            Assert.Equal("true", bar.GetAttribute("aria-hidden"));
            Assert.Equal(
                string.Create(CultureInfo.InvariantCulture, $"width: {100.0 * approved / approvedTotal:0.#}%"),
                bar.QuerySelector(".share-bar__fill")!.GetAttribute("style"));
        }

        Assert.Equal(
            [Registered.Count.ToString(CultureInfo.InvariantCulture), approvedTotal.ToString(CultureInfo.InvariantCulture), presentTotal.ToString(CultureInfo.InvariantCulture)],
            table.QuerySelectorAll("tfoot td").Select(td => td.Text()));
    }

    [Fact]
    public async Task Listed_categories_and_regions_show_even_when_nobody_registered_under_them()
    {
        var page = await OrganiserPageAsync();

        foreach (var (dimension, listed) in new[] { ("Stakeholder category", DemoFacts.Strings("stakeholderCategories")), ("Region", DemoFacts.Consultation.GetProperty("regions").GetProperty("list").EnumerateArray().Select(e => e.GetString()!)) })
        {
            Assert.Equal(listed, page.QuerySelectorAll($"table[data-dimension='{dimension}'] tbody tr").Select(tr => tr.GetAttribute("data-value")));
        }

        Assert.Equal("0 (0%)", page.QuerySelector("table[data-dimension='Stakeholder category'] tr[data-value='parliamentarians'] [data-column=registered]")!.Text());
    }

    [Fact]
    public async Task The_summary_line_reads_like_a_consultation_report()
    {
        var page = await OrganiserPageAsync();

        var approved = DemoPeople.Registrants;
        var countries = approved.Select(r => r.Country).Distinct().Count();
        var largest = approved.GroupBy(r => r.Category).OrderByDescending(g => g.Count()).First();
        Assert.True(approved.GroupBy(r => r.Category).Count(g => g.Count() == largest.Count()) == 1, "The demo's largest category is unique.");
        var women = approved.Count(r => r.Gender == Gender.Woman);
        Assert.Equal(
            $"{approved.Length} stakeholders from {countries} countries; {Percent(largest.Count(), approved.Length)} per cent {largest.Key}; {Percent(women, approved.Length)} per cent women",
            page.QuerySelector("[data-testid=participation-summary]")!.Text());
    }

    [Fact]
    public async Task The_participant_list_names_everyone_taking_part_with_presence_and_a_button_per_day()
    {
        var page = await OrganiserPageAsync();

        var rows = page.QuerySelectorAll("table.people tbody tr");
        Assert.Equal(DemoPeople.Registrants.Length + DemoFacts.Clusters.Count(), rows.Length);
        var text = page.QuerySelector("table.people")!.Text();
        Assert.All(DemoPeople.Registrants, r => Assert.Contains(r.Name, text, StringComparison.Ordinal));
        Assert.All(DemoPeople.Registrants, r => Assert.Contains(r.Organisation, text, StringComparison.Ordinal));
        Assert.DoesNotContain(DemoPeople.Pending, p => text.Contains(p.Name, StringComparison.Ordinal));
        Assert.All(rows, row =>
        {
            Assert.Equal(2, row.QuerySelectorAll("td[data-day]").Length);
            Assert.All(row.QuerySelectorAll("td[data-day]"), cell => Assert.Equal(
                cell.GetAttribute("data-present") == "yes" ? "Unmark" : "Mark present",
                cell.QuerySelector("button[name=Change]")!.ChildNodes.OfType<AngleSharp.Dom.IText>().Select(t => t.Text.Trim()).First(t => t.Length > 0)));
        });

        var first = rows.First(r => r.Text().Contains(DemoPeople.Registrants[0].Name, StringComparison.Ordinal));
        Assert.Equal(["yes", "no"], first.QuerySelectorAll("td[data-day]").Select(c => c.GetAttribute("data-present")));
        Assert.Contains($"{DemoPeople.Registrants[0].Name} on day 1", first.QuerySelector("td[data-day='1'] button .visually-hidden")!.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("participant1@example.org")]
    [InlineData("observer@example.org")]
    [InlineData("cohost1@example.org")]
    public async Task Participants_observers_and_co_hosts_get_403_and_see_no_names(string email)
    {
        using var client = await demo.App.ClientAsAsync(email);

        var (status, page) = await Html.GetAsync(client, DashboardPath);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.DoesNotContain(DemoPeople.Registrants, r => page.Body!.Text().Contains(r.Name, StringComparison.Ordinal));
        await Assert.ThrowsAsync<AccessDeniedException>(() => demo.App.SendAsAsync(email, m => m.Send(new GetParticipationDashboard(demo.ConsultationId))));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_come_back_to_the_dashboard()
    {
        using var client = demo.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri(DashboardPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Contains("account/sign-in?returnUrl=", location, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(DashboardPath), location, StringComparison.Ordinal);
    }
}
