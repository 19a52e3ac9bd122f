namespace StatementDrafting.Domain.Agenda;

/// <summary>Conversions between a zone's local calendar times and instants.</summary>
public static class ZonedTime
{
    /// <summary>
    /// The instant at which a zone's clocks show <paramref name="date"/> <paramref name="time"/>.
    /// A local time skipped by a daylight-saving change (spring forward) is read with the offset in force before
    /// the change, so it lands after the gap, as a wall clock that was not yet moved would show it; a local time
    /// that happens twice (fall back) is its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            offset = zone.GetUtcOffset(local.AddDays(-1));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The same instant as a zone's clocks show it, with that zone's offset.</summary>
    public static DateTimeOffset InZone(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTime(instant, zone);
    }

    /// <summary>The date a zone's calendar shows at an instant.</summary>
    public static DateOnly DateIn(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(InZone(instant, zone).DateTime);

    /// <summary>Finds a zone by IANA id (e.g. "Asia/Bangkok"); a clear error when it does not exist.</summary>
    public static TimeZoneInfo FindZone(string zoneId)
    {
        if (string.IsNullOrWhiteSpace(zoneId) || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            throw new DomainException($"'{zoneId}' is not a known time zone.");
        }

        return zone;
    }
}
