using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;

namespace StatementDrafting.Domain.Tests.Consultations;

public class ConsultationTests
{
    private static Consultation Sample()
    {
        var consultation = new Consultation("Sample consultation", "Asia/Bangkok", ConsultationRules.Default);
        for (var n = 1; n <= 6; n++)
        {
            consultation.AddObjective(n, $"Objective {n}");
        }

        consultation.AddCluster(1, "First cluster", [1, 2, 3]);
        consultation.AddCluster(2, "Second cluster", [4, 5]);
        var day1 = consultation.AddDay(new DateOnly(2021, 3, 2));
        var day2 = consultation.AddDay(new DateOnly(2021, 3, 4));
        consultation.AddAgendaItem(day1, "d1-1", AgendaItemKind.Plenary, "Opening", new(9, 0), new(9, 10));
        consultation.AddAgendaItem(day1, "d1-2", AgendaItemKind.Parallel, "Session 1", new(9, 10), new(10, 30), 1, ["Org A", "Org B"]);
        consultation.AddAgendaItem(day1, "d1-3", AgendaItemKind.Parallel, "Session 2", new(9, 10), new(10, 30), 2, ["Org C"]);
        consultation.AddAgendaItem(day2, "d2-1", AgendaItemKind.Parallel, "Session 1 again", new(13, 10), new(14, 30), 1, ["Org A"]);
        consultation.AddAgendaItem(day2, "d2-2", AgendaItemKind.Adoption, "Adoption", new(16, 0), new(16, 15));
        return consultation;
    }

    [Fact]
    public void A_cluster_lists_its_objectives_in_order_with_their_titles()
    {
        var consultation = Sample();
        var cluster = consultation.FindCluster(1)!;

        Assert.Equal([1, 2, 3], consultation.ObjectivesOf(cluster).Select(o => o.Number));
        Assert.Equal("Objective 2", consultation.ObjectivesOf(cluster).ElementAt(1).Title);
    }

    [Fact]
    public void A_cluster_cannot_name_an_unknown_objective_or_one_already_in_another_cluster()
    {
        var consultation = Sample();

        Assert.Contains("unknown", Assert.Throws<DomainException>(() => consultation.AddCluster(3, "x", [6, 99])).Message, StringComparison.Ordinal);
        Assert.Contains("another cluster", Assert.Throws<DomainException>(() => consultation.AddCluster(3, "x", [5, 6])).Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => consultation.AddCluster(2, "duplicate number", [6]));
    }

    [Fact]
    public void A_parallel_session_needs_an_existing_cluster_and_only_parallel_sessions_have_one()
    {
        var consultation = Sample();
        var day = consultation.Days[0];

        Assert.Throws<DomainException>(() => consultation.AddAgendaItem(day, "x1", AgendaItemKind.Parallel, "No cluster", new(11, 0), new(12, 0)));
        Assert.Throws<DomainException>(() => consultation.AddAgendaItem(day, "x2", AgendaItemKind.Parallel, "Unknown cluster", new(11, 0), new(12, 0), 9));
        Assert.Throws<DomainException>(() => consultation.AddAgendaItem(day, "x3", AgendaItemKind.Break, "Break with cluster", new(11, 0), new(12, 0), 1));
    }

    [Fact]
    public void An_agenda_item_must_end_after_it_starts_and_have_a_unique_key()
    {
        var consultation = Sample();
        var day = consultation.Days[0];

        Assert.Throws<DomainException>(() => consultation.AddAgendaItem(day, "x", AgendaItemKind.Break, "Backwards", new(11, 0), new(10, 0)));
        Assert.Throws<DomainException>(() => consultation.AddAgendaItem(day, "d1-1", AgendaItemKind.Break, "Same key", new(11, 0), new(12, 0)));
    }

    [Fact]
    public void Items_are_kept_in_start_order_and_co_hosts_are_kept_as_spelled()
    {
        var consultation = Sample();
        var day = consultation.Days[0];
        consultation.AddAgendaItem(day, "d1-0", AgendaItemKind.Plenary, "Early welcome", new(8, 30), new(9, 0));

        Assert.Equal(["Early welcome", "Opening", "Session 1", "Session 2"], day.Items.Select(i => i.Title));
        Assert.Equal(["Org A", "Org B"], day.Items[2].CoHosts);
    }

    [Fact]
    public void Rescheduling_moves_days_and_keeps_every_items_local_time_and_the_gap()
    {
        var consultation = Sample();
        var before = consultation.Days.SelectMany(d => d.Items).Select(i => (i.Key, i.Start, i.End)).ToList();

        consultation.RescheduleDays([new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 25)]);

        Assert.Equal(before, consultation.Days.SelectMany(d => d.Items).Select(i => (i.Key, i.Start, i.End)));
        var first = consultation.Schedule()[0];
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero), first.StartsAt);
        Assert.Throws<DomainException>(() => consultation.RescheduleDays([new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 23)]));
    }

    [Fact]
    public void The_sessions_of_a_cluster_are_its_parallel_sessions_on_every_day()
    {
        var consultation = Sample();

        Assert.Equal(["d1-2", "d2-1"], consultation.SessionsOf(consultation.FindCluster(1)!).Select(s => s.Item.Key));
    }

    [Fact]
    public void The_moment_of_a_consultation_uses_its_time_zone()
    {
        var consultation = Sample();
        // 02:30 UTC on 2 March 2021 is 09:30 in Bangkok: both parallel sessions of day 1 are on.
        var moment = consultation.MomentAt(new DateTimeOffset(2021, 3, 2, 2, 30, 0, TimeSpan.Zero));

        Assert.Equal(["d1-2", "d1-3"], moment.Now.Select(s => s.Item.Key).Order());
        Assert.Equal(["d2-1"], moment.Next.Select(s => s.Item.Key));
    }

    [Fact]
    public void The_registration_deadline_is_read_in_the_consultations_zone()
    {
        var consultation = Sample();
        consultation.CloseRegistrationAt(new DateTime(2021, 3, 1, 15, 0, 0));

        Assert.Equal(new DateTimeOffset(2021, 3, 1, 8, 0, 0, TimeSpan.Zero), consultation.RegistrationClosesAt);
    }

    [Fact]
    public void Lists_refuse_duplicates_ignoring_case()
    {
        var consultation = Sample();

        Assert.Throws<DomainException>(() => consultation.SetRegions(["Pacific", "pacific"]));
        consultation.SetRegions(["Pacific", "South-East Asia"]);
        Assert.Equal(["Pacific", "South-East Asia"], consultation.Regions);
    }

    [Fact]
    public void Days_are_added_in_date_order()
    {
        var consultation = Sample();
        Assert.Throws<DomainException>(() => consultation.AddDay(new DateOnly(2021, 3, 3)));
    }
}
