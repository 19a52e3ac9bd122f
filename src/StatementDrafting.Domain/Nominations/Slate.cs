using System.Globalization;
using System.Text;

namespace StatementDrafting.Domain.Nominations;

/// <summary>
/// What the plenary may know of a nominee who consented to be named: enough to judge the slate's balance, and nothing
/// that links them to their pseudonym.
/// </summary>
public sealed record NomineeProfile(string Name, string Organisation, string StakeholderCategory, string Country, string Region, string Gender);

/// <summary>A group of speaking places (from the consultation's speaker slots).</summary>
public sealed record SlateSlot(int SlotId, string Kind, int Count, int? MinutesEach, string Note);

/// <summary>A nominee placed in a slot at a position (from 1).</summary>
public sealed record SlatePlace(int NominationId, int SlotId, int Position, NomineeProfile Nominee);

/// <summary>A slot with its places in order; an empty place is null.</summary>
public sealed record SlateSlotPlaces(SlateSlot Slot, IReadOnlyList<SlatePlace?> Places);

/// <summary>
/// The speakers' slate: the consultation's slots with the accepted nominees the organisers placed in them. Its canonical
/// text is what the plenary approves (and what the poll's fingerprint is taken of).
/// </summary>
public sealed class Slate
{
    private Slate(IReadOnlyList<SlateSlotPlaces> slots) => Slots = slots;

    public IReadOnlyList<SlateSlotPlaces> Slots { get; }

    public int Places => Slots.Sum(s => s.Slot.Count);

    public int Filled => Slots.Sum(s => s.Places.Count(p => p is not null));

    public IEnumerable<SlatePlace> Speakers => Slots.SelectMany(s => s.Places).OfType<SlatePlace>();

    /// <summary>Lays <paramref name="placed"/> out in <paramref name="slots"/>; a place outside its slot or taken twice is refused.</summary>
    public static Slate Of(IEnumerable<SlateSlot> slots, IEnumerable<SlatePlace> placed)
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(placed);
        var bySlot = placed.GroupBy(p => p.SlotId).ToDictionary(g => g.Key, g => g.ToList());
        var laidOut = new List<SlateSlotPlaces>();
        foreach (var slot in slots)
        {
            var places = new SlatePlace?[slot.Count];
            foreach (var place in bySlot.GetValueOrDefault(slot.SlotId) ?? [])
            {
                if (place.Position < 1 || place.Position > slot.Count)
                {
                    throw new DomainException($"The {slot.Kind} slot has {PlacesWord(slot.Count)}: there is no place {place.Position}.");
                }

                if (places[place.Position - 1] is not null)
                {
                    throw new DomainException($"Place {place.Position} of the {slot.Kind} slot is taken.");
                }

                places[place.Position - 1] = place;
            }

            bySlot.Remove(slot.SlotId);
            laidOut.Add(new SlateSlotPlaces(slot, places));
        }

        return bySlot.Count > 0 ? throw new DomainException("A nominee is placed in a slot this consultation does not have.") : new Slate(laidOut);
    }

    /// <summary>
    /// The slate as put to the plenary: one line per slot ("slot: roundtable, 4 places, 2 minutes each") and one per
    /// place ("place 1: Name; Organisation; category; country; region; gender", or "place 2: open"). Line breaks and
    /// tabs inside values become spaces, so the text has one reading.
    /// </summary>
    public string CanonicalText()
    {
        var text = new StringBuilder();
        foreach (var (slot, places) in Slots)
        {
            text.Append("slot: ").Append(Flat(slot.Kind)).Append(", ").Append(PlacesWord(slot.Count));
            if (slot.MinutesEach is { } minutes)
            {
                text.Append(", ").Append(minutes.ToString(CultureInfo.InvariantCulture)).Append(minutes == 1 ? " minute each" : " minutes each");
            }

            text.Append('\n');
            for (var i = 0; i < places.Count; i++)
            {
                text.Append("place ").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(": ");
                if (places[i]?.Nominee is { } n)
                {
                    text.AppendJoin("; ", new[] { n.Name, n.Organisation, n.StakeholderCategory, n.Country, n.Region, n.Gender }.Select(Flat));
                }
                else
                {
                    text.Append("open");
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    public static string PlacesWord(int count) => count == 1 ? "1 place" : $"{count.ToString(CultureInfo.InvariantCulture)} places";

    private static string Flat(string value) => string.Join(' ', (value ?? string.Empty).Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>One value of a dimension: how many on the slate and among the participants, with whole percentages.</summary>
public sealed record BalanceRow(string Value, int OnSlate, int OnSlatePercent, int Participants, int ParticipantsPercent);

/// <summary>The slate against the participation, along one dimension (region, gender, stakeholder category, country).</summary>
public sealed record BalanceTable(string Dimension, IReadOnlyList<BalanceRow> Rows, int OnSlate, int Participants)
{
    /// <summary>
    /// Compares the slate's values with the participants' along <paramref name="dimension"/>: the <paramref name="listed"/>
    /// values first, in their order and even when nobody holds them (an empty row is what balance asks about), then any
    /// other value met, most frequent among participants first. Values compare ignoring case and surrounding spaces.
    /// </summary>
    public static BalanceTable Compare(string dimension, IEnumerable<string> slate, IEnumerable<string> participants, IEnumerable<string> listed)
    {
        ArgumentNullException.ThrowIfNull(slate);
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(listed);
        var comparer = StringComparer.OrdinalIgnoreCase;
        var onSlate = slate.Select(Clean).ToList();
        var among = participants.Select(Clean).ToList();
        var values = listed.Select(Clean).Where(v => v.Length > 0).Distinct(comparer).ToList();
        values.AddRange(among.Concat(onSlate)
            .Where(v => !values.Contains(v, comparer))
            .GroupBy(v => v, comparer)
            .OrderByDescending(g => among.Count(a => comparer.Equals(a, g.Key)))
            .ThenByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.First()));
        var rows = values.Select(v =>
        {
            var s = onSlate.Count(x => comparer.Equals(x, v));
            var p = among.Count(x => comparer.Equals(x, v));
            return new BalanceRow(v, s, Percent(s, onSlate.Count), p, Percent(p, among.Count));
        }).ToList();
        return new BalanceTable(dimension, rows, onSlate.Count, among.Count);
    }

    /// <summary>A whole percentage, rounded half away from zero; zero of nothing is zero.</summary>
    public static int Percent(int part, int whole) =>
        whole == 0 ? 0 : (int)Math.Round(100.0 * part / whole, MidpointRounding.AwayFromZero);

    private static string Clean(string? value) => string.IsNullOrWhiteSpace(value) ? "Not given" : value.Trim();
}
