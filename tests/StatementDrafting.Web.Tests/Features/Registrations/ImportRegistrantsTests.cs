using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Registrations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Tests.Features.Registrations;

public sealed class ImportRegistrantsTests
{
    /// <summary>A file as a form tool exports it: a timestamp column, the usual headers, a BOM, CRLF, quotes.</summary>
    private const string FormExport =
        "\uFEFFTimestamp,Full name,E-mail address,Organization,Stakeholder category,Country,Region,Gender,Preferred cluster\r\n"
        + "2026-01-10 09:00,Ana Leota,ana@example.org,Ocean Villages Relocation Council,civil society,Samoa,Pacific,Woman,1\r\n"
        + "2026-01-10 09:05,\"Latu, Sione\",SIONE@example.org,\"Island \"\"Climate\"\" Forum\",Academia,Fiji,pacific,Male,\r\n"
        + "2026-01-10 09:07,No Address,,Some Org,civil society,Fiji,Pacific,,\r\n"
        + "2026-01-10 09:08,Bad Address,not-an-address,Other Org,civil society,Fiji,Pacific,,\r\n"
        + "2026-01-10 09:09,Lost Category,lost@example.org,Third Org,aliens,Fiji,Pacific,,\r\n"
        + "2026-01-10 09:10,Lost Region,region@example.org,Fourth Org,academia,Fiji,Mars,,\r\n"
        + "2026-01-10 09:11,Ana Again,ana@example.org,Fifth Org,academia,Fiji,Pacific,,\r\n"
        + "2026-01-10 09:12,Already There,existing@example.org,Sixth Org,academia,Fiji,Pacific,,\r\n"
        + "2026-01-10 09:13,\"Multi\nLine\",multi@example.org,Seventh Org,academia,Other,Pacific,prefer not to say,Cluster 1: Data and drivers\r\n";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static Task<ImportPreview> PreviewAsync(RegistrationWorld world, byte[] content, string email = RegistrationWorld.OrganiserEmail, int? consultationId = null) =>
        world.App.SendAsAsync(email, m => m.Send(new PreviewRegistrantImport(consultationId ?? world.ConsultationId, content)));

    private static Task<int> ImportAsync(RegistrationWorld world, string importId, string email = RegistrationWorld.OrganiserEmail, int? consultationId = null) =>
        world.App.SendAsAsync(email, m => m.Send(new ImportRegistrants(consultationId ?? world.ConsultationId, importId)));

