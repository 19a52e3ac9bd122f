namespace StatementDrafting.Domain.Polls;

/// <summary>The counts of a poll's responses, one per voter (a person, or an organisation in organisation mode).</summary>
public readonly record struct PollTally(int Support, int CanLiveWith, int Objections)
{
    public static PollTally Empty { get; } = new(0, 0, 0);

    public int Responses => Support + CanLiveWith + Objections;

    public int Of(PollChoice choice) => choice switch
    {
        PollChoice.Support => Support,
        PollChoice.CanLiveWith => CanLiveWith,
        PollChoice.Objection => Objections,
        _ => throw new DomainException("Unknown response."),
    };

    /// <summary>The tally after one voter's response: a first response adds one; a change of mind moves one.</summary>
    public PollTally After(PollChoice? previous, PollChoice choice) => (previous is { } p ? Add(p, -1) : this).Add(choice, 1);

    /// <summary>The tally of a set of responses.</summary>
    public static PollTally Of(IEnumerable<PollChoice> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return choices.Aggregate(Empty, (tally, choice) => tally.Add(choice, 1));
    }

    private PollTally Add(PollChoice choice, int by)
    {
        var tally = choice switch
        {
            PollChoice.Support => this with { Support = Support + by },
            PollChoice.CanLiveWith => this with { CanLiveWith = CanLiveWith + by },
            PollChoice.Objection => this with { Objections = Objections + by },
            _ => throw new DomainException("Unknown response."),
        };
        return tally.Support < 0 || tally.CanLiveWith < 0 || tally.Objections < 0
            ? throw new DomainException("A tally cannot count below zero.")
            : tally;
    }
}
