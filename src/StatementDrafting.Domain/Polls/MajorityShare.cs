using System.Globalization;

namespace StatementDrafting.Domain.Polls;

/// <summary>
/// The share of "Support" among "Support" and "Object" responses that a qualified majority needs, as an exact fraction
/// (two thirds is 2/3, not 66.67%), from one half to all.
/// </summary>
public sealed record MajorityShare
{
    public MajorityShare(int numerator, int denominator)
    {
        if (denominator is < 1 or > 1000 || numerator < 1 || numerator > denominator || 2 * numerator < denominator)
        {
            throw new DomainException("A qualified majority is a share from one half to all, such as 2/3 or 60%.");
        }

        Numerator = numerator;
        Denominator = denominator;
    }

    public static MajorityShare TwoThirds { get; } = new(2, 3);

    public int Numerator { get; }

    public int Denominator { get; }

    /// <summary>Whether <paramref name="support"/> out of <paramref name="support"/> + <paramref name="objections"/> reaches the share (exactly at it counts).</summary>
    public bool IsReachedBy(int support, int objections) => (long)support * Denominator >= (long)Numerator * (support + objections);

    /// <summary>"2/3" or "60%" (the forms <see cref="Parse"/> reads).</summary>
    public override string ToString() => Denominator == 100
        ? string.Create(CultureInfo.InvariantCulture, $"{Numerator}%")
        : string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");

    /// <summary>Reads "2/3" or "60%" (or "60"); anything else is refused with the message of the constructor.</summary>
    public static MajorityShare Parse(string? text)
    {
        var value = (text ?? string.Empty).Trim();
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(value[..slash].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var numerator)
            && int.TryParse(value[(slash + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var denominator))
        {
            return new MajorityShare(numerator, denominator);
        }

        if (int.TryParse(value.TrimEnd('%').Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            return new MajorityShare(percent, 100);
        }

        throw new DomainException("A qualified majority is a share from one half to all, such as 2/3 or 60%.");
    }
}
