using System.Globalization;
using System.Text.RegularExpressions;

using Microsoft.Playwright;

using StatementDrafting.BrowserTests.Pages;

using static Microsoft.Playwright.Assertions;

namespace StatementDrafting.BrowserTests.Features.Consultations;

/// <summary>
/// The agenda shows each item in the consultation's own zone and, once the circuit has asked the browser for its zone,
/// in the reader's zone as well. Every expected time is computed here from the item's instant with <see cref="TimeZoneInfo"/>.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class AgendaTimeZoneTests(BrowserFixture browser)
{
    private const string ConsultationZoneId = "Asia/Bangkok";

    private static readonly TimeZoneInfo ConsultationZone = TimeZoneInfo.FindSystemTimeZoneById(ConsultationZoneId);

    [Fact]
    public async Task Home_page_shows_agenda_times_in_the_consultation_zone_and_the_readers_own()
    {
        var shown = await AgendaAsReadInAsync("America/New_York");

        // New York is half a day behind Bangkok: the morning of day 1 is still the evening before there.
        Assert.Contains(shown, item => item.ReaderDate != item.ConsultationDate);
    }

    [Fact]
    public async Task Readers_ahead_of_the_consultation_see_its_times_on_the_same_day_without_a_date()
    {
        var shown = await AgendaAsReadInAsync("Pacific/Auckland");

        Assert.All(shown, item =>
        {
            Assert.Equal(item.ConsultationDate, item.ReaderDate);
            Assert.DoesNotContain("(", item.ReaderText, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Readers_a_day_behind_see_every_time_labelled_with_their_own_date()
    {
        var shown = await AgendaAsReadInAsync("Pacific/Honolulu");

        Assert.All(shown, item =>
        {
            Assert.Equal(item.ConsultationDate.AddDays(-1), item.ReaderDate);
            Assert.EndsWith($"({item.ReaderDate.ToString("ddd d MMM", CultureInfo.InvariantCulture)})", item.ReaderText, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Readers_whose_clocks_match_the_consultations_see_no_second_time()
    {
        await using var context = await browser.NewContextAsync(timeZoneId: "Asia/Jakarta");
        var home = new HomePage(await context.NewPageAsync());
        await home.GotoAsync();

        await home.WaitForReaderZoneAsync();
        await Expect(home.ReaderZoneNote).ToContainTextAsync("keeps the same time as the consultation's");
        await Expect(home.ReaderTimes).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Opens the front page in a browser whose clock reads <paramref name="readerZoneId"/> and checks every agenda item's
    /// two times against the item's instant. Returns what each item showed, for the caller's own checks.
    /// </summary>
    private async Task<IReadOnlyList<ShownItem>> AgendaAsReadInAsync(string readerZoneId)
    {
        var readerZone = TimeZoneInfo.FindSystemTimeZoneById(readerZoneId);
        await using var context = await browser.NewContextAsync(timeZoneId: readerZoneId);
        var home = new HomePage(await context.NewPageAsync());
        await home.GotoAsync();

        await Expect(home.Page.GetByText("Times are in the consultation's time zone")).ToContainTextAsync(ConsultationZoneId);
        await home.WaitForReaderZoneAsync();
        await Expect(home.ReaderZoneNote).ToContainTextAsync(readerZoneId);

        var shown = new List<ShownItem>();
        var days = await home.AgendaDays.AllAsync();
        Assert.NotEmpty(days);
        foreach (var day in days)
        {
            var dayDate = DateOfDayHeading(await HomePage.DayHeading(day).InnerTextAsync());
            var items = await HomePage.ItemsOf(day).AllAsync();
            Assert.NotEmpty(items);
            foreach (var item in items)
            {
                var consultationTime = HomePage.ConsultationTime(item);
                var startsAt = DateTimeOffset.ParseExact(
                    await consultationTime.GetAttributeAsync("datetime") ?? string.Empty, "O", CultureInfo.InvariantCulture);

                // The consultation's clock: the instant in Bangkok, on the day the item is listed under.
                var consultationStart = TimeZoneInfo.ConvertTime(startsAt, ConsultationZone);
                Assert.Equal(dayDate, DateOnly.FromDateTime(consultationStart.DateTime));
                await Expect(consultationTime).ToHaveTextAsync(new Regex($"^{Regex.Escape(Clock(consultationStart))}–\\d{{2}}:\\d{{2}}$"));
                var endsAt = EndInstant(dayDate, consultationStart, await consultationTime.InnerTextAsync());

                // The reader's clock.
                var readerStart = TimeZoneInfo.ConvertTime(startsAt, readerZone);
                var readerEnd = TimeZoneInfo.ConvertTime(endsAt, readerZone);
                var readerDate = DateOnly.FromDateTime(readerStart.DateTime);
                var expected = $"{Clock(readerStart)}–{Clock(readerEnd)} your time";
                if (readerDate != dayDate)
                {
                    expected += $" ({readerStart.ToString("ddd d MMM", CultureInfo.InvariantCulture)})";
                }

                await Expect(HomePage.ReaderTime(item)).ToHaveTextAsync(expected);
                shown.Add(new ShownItem(dayDate, readerDate, expected));
            }
        }

        await Expect(home.ReaderTimes).ToHaveCountAsync(shown.Count);
        return shown;
    }

    private static string Clock(DateTimeOffset time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"Day 1 · Tuesday 2 March 2021" → 2021-03-02.</summary>
    private static DateOnly DateOfDayHeading(string heading)
    {
        var dot = heading.IndexOf('·', StringComparison.Ordinal);
        Assert.True(dot > 0, $"The agenda day heading '{heading}' does not read 'Day N · date'.");
        return DateOnly.ParseExact(heading[(dot + 1)..].Trim(), "dddd d MMMM yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>The instant an item ends, from the end of its consultation-time text ("09:10–10:30").</summary>
    private static DateTimeOffset EndInstant(DateOnly dayDate, DateTimeOffset consultationStart, string consultationText)
    {
        var end = TimeOnly.ParseExact(consultationText[(consultationText.IndexOf('–', StringComparison.Ordinal) + 1)..].Trim(), "HH:mm", CultureInfo.InvariantCulture);
        var endDate = end > TimeOnly.FromDateTime(consultationStart.DateTime) ? dayDate : dayDate.AddDays(1);
        var utc = TimeZoneInfo.ConvertTimeToUtc(endDate.ToDateTime(end, DateTimeKind.Unspecified), ConsultationZone);
        return new DateTimeOffset(utc);
    }

    private sealed record ShownItem(DateOnly ConsultationDate, DateOnly ReaderDate, string ReaderText);
}
