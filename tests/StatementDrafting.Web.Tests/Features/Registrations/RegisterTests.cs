using System.Net;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Registrations;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Tests.Features.Registrations;

public sealed class RegisterTests
{
    private static (string, string)[] Answers(
        string name = "Ngaio Tapsell",
        string email = "ngaio.tapsell@example.net",
        string organisation = "Southern Islands Mobility Network",
        string category = "civil society",
        string country = "New Zealand",
        string region = "Pacific",
        string gender = "Woman",
        string cluster = "1") =>
    [
        ("Input.Name", name), ("Input.Email", email), ("Input.Organisation", organisation), ("Input.StakeholderCategory", category),
        ("Input.Country", country), ("Input.Region", region), ("Input.Gender", gender), ("Input.PreferredClusterNumber", cluster),
    ];

    [Fact]
    public async Task Registering_through_the_form_stores_a_pending_registration_and_confirms_without_repeating_anything_typed()
    {
        using var world = await RegistrationWorld.CreateAsync(closesLocal: new DateTime(2026, 3, 1, 15, 0, 0));
        using var browser = world.App.Browser();
        var path = $"/consultations/{world.ConsultationId}/register";

        var (status, _, location) = await Forms.SubmitAsync(browser, path, "form.form", Answers(email: "  Ngaio.Tapsell@Example.NET "));

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal($"/consultations/{world.ConsultationId}/registered", Forms.PathOf(location));
        var stored = Assert.Single(await world.RegistrationsAsync());
        Assert.Equal(("Ngaio Tapsell", "ngaio.tapsell@example.net", "Southern Islands Mobility Network"), (stored.Name, stored.Email, stored.Organisation));
        Assert.Equal(("civil society", "New Zealand", "Pacific", Gender.Woman, (int?)1), (stored.StakeholderCategory, stored.Country, stored.Region, stored.Gender, stored.PreferredClusterNumber));
        Assert.Equal((RegistrationStatus.Pending, RegistrationSource.Form), (stored.Status, stored.Source));
        Assert.Equal(world.Clock.GetUtcNow(), stored.SubmittedAt);

        var (confirmation, page) = await Html.GetAsync(browser, $"/consultations/{world.ConsultationId}/registered");
        Assert.Equal(HttpStatusCode.OK, confirmation);
        var text = page.Body!.Text();
        Assert.Contains("we have your registration", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ngaio", text, StringComparison.Ordinal);
        Assert.DoesNotContain("example.net", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Southern Islands", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_offers_the_consultations_lists_every_country_and_four_answers_for_gender_with_labels()
    {
        using var world = await RegistrationWorld.CreateAsync();

        var (status, page) = await Html.GetAsync(world.App.Browser(), $"/consultations/{world.ConsultationId}/register");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(RegistrationWorld.Categories, page.QuerySelectorAll("#category option").Skip(1).Select(o => o.GetAttribute("value")));
        Assert.Equal(RegistrationWorld.Regions, page.QuerySelectorAll("#region option").Skip(1).Select(o => o.GetAttribute("value")));
        var countries = page.QuerySelectorAll("#country option").Skip(1).Select(o => o.GetAttribute("value")!).ToList();
        Assert.Contains("Thailand", countries);
        Assert.Contains("New Zealand", countries);
        Assert.Equal("Other", countries[^1]);
        Assert.Equal(countries.Count, countries.Distinct().Count());
        Assert.True(countries.Count > 150, $"only {countries.Count} countries");
        Assert.DoesNotContain("World", countries);
        Assert.Equal(["Woman", "Man", "AnotherGender", "PreferNotToSay"], page.QuerySelectorAll("fieldset input[type=radio]").Select(r => r.GetAttribute("value")));
        Assert.All(page.QuerySelectorAll("fieldset input[type=radio]"), r => Assert.Equal("Input.Gender", r.GetAttribute("name")));
        Assert.Equal("Gender", page.QuerySelector("fieldset legend")!.Text());
        foreach (var id in new[] { "name", "email", "organisation", "category", "country", "region", "cluster" })
        {
            Assert.NotNull(page.QuerySelector($"label[for={id}]"));
        }
    }

    [Fact]
    public async Task A_form_with_every_answer_missing_shows_each_problem_next_to_its_field_and_stores_nothing()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var path = $"/consultations/{world.ConsultationId}/register";

        var (status, page, _) = await Forms.SubmitAsync(world.App.Browser(), path, "form.form", Answers("", "", "", "", "", "", "", ""));

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var (input, error) in new[] { ("name", "name-error"), ("email", "email-error"), ("organisation", "organisation-error"), ("category", "category-error"), ("country", "country-error"), ("region", "region-error") })
        {
            var message = page.QuerySelector($"#{error}");
            Assert.NotNull(message);
            Assert.Equal("alert", message.GetAttribute("role"));
            Assert.Equal(error, page.QuerySelector($"#{input}")!.GetAttribute("aria-describedby"));
            Assert.Equal("true", page.QuerySelector($"#{input}")!.GetAttribute("aria-invalid"));
        }

        Assert.Contains("gender", page.QuerySelector("#gender-error")!.Text(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#cluster-error"));
        Assert.Empty(await world.RegistrationsAsync());
    }

    [Fact]
    public async Task The_form_keeps_what_was_typed_when_it_is_refused()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var path = $"/consultations/{world.ConsultationId}/register";

        var (_, page, _) = await Forms.SubmitAsync(world.App.Browser(), path, "form.form", Answers(email: "not-an-address"));

        Assert.Equal("Ngaio Tapsell", page.QuerySelector("#name")!.GetAttribute("value"));
        Assert.Equal("not-an-address", page.QuerySelector("#email")!.GetAttribute("value"));
        Assert.Contains("not an e-mail address", page.QuerySelector("#email-error")!.Text(), StringComparison.Ordinal);
        Assert.Equal("Pacific", page.QuerySelector("#region option[selected]")!.GetAttribute("value"));
        Assert.Empty(await world.RegistrationsAsync());
    }

    [Fact]
    public async Task Answers_not_on_the_consultations_lists_are_refused_each_for_its_field()
    {
        using var world = await RegistrationWorld.CreateAsync();

        var refused = await Assert.ThrowsAsync<RegistrationRefusedException>(() => world.App.SendAsAsync(null, m => m.Send(
            new Register(world.ConsultationId, "Ana Leota", "ana@example.org", "Ocean Villages Council", "aliens", "Atlantis", "Mars", Gender.Woman, 9))));

        Assert.Equal(
            [RegistrationField.StakeholderCategory, RegistrationField.Country, RegistrationField.Region, RegistrationField.PreferredCluster],
            refused.Problems.Select(p => p.Field).Order());
        Assert.Empty(await world.RegistrationsAsync());
    }

    [Fact]
    public async Task Answers_far_beyond_any_limit_are_refused_before_the_handler()
    {
        using var world = await RegistrationWorld.CreateAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => world.App.SendAsAsync(null, m => m.Send(
            new Register(world.ConsultationId, new string('a', 5_000), "ana@example.org", "Org", "academia", "Fiji", "Pacific", (Gender)42, null))));

        Assert.Equal([nameof(Register.Name), nameof(Register.Gender)], refused.Errors.Select(e => e.Field));
        Assert.Empty(await world.RegistrationsAsync());
    }

    [Fact]
    public async Task A_name_over_the_limit_and_a_malformed_address_are_explained()
    {
        using var world = await RegistrationWorld.CreateAsync();

        var refused = await Assert.ThrowsAsync<RegistrationRefusedException>(() => world.App.SendAsAsync(null, m => m.Send(
            new Register(world.ConsultationId, new string('a', 201), "ana@@example", "Org", "academia", "Fiji", "Pacific", Gender.Man, null))));

        Assert.Contains(refused.Problems, p => p.Field == RegistrationField.Name && p.Message.Contains("200", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.Field == RegistrationField.Email);
    }

    [Fact]
    public async Task An_e_mail_address_registered_already_is_refused_whatever_its_case()
    {
        using var world = await RegistrationWorld.CreateAsync();
        await world.RegisterAsync("Sione Latu", "sione@example.org", "Island Climate Mobility Forum");

        var refused = await Assert.ThrowsAsync<RegistrationRefusedException>(() => world.RegisterAsync("Sione Latu", " SIONE@Example.org", "Another Forum"));

        Assert.Equal(RegistrationField.Email, Assert.Single(refused.Problems).Field);
        Assert.Single(await world.RegistrationsAsync());
    }

    [Theory]
    [InlineData("Asia/Bangkok", "2026-03-01T07:59:59Z", true)] // 14:59:59 in Bangkok: one second left
    [InlineData("Asia/Bangkok", "2026-03-01T08:00:00Z", false)] // 15:00 in Bangkok: closed
    [InlineData("Asia/Bangkok", "2026-03-01T14:59:00Z", false)] // before 15:00 in UTC, but long after 15:00 in Bangkok
    [InlineData("America/New_York", "2026-03-08T18:59:59Z", true)] // 14:59:59 EDT, the day clocks moved forward
    [InlineData("America/New_York", "2026-03-08T19:00:00Z", false)] // 15:00 EDT (it would be 20:00Z under standard time)
    [InlineData("UTC", "2026-03-01T14:59:59Z", true)]
    [InlineData("UTC", "2026-03-01T15:00:00Z", false)]
    public async Task Registration_closes_at_the_deadline_as_the_consultations_own_clocks_show_it(string zone, string instant, bool open)
    {
        var day = zone == "America/New_York" ? 8 : 1;
        using var world = await RegistrationWorld.CreateAsync(zone, closesLocal: new DateTime(2026, 3, day, 15, 0, 0), now: DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));

        var form = await world.App.SendAsAsync(null, m => m.Send(new GetRegistrationForm(world.ConsultationId)));
        Assert.Equal(open, form!.IsOpen);
        var (_, page) = await Html.GetAsync(world.App.Browser(), $"/consultations/{world.ConsultationId}/register");
        Assert.Equal(open, page.QuerySelector("form.form") is not null);
        Assert.Equal(!open, page.Body!.Text().Contains("Registration has closed", StringComparison.Ordinal));

        if (open)
        {
            await world.RegisterAsync("Grace Kaupa", "grace@example.org", "Highlands Women Labour Mobility Group");
            Assert.Single(await world.RegistrationsAsync());
        }
        else
        {
            var refused = await Assert.ThrowsAsync<RegistrationRefusedException>(() => world.RegisterAsync("Grace Kaupa", "grace@example.org", "Highlands Women Labour Mobility Group"));
            Assert.Contains(refused.Problems, p => p.Field == RegistrationField.None && p.Message.Contains("closed", StringComparison.Ordinal));
            Assert.Empty(await world.RegistrationsAsync());
        }
    }

    [Fact]
    public async Task A_form_opened_before_the_deadline_and_sent_after_it_is_told_that_registration_closed_and_nothing_is_stored()
    {
        using var world = await RegistrationWorld.CreateAsync("Asia/Bangkok", new DateTime(2026, 3, 1, 15, 0, 0), now: new DateTimeOffset(2026, 3, 1, 7, 58, 0, TimeSpan.Zero));
        using var browser = world.App.Browser();
        var path = $"/consultations/{world.ConsultationId}/register";
        var (_, before) = await Html.GetAsync(browser, path);
        var form = before.QuerySelector("form.form")!;

        world.Clock.Advance(TimeSpan.FromMinutes(3));
        var (status, after, _) = await Forms.PostAsync(browser, path, form, Answers());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Registration has closed", after.Body!.Text(), StringComparison.Ordinal);
        Assert.Null(after.QuerySelector("form.form"));
        Assert.Empty(await world.RegistrationsAsync());
    }

    [Fact]
    public async Task The_page_shows_the_deadline_in_the_consultations_zone_with_the_instant_for_the_readers_own_time()
    {
        using var world = await RegistrationWorld.CreateAsync("Asia/Bangkok", new DateTime(2026, 3, 1, 15, 0, 0));

        var (_, page) = await Html.GetAsync(world.App.Browser(), $"/consultations/{world.ConsultationId}/register");

        var deadline = page.QuerySelector("[data-reader-time]")!;
        Assert.Equal("Asia/Bangkok", deadline.GetAttribute("data-zone"));
        Assert.Equal("2026-03-01T08:00:00Z", deadline.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Contains("Sunday 1 March 2026 at 15:00 (Asia/Bangkok time)", deadline.Text(), StringComparison.Ordinal);
        Assert.NotNull(deadline.QuerySelector("[data-reader-time-text][hidden]"));
        Assert.Contains(page.QuerySelectorAll("script[type=module]"), s => s.GetAttribute("src")!.Contains("Features/Registrations/Deadline", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_deadline_script_the_page_names_is_served()
    {
        using var world = await RegistrationWorld.CreateAsync(closesLocal: new DateTime(2026, 3, 1, 15, 0, 0));
        using var browser = world.App.Browser();
        var (_, page) = await Html.GetAsync(browser, $"/consultations/{world.ConsultationId}/register");
        var src = page.QuerySelector("script[type=module][src*='Deadline']")!.GetAttribute("src")!;

        using var response = await browser.GetAsync(new Uri("/" + src.TrimStart('/'), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-reader-time", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_front_page_invites_people_to_register_while_registration_is_open_and_not_after()
    {
        using var world = await RegistrationWorld.CreateAsync("Asia/Bangkok", new DateTime(2026, 3, 1, 15, 0, 0), now: new DateTimeOffset(2026, 3, 1, 7, 0, 0, TimeSpan.Zero));
        var path = $"/consultations/{world.ConsultationId}";

        var (_, open) = await Html.GetAsync(world.App.Browser(), path);
        var link = open.QuerySelector("#register-heading ~ p a")!;
        Assert.Equal("Register", link.Text());
        Assert.Equal($"consultations/{world.ConsultationId}/register", link.GetAttribute("href"));

        world.Clock.Advance(TimeSpan.FromHours(1));
        var (_, closed) = await Html.GetAsync(world.App.Browser(), path);
        Assert.Null(closed.QuerySelector("#register-heading"));
    }

    [Fact]
    public async Task An_unknown_consultation_has_no_registration_page()
    {
        using var world = await RegistrationWorld.CreateAsync();

        var (status, _) = await Html.GetAsync(world.App.Browser(), "/consultations/999/register");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Theory]
    [InlineData(OnePersonPerOrganisation.Off)]
    [InlineData(OnePersonPerOrganisation.Warn)]
    public async Task Without_enforcement_a_second_person_from_the_same_organisation_is_accepted_and_flagged_only_under_warn(OnePersonPerOrganisation rule)
    {
        using var world = await RegistrationWorld.CreateAsync(rule: rule);
        await world.RegisterAsync("Maliha Sultana", "maliha@example.org", "Migrant Forum in Asia");

        await world.RegisterAsync("Rafiq Ahmed", "rafiq@example.org", "  migrant-forum in  ASIA. ");

        var second = (await world.RegistrationsAsync())[1];
        Assert.Equal(rule == OnePersonPerOrganisation.Warn, second.SharesOrganisation);
        var list = await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(new GetRegistrations(world.ConsultationId)));
        Assert.All(list!.Rows, r => Assert.Equal(1, r.SharesOrganisationWith));

        using var organiser = await world.App.ClientAsAsync(RegistrationWorld.OrganiserEmail);
        var (_, page) = await Html.GetAsync(organiser, $"/consultations/{world.ConsultationId}/manage/registrations");
        Assert.Equal(rule == OnePersonPerOrganisation.Warn ? 2 : 0, page.QuerySelectorAll("[data-testid=shares-organisation]").Length);
    }

    [Theory]
    [InlineData("MIGRANT FORUM IN ASIA")]
    [InlineData("Migrant-Forum in Asia.")]
    [InlineData("  migrant   forum, in asia ")]
    public async Task Under_enforcement_a_second_person_from_the_same_organisation_is_refused_however_its_name_is_written(string spelling)
    {
        using var world = await RegistrationWorld.CreateAsync(rule: OnePersonPerOrganisation.Enforce);
        await world.RegisterAsync("Maliha Sultana", "maliha@example.org", "Migrant Forum in Asia");

        var refused = await Assert.ThrowsAsync<RegistrationRefusedException>(() => world.RegisterAsync("Rafiq Ahmed", "rafiq@example.org", spelling));

        Assert.Equal(RegistrationField.Organisation, Assert.Single(refused.Problems).Field);
        Assert.Single(await world.RegistrationsAsync());
    }

    [Fact]
    public async Task Under_enforcement_the_form_shows_the_organisation_problem_next_to_the_organisation()
    {
        using var world = await RegistrationWorld.CreateAsync(rule: OnePersonPerOrganisation.Enforce);
        await world.RegisterAsync("Maliha Sultana", "maliha@example.org", "Southern Islands Mobility Network");

        var (_, page, _) = await Forms.SubmitAsync(world.App.Browser(), $"/consultations/{world.ConsultationId}/register", "form.form", Answers(organisation: "southern islands mobility network!"));

        Assert.Contains("one person per organisation", page.QuerySelector("#organisation-error")!.Text(), StringComparison.Ordinal);
        Assert.Single(await world.RegistrationsAsync());
    }

    [Fact]
    public async Task A_declined_organisation_colleague_no_longer_blocks_under_enforcement()
    {
        using var world = await RegistrationWorld.CreateAsync(rule: OnePersonPerOrganisation.Enforce);
        var first = await world.RegisterAsync("Maliha Sultana", "maliha@example.org", "Migrant Forum in Asia");
        await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(new DeclineRegistration(world.ConsultationId, first)));

        await world.RegisterAsync("Rafiq Ahmed", "rafiq@example.org", "Migrant Forum in Asia");

        Assert.Equal(2, (await world.RegistrationsAsync()).Count);
    }
}
