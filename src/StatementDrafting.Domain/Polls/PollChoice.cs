namespace StatementDrafting.Domain.Polls;

/// <summary>A response to an adoption poll (or to the poll on the speakers' slate).</summary>
public enum PollChoice
{
    Support = 1,

    /// <summary>Not what one would have written, but no reason to stand in the way.</summary>
    CanLiveWith = 2,

    Objection = 3,
}
