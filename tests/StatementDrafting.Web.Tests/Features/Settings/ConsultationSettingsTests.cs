using System.Net;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Web.Features.Registrations;
using StatementDrafting.Web.Features.Settings;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Tests.Features.Registrations;

namespace StatementDrafting.Web.Tests.Features.Settings;

public sealed class ConsultationSettingsTests
{
    private static ChangeConsultationSettings Change(RegistrationWorld world, Func<ChangeConsultationSettings, ChangeConsultationSettings>? edit = null)
    {
        var change = new ChangeConsultationSettings(
            world.ConsultationId,
            ChathamHouse: false,
            OnePersonPerOrganisation.Enforce,
            AdoptionRule.Consensus,
            QuorumPercent: 60,
            RegistrationClosesLocal: new DateTime(2026, 4, 30, 18, 30, 0),
            ["migrants", "local authorities"],
            ["Pacific", "Caribbean"]);
        return edit is null ? change : edit(change);
    }

    private static Task<string> FingerprintAsync(RegistrationWorld world) =>
        world.App.QueryAsync(async db =>
        {
            var c = await db.Consultations.AsNoTracking().SingleAsync(x => x.Id == world.ConsultationId);
            return $"{c.Rules}|{c.RegistrationClosesLocal:O}|{string.Join(";", c.StakeholderCategories)}|{string.Join(";", c.Regions)}";
        });

    [Fact]
    public async Task An_organiser_changes_the_rules_the_deadline_and_the_lists()
    {
        using var world = await RegistrationWorld.CreateAsync("Asia/Bangkok", new DateTime(2026, 3, 1, 15, 0, 0));

        await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(Change(world)));

