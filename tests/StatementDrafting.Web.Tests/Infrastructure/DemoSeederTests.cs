using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Web.Infrastructure.Demo;

namespace StatementDrafting.Web.Tests.Infrastructure;

public class DemoSeederTests
{
    private static readonly TimeZoneInfo Bangkok = ZonedTime.FindZone("Asia/Bangkok");

    /// <summary>Instants around the year, and either side of day 1's end (12:30 in Bangkok = 05:30 UTC).</summary>
    public static TheoryData<string> Instants()
    {
        var data = new TheoryData<string>
        {
            "2026-11-22T05:29:59Z",
            "2026-11-22T05:30:00Z",
            "2026-11-22T16:59:59Z",
            "2026-11-22T17:00:00Z",
            "2027-02-28T12:00:00Z",
            "2028-02-28T23:00:00Z",
        };
        var random = new Random(20261122);
        for (var i = 0; i < 6; i++)
        {
            data.Add(DateTimeOffset.UnixEpoch.AddSeconds(random.NextInt64(1_700_000_000, 2_100_000_000)).ToString("O", CultureInfo.InvariantCulture));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Instants))]
    public void The_demo_date_shift_keeps_every_items_local_time_and_the_gap_between_days(string instant)
    {
        var now = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);
        var consultation = DemoSeeder.BuildConsultation(now);

        var expected = DemoFacts.Items.Select(i => (i.GetProperty("id").GetString()!, i.GetProperty("start").GetString()!, i.GetProperty("end").GetString()!));
        var actual = consultation.Days.SelectMany(d => d.Items).Select(i => (i.Key, i.Start.ToString("HH:mm", CultureInfo.InvariantCulture), i.End.ToString("HH:mm", CultureInfo.InvariantCulture)));
        Assert.Equal(expected, actual);

        var originalDays = DemoFacts.Consultation.GetProperty("days").EnumerateArray().Select(d => DateOnly.Parse(d.GetProperty("date").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(originalDays[1].DayNumber - originalDays[0].DayNumber, consultation.Days[1].Date.DayNumber - consultation.Days[0].Date.DayNumber);

        var today = ZonedTime.DateIn(now, Bangkok);
        var dayOneEnd = ZonedTime.ToInstant(today, new TimeOnly(12, 30), Bangkok);
        Assert.Equal(now < dayOneEnd ? today : today.AddDays(1), consultation.Days[0].Date);
        Assert.Equal(consultation.Days[^1].Date.ToDateTime(new TimeOnly(23, 59)), consultation.RegistrationClosesLocal);
    }

    [Fact]
    public async Task The_seeded_database_holds_every_fact_of_the_reference_consultation()
    {
        using var app = new AppFactory(demo: true);
        app.CreateClient();
        var consultation = await app.QueryAsync(db => db.Consultations
            .Include(c => c.Clusters).Include(c => c.Days).ThenInclude(d => d.Items).Include(c => c.SpeakerSlots)
            .SingleAsync());
        var facts = DemoFacts.Consultation;

        Assert.Equal(facts.GetProperty("title").GetString(), consultation.Title);
        Assert.Equal("Asia/Bangkok", consultation.TimeZoneId);
        Assert.Equal(new ConsultationRules(ChathamHouse: true, Recorded: false, OnePersonPerOrganisation.Warn, AdoptionRule.Consensus), consultation.Rules);
        Assert.Equal(23, consultation.Objectives.Count);
        Assert.Equal("Manage borders in an integrated, secure and coordinated manner", consultation.Objectives.Single(o => o.Number == 11).Title);
        Assert.Equal(DemoFacts.Clusters.Select(c => (c.Number, c.Title, string.Join(',', c.Objectives))), consultation.Clusters.Select(c => (c.Number, c.Title, string.Join(',', c.ObjectiveNumbers))));

        var items = consultation.Days.OrderBy(d => d.Number).SelectMany(d => d.Items).ToList();
        Assert.Equal(
            DemoFacts.Items.Select(i => (
                i.GetProperty("id").GetString(),
                i.GetProperty("kind").GetString(),
                i.GetProperty("title").GetString(),
                i.TryGetProperty("cluster", out var c) ? c.GetInt32() : (int?)null,
                i.TryGetProperty("coHosts", out var h) ? string.Join('|', h.EnumerateArray().Select(x => x.GetString())) : string.Empty)),
            items.Select(i => ((string?)i.Key, (string?)i.Kind.ToString().ToLowerInvariant(), (string?)i.Title, i.ClusterNumber, string.Join('|', i.CoHosts))));

        Assert.Equal(
            facts.GetProperty("speakerSlots").EnumerateArray().Select(s => (s.GetProperty("kind").GetString(), s.GetProperty("count").GetInt32(), s.GetProperty("minutesEach").ValueKind == System.Text.Json.JsonValueKind.Null ? (int?)null : s.GetProperty("minutesEach").GetInt32(), s.GetProperty("note").GetString())),
            consultation.SpeakerSlots.OrderBy(s => s.Id).Select(s => ((string?)s.Kind, s.Count, s.MinutesEach, (string?)s.Note)));
        Assert.Equal(10, consultation.SpeakerSlots.Sum(s => s.Count));
        Assert.Equal(DemoFacts.Strings("stakeholderCategories"), consultation.StakeholderCategories);
        Assert.Equal(DemoFacts.Strings("balanceDimensions"), consultation.BalanceDimensions);
        Assert.Equal(facts.GetProperty("regions").GetProperty("list").EnumerateArray().Select(r => r.GetString()), consultation.Regions);
    }

    [Fact]
    public async Task The_home_page_marks_the_sessions_under_way_and_the_ones_up_next()
    {
        // 04:00 UTC is 11:00 in Bangkok: parallel sessions 3 and 4 of day 1 (10:40-12:00) are on; the closing (12:00) is next.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 4, 0, 0, TimeSpan.Zero));
        using var app = new AppFactory(demo: true, clock: clock);

        var (_, page) = await Html.GetAsync(app.CreateClient(), "/");

        Assert.Equal(["d1-5", "d1-6"], page.QuerySelectorAll("li.is-now").Select(li => li.GetAttribute("data-agenda-key")));
        Assert.All(page.QuerySelectorAll("li.is-now"), li => Assert.Equal("time", li.GetAttribute("aria-current")));
        Assert.Equal(["d1-7"], page.QuerySelectorAll("li.is-next").Select(li => li.GetAttribute("data-agenda-key")));
        Assert.Contains("Now Parallel Session 3 · Parallel Session 4", page.QuerySelector("[data-testid=now-next]")!.Text(), StringComparison.Ordinal);
        Assert.Contains("Next Closing, today at 12:00", page.QuerySelector("[data-testid=now-next]")!.Text(), StringComparison.Ordinal);
        Assert.Contains("Sunday 22 November 2026", page.QuerySelector("#day-1")!.Text(), StringComparison.Ordinal);
    }
}