    [Fact]
    public async Task The_preview_shows_every_row_with_its_problems_and_stores_nothing()
    {
        using var world = await RegistrationWorld.CreateAsync();
        await world.RegisterAsync("Already There", "existing@example.org", "Elsewhere");

        var preview = await PreviewAsync(world, Bytes(FormExport));

        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9, 10], preview.Rows.Select(r => r.RowNumber));
        Assert.Equal((3, 6), (preview.ValidCount, preview.InvalidCount));
        string Errors(int row) => string.Join(" ", preview.Rows.Single(r => r.RowNumber == row).Errors);
        Assert.Equal(string.Empty, Errors(2));
        Assert.Equal(string.Empty, Errors(3));
        Assert.Equal("Missing e-mail address.", Errors(4));
        Assert.Equal("Invalid e-mail address \"not-an-address\".", Errors(5));
        Assert.Equal("Unknown stakeholder category \"aliens\".", Errors(6));
        Assert.Equal("Unknown region \"Mars\".", Errors(7));
        Assert.Equal("Duplicate: row 2 of this file has the same e-mail address.", Errors(8));
        Assert.Equal("Duplicate: a registration with this e-mail address exists already.", Errors(9));
        Assert.Equal(string.Empty, Errors(10));
        Assert.Equal(["Timestamp"], preview.IgnoredColumns);
        Assert.Equal(("Latu, Sione", "Island \"Climate\" Forum"), (preview.Rows[1].Name, preview.Rows[1].Organisation));
        Assert.Single(await world.RegistrationsAsync());
    }

    [Fact]
    public async Task Confirming_imports_exactly_the_valid_rows_as_pending_imported_registrations()
    {
        using var world = await RegistrationWorld.CreateAsync();
        await world.RegisterAsync("Already There", "existing@example.org", "Elsewhere");
        var preview = await PreviewAsync(world, Bytes(FormExport));

        var imported = await ImportAsync(world, preview.ImportId);

        Assert.Equal(3, imported);
        var stored = (await world.RegistrationsAsync()).Skip(1).ToList();
        Assert.Equal(["Ana Leota", "Latu, Sione", "Multi\nLine"], stored.Select(r => r.Name));
        Assert.All(stored, r => Assert.Equal((RegistrationStatus.Pending, RegistrationSource.Import), (r.Status, r.Source)));
        var sione = stored[1];
        Assert.Equal(("sione@example.org", "academia", "Pacific", Gender.Man, (int?)null), (sione.Email, sione.StakeholderCategory, sione.Region, sione.Gender, sione.PreferredClusterNumber));
        Assert.Equal((Gender.PreferNotToSay, (int?)1, "Other"), (stored[2].Gender, stored[2].PreferredClusterNumber, stored[2].Country));
        Assert.Equal((int?)1, stored[0].PreferredClusterNumber);
    }

    [Fact]
    public async Task A_preview_is_imported_once_only()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var preview = await PreviewAsync(world, Bytes(FormExport));
        await ImportAsync(world, preview.ImportId);
        var count = (await world.RegistrationsAsync()).Count;

        var refused = await Assert.ThrowsAsync<DomainException>(() => ImportAsync(world, preview.ImportId));

        Assert.Contains("no longer available", refused.Message, StringComparison.Ordinal);
        Assert.Equal(count, (await world.RegistrationsAsync()).Count);
    }

    [Fact]
    public async Task Cancelling_discards_the_preview_and_stores_nothing()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var preview = await PreviewAsync(world, Bytes(FormExport));

        await world.App.SendAsAsync(RegistrationWorld.OrganiserEmail, m => m.Send(new CancelRegistrantImport(world.ConsultationId, preview.ImportId)));

        await Assert.ThrowsAsync<DomainException>(() => ImportAsync(world, preview.ImportId));
        Assert.Empty(await world.RegistrationsAsync());
    }

    [Fact]
    public async Task A_preview_lapses_after_30_minutes()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var preview = await PreviewAsync(world, Bytes(FormExport));

        world.Clock.Advance(TimeSpan.FromMinutes(30));

        await Assert.ThrowsAsync<DomainException>(() => ImportAsync(world, preview.ImportId));
        Assert.Empty(await world.RegistrationsAsync());
    }

    [Fact]
    public async Task A_preview_belongs_to_the_organiser_who_made_it_and_to_its_consultation()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var other = await world.AddConsultationAsync("Other consultation", "UTC", null, OnePersonPerOrganisation.Off);
        await world.AddPersonAsync(world.ConsultationId, "second.organiser@example.org", "Second Organiser", p => p.MakeOrganiser());
        await world.AddPersonAsync(other, RegistrationWorld.OrganiserEmail, "Orla Organiser", p => p.MakeOrganiser());
        var preview = await PreviewAsync(world, Bytes(FormExport));

        await Assert.ThrowsAsync<DomainException>(() => ImportAsync(world, preview.ImportId, "second.organiser@example.org"));
        await Assert.ThrowsAsync<DomainException>(() => ImportAsync(world, preview.ImportId, consultationId: other));
        await world.App.SendAsAsync("second.organiser@example.org", m => m.Send(new CancelRegistrantImport(world.ConsultationId, preview.ImportId)));

        Assert.Equal(preview.ValidCount, await ImportAsync(world, preview.ImportId));
        Assert.Empty(await world.RegistrationsAsync(other));
    }

    [Fact]
    public async Task If_registrations_changed_since_the_preview_nothing_is_imported()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var preview = await PreviewAsync(world, Bytes(FormExport));
        await world.RegisterAsync("Ana Leota", "ana@example.org", "Registered Meanwhile");

        var refused = await Assert.ThrowsAsync<DomainException>(() => ImportAsync(world, preview.ImportId));

        Assert.Contains("row 2 no longer passes", refused.Message, StringComparison.Ordinal);
        Assert.Single(await world.RegistrationsAsync());
    }

    [Fact]
    public async Task Under_enforcement_a_second_row_from_the_same_organisation_is_refused_and_under_warn_it_is_flagged()
    {
        const string Csv = "Name,Email,Organisation,Category,Country,Region\n"
            + "Maliha Sultana,maliha@example.org,Migrant Forum in Asia,civil society,Bangladesh,Pacific\n"
            + "Rafiq Ahmed,rafiq@example.org,\"MIGRANT-FORUM, in Asia.\",civil society,Bangladesh,Pacific\n"
            + "Kiran Baloch,kiran@example.org,Desert Route Registry,civil society,Pakistan,Pacific\n";
        using var enforcing = await RegistrationWorld.CreateAsync(rule: OnePersonPerOrganisation.Enforce);
        await enforcing.RegisterAsync("Kiran's colleague", "colleague@example.org", "desert route registry");
        using var warning = await RegistrationWorld.CreateAsync(rule: OnePersonPerOrganisation.Warn);

        var enforced = await PreviewAsync(enforcing, Bytes(Csv));
        var warned = await PreviewAsync(warning, Bytes(Csv));

        Assert.Equal("Same organisation as row 2, and this consultation takes one person per organisation.", Assert.Single(enforced.Rows[1].Errors));
        Assert.Contains("registered already", Assert.Single(enforced.Rows[2].Errors), StringComparison.Ordinal);
        Assert.Equal(1, enforced.ValidCount);
        Assert.Equal(3, warned.ValidCount);
        Assert.Contains("Same organisation as row 2", Assert.Single(warned.Rows[1].Warnings), StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> UnreadableFiles() => new()
    {
        { "not UTF-8", Encoding.Latin1.GetBytes("Name,Email,Organisation,Category,Country,Region\nMüller,m@example.org,Org,academia,Germany,Pacific\n"), "not UTF-8" },
        { "missing header", Bytes("Name,Organisation,Category,Country,Region\nAna,Org,academia,Samoa,Pacific\n"), "No column was found for: e-mail address" },
        { "broken quoting", Bytes("Name,Email,Organisation,Category,Country,Region\n\"Ana,ana@example.org,Org,academia,Samoa,Pacific\n"), "never closed" },
        { "10,000 rows", Bytes("Name,Email,Organisation,Category,Country,Region\n" + string.Concat(Enumerable.Range(1, 10_000).Select(i => $"P{i},p{i}@example.org,Org {i},academia,Samoa,Pacific\n"))), "more than 5,000 rows" },
        { "over 2 MB", Bytes("Name,Email,Organisation,Category,Country,Region\n" + new string('x', CsvFile.MaxBytes)), "larger than 2 MB" },
        { "empty", [], "Choose a CSV file" },
    };

    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public async Task A_file_that_cannot_be_read_is_refused_with_a_clear_message_and_nothing_is_kept(string what, byte[] content, string message)
    {
        Assert.NotNull(what);
        using var world = await RegistrationWorld.CreateAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => PreviewAsync(world, content));

        Assert.Contains(message, Assert.Single(refused.Errors).Message, StringComparison.Ordinal);
        Assert.Empty(await world.RegistrationsAsync());
    }

    [Theory]
    [InlineData(RegistrationWorld.ParticipantEmail)]
    [InlineData(RegistrationWorld.ObserverEmail)]
    public async Task Participants_and_observers_cannot_preview_import_or_cancel(string email)
    {
        using var world = await RegistrationWorld.CreateAsync();
        var preview = await PreviewAsync(world, Bytes(FormExport));

        await Assert.ThrowsAsync<AccessDeniedException>(() => PreviewAsync(world, Bytes(FormExport), email));
        await Assert.ThrowsAsync<AccessDeniedException>(() => ImportAsync(world, preview.ImportId, email));
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.App.SendAsAsync(email, m => m.Send(new CancelRegistrantImport(world.ConsultationId, preview.ImportId))));

        Assert.Empty(await world.RegistrationsAsync());
        Assert.Equal(preview.ValidCount, await ImportAsync(world, preview.ImportId)); // their attempts did not disturb the organiser's preview
    }

    [Fact]
    public async Task Through_the_page_an_organiser_uploads_previews_and_imports()
    {
        using var world = await RegistrationWorld.CreateAsync();
        using var organiser = await world.App.ClientAsAsync(RegistrationWorld.OrganiserEmail);
        var path = $"/consultations/{world.ConsultationId}/manage/import";

        var (status, preview, _) = await Forms.SubmitAsync(organiser, path, "form[enctype]", [], ("file", "registrations.csv", Bytes(FormExport)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("4 valid rows will be imported; 5 rows with problems", preview.QuerySelector("[data-testid=import-counts]")!.Text(), StringComparison.Ordinal);
        Assert.Equal(9, preview.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("Unknown region", preview.QuerySelector("tr[data-row='7']")!.Text(), StringComparison.Ordinal);
        Assert.Equal(5, preview.QuerySelectorAll("tr.row-invalid").Length);
        Assert.Empty(await world.RegistrationsAsync());

        var decision = preview.QuerySelector("form.button-row")!;
        Assert.Equal("Import 4 valid rows", decision.QuerySelector("button[value=import]")!.Text());
        var (imported, _, location) = await Forms.PostAsync(organiser, path, decision, [("Decision.Action", "import")]);

        Assert.Equal(HttpStatusCode.Redirect, imported);
        Assert.StartsWith($"/consultations/{world.ConsultationId}/manage/registrations?status=Pending", Forms.PathOf(location), StringComparison.Ordinal);
        Assert.Equal(4, (await world.RegistrationsAsync()).Count);
    }

    [Fact]
    public async Task Through_the_page_cancelling_stores_nothing()
    {
        using var world = await RegistrationWorld.CreateAsync();
        using var organiser = await world.App.ClientAsAsync(RegistrationWorld.OrganiserEmail);
        var path = $"/consultations/{world.ConsultationId}/manage/import";
        var (_, preview, _) = await Forms.SubmitAsync(organiser, path, "form[enctype]", [], ("file", "registrations.csv", Bytes(FormExport)));
        var decision = preview.QuerySelector("form.button-row")!;
        var importId = decision.QuerySelector("input[name='Decision.ImportId']")!.GetAttribute("value")!;

        var (status, _, location) = await Forms.PostAsync(organiser, path, decision, [("Decision.Action", "cancel")]);

        Assert.Equal(HttpStatusCode.Redirect, status);
        var (_, after) = await Html.GetAsync(organiser, Forms.PathOf(location));
        Assert.Contains("nothing was stored", after.QuerySelector("[role=status]")!.Text(), StringComparison.Ordinal);
        Assert.Empty(await world.RegistrationsAsync());
        await Assert.ThrowsAsync<DomainException>(() => ImportAsync(world, importId));
    }

    [Fact]
    public async Task Through_the_page_an_unreadable_file_is_explained()
    {
        using var world = await RegistrationWorld.CreateAsync();
        using var organiser = await world.App.ClientAsAsync(RegistrationWorld.OrganiserEmail);
        var path = $"/consultations/{world.ConsultationId}/manage/import";

        var (status, page, _) = await Forms.SubmitAsync(organiser, path, "form[enctype]", [], ("file", "registrations.csv", Encoding.Latin1.GetBytes("Name,Email\nMüller,m@example.org\n")));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("not UTF-8", page.QuerySelector("[role=alert]")!.Text(), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("form[enctype] input[type=file]"));
        Assert.Empty(await world.RegistrationsAsync());
    }

    [Theory]
    [InlineData(RegistrationWorld.ParticipantEmail)]
    [InlineData(RegistrationWorld.ObserverEmail)]
    public async Task Participants_and_observers_cannot_open_the_import_page(string email)
    {
        using var world = await RegistrationWorld.CreateAsync();
        using var client = await world.App.ClientAsAsync(email);

        using var response = await client.GetAsync(new Uri($"/consultations/{world.ConsultationId}/manage/import", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_import_leaves_no_names_or_addresses_in_the_logs()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var preview = await PreviewAsync(world, Bytes(FormExport));
        await ImportAsync(world, preview.ImportId);

        Assert.DoesNotContain(world.App.Logs, l => l.Contains("Ana Leota", StringComparison.Ordinal) || l.Contains("ana@example.org", StringComparison.Ordinal));
        Assert.True(await world.App.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == nameof(ImportRegistrants) && a.Succeeded)));
    }
}