        var settings = await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(new GetConsultationSettings(world.ConsultationId)));
        Assert.Equal(new ConsultationRules(ChathamHouse: false, Recorded: false, OnePersonPerOrganisation.Enforce, AdoptionRule.Consensus, 60), settings!.Rules);
        Assert.Equal(new DateTime(2026, 4, 30, 18, 30, 0), settings.RegistrationClosesLocal);
        Assert.Equal(["migrants", "local authorities"], settings.StakeholderCategories);
        Assert.Equal(["Pacific", "Caribbean"], settings.Regions);
        var form = await world.App.SendAsAsync(null, m => m.Send(new GetRegistrationForm(world.ConsultationId)));
        Assert.Equal(new DateTimeOffset(2026, 4, 30, 11, 30, 0, TimeSpan.Zero), form!.ClosesAt); // 18:30 in Bangkok
    }

    [Fact]
    public async Task An_organiser_sets_how_polls_are_decided_and_a_majority_below_one_half_is_refused()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var before = await FingerprintAsync(world);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => world.App.SendAsAsync(RegistrationWorld.OrganiserEmail,
            m => m.Send(Change(world, c => c with { Adoption = AdoptionRule.Majority, Majority = "1/3" }))));
        Assert.Contains(refused.Errors, e => e.Field == nameof(ChangeConsultationSettings.Majority));
        Assert.Equal(before, await FingerprintAsync(world));

        await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail,
            m => m.Send(Change(world, c => c with { Adoption = AdoptionRule.Majority, Majority = "60%", ResponsePerOrganisation = true, TallyShownToAll = true })));

        var rules = (await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(new GetConsultationSettings(world.ConsultationId))))!.Rules;
        Assert.Equal((AdoptionRule.Majority, 60, 100, true, true), (rules.Adoption, rules.MajorityNumerator, rules.MajorityDenominator, rules.ResponsePerOrganisation, rules.TallyShownToAll));
        Assert.Equal("Adopted when \"Support\" reaches 60% of the \"Support\" and \"Object\" responses and at least 60% of those eligible respond.", rules.PollRule.Describe());
    }

    [Fact]
    public async Task The_new_rule_and_lists_apply_to_the_next_registration_and_leave_earlier_ones_alone()
    {
        using var world = await RegistrationWorld.CreateAsync();
        await world.RegisterAsync("Ana Leota", "ana@example.org", "Ocean Villages Relocation Council", category: "academia");

        await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(Change(world)));

        Assert.Equal("academia", Assert.Single(await world.RegistrationsAsync()).StakeholderCategory);
        var refused = await Assert.ThrowsAsync<StatementDrafting.Domain.People.RegistrationRefusedException>(
            () => world.RegisterAsync("Ana's colleague", "colleague@example.org", "OCEAN villages relocation council", category: "migrants"));
        Assert.Equal(StatementDrafting.Domain.People.RegistrationField.Organisation, Assert.Single(refused.Problems).Field);
    }

    [Fact]
    public async Task Blank_lines_and_spaces_around_entries_are_left_out_of_the_lists()
    {
        using var world = await RegistrationWorld.CreateAsync();

        await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(Change(world, c => c with { Regions = ["", "  Pacific  ", "   ", "Caribbean"] })));

        var settings = await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(new GetConsultationSettings(world.ConsultationId)));
        Assert.Equal(["Pacific", "Caribbean"], settings!.Regions);
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        { "quorum 0", nameof(ChangeConsultationSettings.QuorumPercent) },
        { "quorum 101", nameof(ChangeConsultationSettings.QuorumPercent) },
        { "no categories", nameof(ChangeConsultationSettings.StakeholderCategories) },
        { "51 regions", nameof(ChangeConsultationSettings.Regions) },
        { "a region of 201 characters", nameof(ChangeConsultationSettings.Regions) },
        { "a category twice", nameof(ChangeConsultationSettings.StakeholderCategories) },
        { "an unknown rule", nameof(ChangeConsultationSettings.OnePersonPerOrganisation) },
        { "a deadline in the year 1999", nameof(ChangeConsultationSettings.RegistrationClosesLocal) },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Settings_out_of_bounds_are_refused_for_their_field_and_nothing_changes(string what, string field)
    {
        using var world = await RegistrationWorld.CreateAsync("Asia/Bangkok", new DateTime(2026, 3, 1, 15, 0, 0));
        var before = await FingerprintAsync(world);
        var change = Change(world, c => what switch
        {
            "quorum 0" => c with { QuorumPercent = 0 },
            "quorum 101" => c with { QuorumPercent = 101 },
            "no categories" => c with { StakeholderCategories = ["", "  "] },
            "51 regions" => c with { Regions = [.. Enumerable.Range(1, 51).Select(i => $"Region {i}")] },
            "a region of 201 characters" => c with { Regions = ["Pacific", new string('r', 201)] },
            "a category twice" => c with { StakeholderCategories = ["migrants", "Migrants "] },
            "an unknown rule" => c with { OnePersonPerOrganisation = (OnePersonPerOrganisation)7 },
            _ => c with { RegistrationClosesLocal = new DateTime(1999, 12, 31, 12, 0, 0) },
        });

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(change)));

        Assert.Equal(field, Assert.Single(refused.Errors).Field);
        Assert.Equal(before, await FingerprintAsync(world));
    }

    [Fact]
    public async Task Fifty_entries_of_200_characters_are_accepted()
    {
        using var world = await RegistrationWorld.CreateAsync();
        string[] regions = [.. Enumerable.Range(1, 50).Select(i => $"{i:D3}{new string('r', 197)}")];

        await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(Change(world, c => c with { Regions = regions })));

        Assert.Equal(regions, (await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(new GetConsultationSettings(world.ConsultationId))))!.Regions);
    }

    [Fact]
    public async Task A_deadline_once_set_cannot_be_removed()
    {
        using var world = await RegistrationWorld.CreateAsync("Asia/Bangkok", new DateTime(2026, 3, 1, 15, 0, 0));
        var before = await FingerprintAsync(world);

        await Assert.ThrowsAsync<DomainException>(() => world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(Change(world, c => c with { RegistrationClosesLocal = null }))));

        Assert.Equal(before, await FingerprintAsync(world));
    }

    [Fact]
    public async Task A_consultation_without_a_deadline_may_stay_without_one()
    {
        using var world = await RegistrationWorld.CreateAsync(closesLocal: null);

        await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(Change(world, c => c with { RegistrationClosesLocal = null })));

        Assert.Null((await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(new GetConsultationSettings(world.ConsultationId))))!.RegistrationClosesLocal);
    }

    [Theory]
    [InlineData(RegistrationWorld.ParticipantEmail)]
    [InlineData(RegistrationWorld.ObserverEmail)]
    public async Task Participants_and_observers_calling_the_settings_directly_are_refused_and_nothing_changes(string email)
    {
        using var world = await RegistrationWorld.CreateAsync("Asia/Bangkok", new DateTime(2026, 3, 1, 15, 0, 0));
        var before = await FingerprintAsync(world);

        await Assert.ThrowsAsync<AccessDeniedException>(() => world.App.SendAsAsync(email, m => m.Send(Change(world))));
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.App.SendAsAsync(email, m => m.Send(new GetConsultationSettings(world.ConsultationId))));
        await Assert.ThrowsAsync<NotSignedInException>(() => world.App.SendAsAsync(null, m => m.Send(Change(world))));

        Assert.Equal(before, await FingerprintAsync(world));
        using var client = await world.App.ClientAsAsync(email);
        using var response = await client.GetAsync(new Uri($"/consultations/{world.ConsultationId}/manage/settings", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_settings_page_shows_the_current_values_with_the_consultations_zone()
    {
        using var world = await RegistrationWorld.CreateAsync("Asia/Bangkok", new DateTime(2026, 3, 1, 15, 0, 0), StatementDrafting.Domain.Consultations.OnePersonPerOrganisation.Warn);
        using var organiser = await world.App.ClientAsAsync(RegistrationWorld.OrganiserEmail);

        var (status, page) = await Html.GetAsync(organiser, $"/consultations/{world.ConsultationId}/manage/settings");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2026-03-01T15:00", page.QuerySelector("#deadline")!.GetAttribute("value"));
        Assert.Contains("Asia/Bangkok", page.QuerySelector("label[for=deadline]")!.Text(), StringComparison.Ordinal);
        Assert.Equal(string.Join("\n", RegistrationWorld.Categories), page.QuerySelector("#categories")!.TextContent.Trim());
        Assert.Equal(string.Join("\n", RegistrationWorld.Regions), page.QuerySelector("#regions")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#chatham-house[checked]"));
        Assert.Equal("Warn", page.QuerySelector("input[type=radio][checked]")!.GetAttribute("value"));
        Assert.All(page.QuerySelectorAll("input[type=radio]"), r => Assert.Equal("Input.OnePersonPerOrganisation", r.GetAttribute("name")));
        Assert.Equal("One person per organisation", page.QuerySelector("fieldset legend")!.Text());
        Assert.Equal("Settings", page.QuerySelector("nav.manage-nav a[aria-current=page]")!.Text());
    }

    [Fact]
    public async Task An_organiser_saves_the_settings_form_and_sees_them_saved()
    {
        using var world = await RegistrationWorld.CreateAsync("Asia/Bangkok", new DateTime(2026, 3, 1, 15, 0, 0));
        using var organiser = await world.App.ClientAsAsync(RegistrationWorld.OrganiserEmail);
        var path = $"/consultations/{world.ConsultationId}/manage/settings";

        var (status, _, location) = await Forms.SubmitAsync(organiser, path, "form.form",
        [
            ("Input.OnePersonPerOrganisation", "Enforce"), ("Input.Adoption", "Consensus"), ("Input.QuorumPercent", "75"),
            ("Input.RegistrationClosesLocal", "2026-03-05T09:15"), ("Input.StakeholderCategories", "migrants\r\n\r\n academia \r\n"),
            ("Input.Regions", "Pacific\nSouth-East Asia"),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal($"{path}?saved=true", Forms.PathOf(location));
        var settings = await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(new GetConsultationSettings(world.ConsultationId)));
        Assert.False(settings!.Rules.ChathamHouse); // the box was not ticked
        Assert.Equal((OnePersonPerOrganisation.Enforce, (int?)75), (settings.Rules.OnePersonPerOrganisation, settings.Rules.QuorumPercent));
        Assert.Equal(new DateTime(2026, 3, 5, 9, 15, 0), settings.RegistrationClosesLocal);
        Assert.Equal(["migrants", "academia"], settings.StakeholderCategories);
        Assert.Equal(["Pacific", "South-East Asia"], settings.Regions);
        var (_, saved) = await Html.GetAsync(organiser, Forms.PathOf(location));
        Assert.Contains("saved", saved.QuerySelector("[role=status]")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_settings_form_shows_each_problem_next_to_its_field_and_keeps_what_was_typed()
    {
        using var world = await RegistrationWorld.CreateAsync("Asia/Bangkok", new DateTime(2026, 3, 1, 15, 0, 0));
        using var organiser = await world.App.ClientAsAsync(RegistrationWorld.OrganiserEmail);
        var before = await FingerprintAsync(world);

        var (status, page, _) = await Forms.SubmitAsync(organiser, $"/consultations/{world.ConsultationId}/manage/settings", "form.form",
        [
            ("Input.ChathamHouse", "True"), ("Input.OnePersonPerOrganisation", "Off"), ("Input.Adoption", "Consensus"), ("Input.QuorumPercent", "150"),
            ("Input.RegistrationClosesLocal", "2026-03-05T09:15"), ("Input.StakeholderCategories", "migrants\nMIGRANTS"), ("Input.Regions", "Pacific"),
        ]);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("1 to 100", page.QuerySelector("#quorum-error")!.Text(), StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#quorum")!.GetAttribute("aria-invalid"));
        Assert.Contains("more than once", page.QuerySelector("#categories-error")!.Text(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#regions-error"));
        Assert.Equal("150", page.QuerySelector("#quorum")!.GetAttribute("value"));
        Assert.Equal(before, await FingerprintAsync(world));
    }

    [Fact]
    public async Task A_quorum_that_is_not_a_number_is_explained_and_nothing_changes()
    {
        using var world = await RegistrationWorld.CreateAsync("Asia/Bangkok", new DateTime(2026, 3, 1, 15, 0, 0));
        using var organiser = await world.App.ClientAsAsync(RegistrationWorld.OrganiserEmail);
        var before = await FingerprintAsync(world);

        var (_, page, _) = await Forms.SubmitAsync(organiser, $"/consultations/{world.ConsultationId}/manage/settings", "form.form",
        [
            ("Input.OnePersonPerOrganisation", "Off"), ("Input.Adoption", "Consensus"), ("Input.QuorumPercent", "sixty"),
            ("Input.RegistrationClosesLocal", "2026-03-05T09:15"), ("Input.StakeholderCategories", "migrants"), ("Input.Regions", "Pacific"),
        ]);

        Assert.Contains("whole number", page.QuerySelector("#quorum-error")!.Text(), StringComparison.Ordinal);
        Assert.Equal(before, await FingerprintAsync(world));
    }
}
