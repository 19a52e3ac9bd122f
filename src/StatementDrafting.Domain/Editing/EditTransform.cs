namespace StatementDrafting.Domain.Editing;

/// <summary>
/// The server's transformation: an incoming operation, made against an older revision, is carried over the changes
/// applied since, so that it does what its author meant on the current document (docs/protocol.md, "How concurrent
/// changes are resolved"). Applied operations must be in their applied form (as <see cref="DraftDocument.Apply"/>
/// returns them).
/// </summary>
public static class EditTransform
{
    /// <summary>Carries <paramref name="incoming"/> over one <paramref name="applied"/> operation made against the same document.</summary>
    /// <exception cref="EditRefusedException">The two cannot have been made against the same document.</exception>
    public static TransformOutcome Transform(EditOp incoming, EditOp applied) =>
        Transform(incoming, applied, TransformRules.Standard);

    /// <summary>
    /// Carries <paramref name="incoming"/> over the changes applied since its base revision, in order. Each change is
    /// the list of operations it applied. When the incoming operation has become several, they are carried over each
    /// applied operation one by one, and the applied operation is carried over the earlier ones, so that every
    /// operation of the result applies after the ones before it.
    /// </summary>
    /// <exception cref="EditRefusedException">The incoming operation does not fit the documents it was carried over.</exception>
    public static TransformOutcome Rebase(EditOp incoming, IEnumerable<IReadOnlyList<EditOp>> appliedChangesInOrder) =>
        Rebase(incoming, appliedChangesInOrder, TransformRules.Standard);

    internal static TransformOutcome Transform(EditOp incoming, EditOp applied, TransformRules rules)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(applied);
        var discarded = new List<DiscardedEdit>();
        var ops = Guarded(() => new BlockTransformer(rules, discarded).Forward(incoming, applied));
        return new TransformOutcome(ops, discarded);
    }

    internal static TransformOutcome Rebase(
        EditOp incoming, IEnumerable<IReadOnlyList<EditOp>> appliedChangesInOrder, TransformRules rules)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(appliedChangesInOrder);
        var discarded = new List<DiscardedEdit>();
        var transformer = new BlockTransformer(rules, discarded);
        var ops = Guarded(() =>
        {
            List<EditOp> current = BlockTransformer.Clean([incoming]);
            foreach (var change in appliedChangesInOrder)
            {
                current = transformer.Lists(current, [.. change]).Incoming;
            }

            return current;
        });
        return new TransformOutcome(ops, discarded);
    }

    private static List<EditOp> Guarded(Func<List<EditOp>> transform)
    {
        try
        {
            return transform();
        }
        catch (DomainException e)
        {
            throw new EditRefusedException(EditError.OutOfRange, e.Message);
        }
    }
}

/// <summary>
/// How the server transforms text: normally <see cref="TextOperation.Transform"/> with the applied operation's inserts
/// first at ties. Tests substitute a wrong rule to prove that the convergence checks notice. The observer sees every
/// (incoming, applied) pair transformed.
/// </summary>
internal sealed record TransformRules(
    Func<TextOperation, TextOperation, TextOperation> TextRule,
    Action<EditOp, EditOp>? Observer = null)
{
    public static readonly TransformRules Standard = new(StandardText);

    /// <summary>The incoming text operation carried over an applied one; the applied one's inserts go first at ties.</summary>
    public static TextOperation StandardText(TextOperation incoming, TextOperation applied) =>
        TextOperation.Transform(incoming, applied, TieBreak.BFirst).A;
}
