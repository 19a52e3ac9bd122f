using System.Globalization;
using StatementDrafting.Domain.Consultations;

namespace StatementDrafting.Domain.Polls;

/// <summary>How a poll ended.</summary>
public enum PollOutcome
{
    AdoptedByConsensus,
    AdoptedByMajority,
    AdoptedByDeclaration,
    NotAdopted,
}

/// <summary>The rule a poll is decided by, fixed when it opens (the consultation's rules at that moment).</summary>
/// <param name="QuorumPercent">The share (1-100) of eligible voters who must respond; null for none (one response is then enough).</param>
public sealed record PollRule(AdoptionRule Rule, int? QuorumPercent, MajorityShare Majority)
{
    public PollRule Checked()
    {
        if (!Enum.IsDefined(Rule))
        {
            throw new DomainException("Unknown adoption rule.");
        }

        if (QuorumPercent is < 1 or > 100)
        {
            throw new DomainException("A quorum is a percentage from 1 to 100.");
        }

        ArgumentNullException.ThrowIfNull(Majority);
        return this;
    }

    /// <summary>How many responses the quorum asks of <paramref name="eligible"/> voters (never fewer than one).</summary>
    public int ResponsesNeeded(int eligible)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(eligible);
        var needed = QuorumPercent is { } percent ? (int)(((long)eligible * percent + 99) / 100) : 1;
        return Math.Max(1, needed);
    }

    /// <summary>The rule in words, as shown before a poll opens.</summary>
    public string Describe()
    {
        var quorum = QuorumPercent is { } q
            ? string.Create(CultureInfo.InvariantCulture, $"at least {q}% of those eligible respond")
            : "at least one eligible participant responds";
        return Rule switch
        {
            AdoptionRule.Consensus => $"Adopted by consensus when nobody objects and {quorum}.",
            AdoptionRule.Majority => $"Adopted when \"Support\" reaches {Majority} of the \"Support\" and \"Object\" responses and {quorum}.",
            AdoptionRule.Declaration => "The chair declares the outcome after deliberation; the counts are kept as the record.",
            _ => throw new DomainException("Unknown adoption rule."),
        };
    }
}

/// <summary>The result of a closed poll: its outcome, whether the quorum was met, and why, in one sentence.</summary>
public sealed record PollDecision(PollOutcome Outcome, PollTally Tally, int Eligible, int ResponsesNeeded, string Explanation)
{
    public bool Adopted => Outcome != PollOutcome.NotAdopted;

    public bool QuorumMet => Tally.Responses >= ResponsesNeeded;

    /// <summary>
    /// Decides a poll by its rule. <paramref name="declaredAdopted"/> is the chair's declaration: required under
    /// <see cref="AdoptionRule.Declaration"/>, refused under the other rules (the counts decide there).
    /// </summary>
    public static PollDecision Decide(PollRule rule, PollTally tally, int eligible, bool? declaredAdopted = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Checked();
        if (tally.Responses > eligible)
        {
            throw new DomainException("A poll cannot count more responses than there are eligible voters.");
        }

        var needed = rule.ResponsesNeeded(eligible);
        var quorumMet = tally.Responses >= needed;
        var counts = string.Create(CultureInfo.InvariantCulture, $"{tally.Responses} of {eligible} eligible responded (quorum {needed})");
        if (rule.Rule == AdoptionRule.Declaration)
        {
            var adopted = declaredAdopted ?? throw new DomainException("Under the chair's declaration, the chair records the outcome.");
            return new(adopted ? PollOutcome.AdoptedByDeclaration : PollOutcome.NotAdopted, tally, eligible, needed,
                $"{(adopted ? "Adopted" : "Not adopted")} by the chair's declaration; {counts}.");
        }

        if (declaredAdopted is not null)
        {
            throw new DomainException("Under this rule the responses decide, not a declaration.");
        }

        if (!quorumMet)
        {
            return new(PollOutcome.NotAdopted, tally, eligible, needed, $"Not adopted: the quorum was not met; {counts}.");
        }

        if (rule.Rule == AdoptionRule.Consensus)
        {
            return tally.Objections == 0
                ? new(PollOutcome.AdoptedByConsensus, tally, eligible, needed, $"Adopted by consensus: nobody objected; {counts}.")
                : new(PollOutcome.NotAdopted, tally, eligible, needed,
                    string.Create(CultureInfo.InvariantCulture, $"Not adopted: {Objections(tally.Objections)}; {counts}."));
        }

        return rule.Majority.IsReachedBy(tally.Support, tally.Objections)
            ? new(PollOutcome.AdoptedByMajority, tally, eligible, needed,
                string.Create(CultureInfo.InvariantCulture, $"Adopted by a {rule.Majority} majority: {tally.Support} in support, {Objections(tally.Objections)}; {counts}."))
            : new(PollOutcome.NotAdopted, tally, eligible, needed,
                string.Create(CultureInfo.InvariantCulture, $"Not adopted: {tally.Support} in support does not reach {rule.Majority} against {Objections(tally.Objections)}; {counts}."));
    }

    private static string Objections(int count) => count switch
    {
        0 => "no objection",
        1 => "1 objection",
        _ => string.Create(CultureInfo.InvariantCulture, $"{count} objections"),
    };
}
