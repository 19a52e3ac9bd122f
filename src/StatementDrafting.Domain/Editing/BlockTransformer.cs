namespace StatementDrafting.Domain.Editing;

/// <summary>
/// The pairwise rules behind <see cref="EditTransform"/>. <see cref="Forward"/> carries an incoming operation over an
/// applied one (the rules of the brief and protocol); <see cref="Backward"/> carries the applied one over the incoming
/// one, which is only needed when the incoming operation has become several: the later ones of the list must see the
/// applied operation as it looks after the earlier ones.
/// </summary>
internal sealed class BlockTransformer(TransformRules rules, List<DiscardedEdit> discarded)
{
    /// <summary>
    /// Carries the list <paramref name="incoming"/> (applied in order) over the list <paramref name="applied"/> (applied
    /// in order, against the same document), and the other way round.
    /// </summary>
    public (List<EditOp> Incoming, List<EditOp> Applied) Lists(List<EditOp> incoming, List<EditOp> applied)
    {
        if (incoming.Count == 0 || applied.Count == 0)
        {
            return (incoming, applied);
        }

        if (incoming.Count == 1 && applied.Count == 1)
        {
            return (Forward(incoming[0], applied[0]), Backward(applied[0], incoming[0]));
        }

        if (incoming.Count > 1)
        {
            var (first, appliedAfterFirst) = Lists([incoming[0]], applied);
            var (rest, appliedAfterAll) = Lists(incoming[1..], appliedAfterFirst);
            return ([.. first, .. rest], appliedAfterAll);
        }

        var (overFirst, firstAfter) = Lists(incoming, [applied[0]]);
        var (overAll, restAfter) = Lists(overFirst, applied[1..]);
        return (overAll, [.. firstAfter, .. restAfter]);
    }

    /// <summary>
    /// As <see cref="Lists"/>, for two lists that both start from <paramref name="document"/>: every pair is taken in
    /// its applied form on the document it applies to, so the fields the rules read (a join's offset, where a deleted
    /// block was) are exact however far the operations have been carried. Clients use this on their outbox.
    /// </summary>
    /// <exception cref="EditRefusedException">An operation does not fit the document it should apply to.</exception>
    public (List<EditOp> Incoming, List<EditOp> Applied) ListsAt(DraftDocument document, List<EditOp> incoming, List<EditOp> applied)
    {
        if (incoming.Count == 0 || applied.Count == 0)
        {
            return (incoming, applied);
        }

        if (incoming.Count == 1 && applied.Count == 1)
        {
            var afterX = document.Clone();
            var x = afterX.Apply(incoming[0]);
            var afterY = document.Clone();
            var y = afterY.Apply(applied[0]);
            if (x is SplitBlock mine && y is SplitBlock theirs && mine.NewBlock == theirs.NewBlock && mine != theirs)
            {
                // One block brought back twice, cut at different places: the applied cut stands.
                rules.Observer?.Invoke(x, y);
                return ([], Reconcile(afterX, afterY, [mine.Block, theirs.Block, theirs.NewBlock]));
            }

            return (Forward(x, y), Backward(y, x));
        }

        if (incoming.Count > 1)
        {
            var (first, appliedAfterFirst) = ListsAt(document, [incoming[0]], applied);
            var afterFirst = document.Clone();
            afterFirst.Apply(incoming[0]);
            var (rest, appliedAfterAll) = ListsAt(afterFirst, incoming[1..], appliedAfterFirst);
            return ([.. first, .. rest], appliedAfterAll);
        }

        var (overFirst, firstAfter) = ListsAt(document, incoming, [applied[0]]);
        var afterApplied = document.Clone();
        afterApplied.Apply(applied[0]);
        var (overAll, restAfter) = ListsAt(afterApplied, overFirst, applied[1..]);
        return (overAll, [.. firstAfter, .. restAfter]);
    }

    /// <summary>Operations that make the given blocks of <paramref name="from"/> look as they do in <paramref name="to"/> (text, style, place).</summary>
    private static List<EditOp> Reconcile(DraftDocument from, DraftDocument to, IEnumerable<Statements.BlockId> blocks)
    {
        var ops = new List<EditOp>();
        foreach (var id in blocks.Distinct())
        {
            var (was, now) = (from.Find(id)!, to.Find(id)!);
            ops.Add(new TextEdit(id, TextDiff.Between(was.Text, now.Text)));
            if (was.Kind != now.Kind || was.Level != now.Level)
            {
                ops.Add(new RestyleBlock(id, now.Kind, now.Level));
            }

            var index = to.IndexOf(id);
            ops.Add(new MoveBlock(id, index == 0 ? null : to.Blocks[index - 1].Id));
        }

        var check = from.Clone();
        return Clean(ops.Where(op => op is not MoveBlock move || !Placed(check, move)).ToList());

        static bool Placed(DraftDocument document, MoveBlock move)
        {
            var index = document.IndexOf(move.Block);
            var placed = move.After is { } after ? index > 0 && document.Blocks[index - 1].Id == after : index == 0;
            if (!placed)
            {
                document.Apply(move);
            }

            return placed;
        }
    }

    /// <summary>The incoming operation <paramref name="x"/> carried over the applied operation <paramref name="y"/>.</summary>
    public List<EditOp> Forward(EditOp x, EditOp y)
    {
        rules.Observer?.Invoke(x, y);
        List<EditOp> result = y switch
        {
            TextEdit text => OverText(x, text),
            DeleteBlock delete => OverDelete(x, delete),
            SplitBlock split => OverSplit(x, split),
            JoinBlocks join => OverJoin(x, join),
            _ => [x], // insert, move (a later move wins by being applied later), restyle
        };
        return Clean(result);
    }

    /// <summary>The applied operation <paramref name="y"/> carried over the incoming operation <paramref name="x"/>.</summary>
    public static List<EditOp> Backward(EditOp y, EditOp x)
    {
        List<EditOp> result = x switch
        {
            TextEdit text => BackOverText(y, text),
            DeleteBlock delete => BackOverDelete(y, delete),
            MoveBlock move => BackOverMove(y, move),
            SplitBlock split => BackOverSplit(y, split),
            RestyleBlock restyle when y is RestyleBlock other && other.Block == restyle.Block => [],
            JoinBlocks { IsApplied: true } join => BackOverJoin(y, join),

            // An insert names a block the applied operation cannot know. A join in its incoming form never precedes
            // another operation of a transformed list on the server (those lists only ever begin with text, delete,
            // move and split operations); clients pass their joins in applied form.
            _ => [y],
        };
        return Clean(result);
    }

    /// <summary>Drops operations that have become meaningless: moving a block after itself, joining it with itself, editing nothing.</summary>
    public static List<EditOp> Clean(List<EditOp> ops)
    {
        ops.RemoveAll(op => op switch
        {
            MoveBlock move => move.After == move.Block,
            JoinBlocks join => join.Block == join.Next,
            TextEdit text => text.Operation.IsIdentity,
            _ => false,
        });
        return ops;
    }

    private List<EditOp> OverText(EditOp x, TextEdit y) => x switch
    {
        TextEdit text when text.Block == y.Block => [text with { Operation = TransformText(text.Operation, y.Operation) }],
        SplitBlock split when split.Block == y.Block =>
            [split with { Offset = y.Operation.MapPosition(CheckOffset(split.Offset, y.Operation), insertsBefore: true) }],
        _ => [x],
    };

    private List<EditOp> OverDelete(EditOp x, DeleteBlock y)
    {
        var deleted = y.Block;
        switch (x)
        {
            case TextEdit text when text.Block == deleted:
                var inserted = text.Operation.InsertedText();
                if (inserted.Length > 0)
                {
                    discarded.Add(new DiscardedEdit(deleted, DiscardedEdit.Deleted, inserted));
                }

                return [];
            case DeleteBlock or MoveBlock or RestyleBlock or SplitBlock when x.Block == deleted:
            case JoinBlocks join when join.Block == deleted || join.Next == deleted:
                return [];
            case InsertBlock insert when insert.After == deleted:
                return [insert with { After = y.After }];
            case MoveBlock move when move.After == deleted:
                return [move with { After = y.After }];
            default:
                return [x];
        }
    }

    private static List<EditOp> OverSplit(EditOp x, SplitBlock y)
    {
        var (block, offset, created) = (y.Block, y.Offset, y.NewBlock);
        switch (x)
        {
            case TextEdit text when text.Block == block:
                var (left, right) = text.Operation.SplitAt(offset);
                return [new TextEdit(block, left), new TextEdit(created, right)];
            case SplitBlock split when split.NewBlock == created:
                // The same block brought back twice (two deletes of a block someone joined): the applied one stands.
                return [];
            case SplitBlock split when split.Block == block:
                return split.Offset < offset || (split.Offset == offset && !TakesTail(split, y))
                    ? [split]
                    : [split with { Block = created, Offset = split.Offset - offset }];
            case JoinBlocks join when join.Block == block:
                return [join with { Block = created }];
            case DeleteBlock delete when delete.Block == block:
                return [delete, new DeleteBlock(created)];
            case MoveBlock move when move.Block == block:
                return [move, new MoveBlock(created, block)];
            case InsertBlock insert when insert.After == block:
                return [insert with { After = created }];
            case MoveBlock move when move.After == block:
                return [move with { After = created }];
            default:
                return [x];
        }
    }

    private static List<EditOp> OverJoin(EditOp x, JoinBlocks y)
    {
        var (block, next) = (y.Block, y.Next);
        var (offset, nextLength) = AppliedJoin(y);
        switch (x)
        {
            case TextEdit text when text.Block == block:
                return [text with { Operation = text.Operation.Widen(0, nextLength) }];
            case TextEdit text when text.Block == next:
                return [new TextEdit(block, text.Operation.Widen(offset, 0))];
            case SplitBlock split when split.Block == next:
                return [split with { Block = block, Offset = offset + split.Offset }];
            case JoinBlocks join when join.Block == block && join.Next == next:
                return [];
            case JoinBlocks join when join.Block == next:
                return [join with { Block = block }];
            case JoinBlocks join when join.Next == next:
                return []; // another block wanted to take in the joined one, which is gone
            case DeleteBlock delete when delete.Block == block:
                return [new SplitBlock(block, offset, next, y.NextKind!.Value, y.NextLevel!.Value) { Restores = true }, delete];
            case DeleteBlock delete when delete.Block == next:
                return [new TextEdit(block, TextOperation.Builder().Retain(offset).Delete(nextLength).Build())];
            case MoveBlock or RestyleBlock when x.Block == next:
                return [];
            case InsertBlock insert when insert.After == next:
                return [insert with { After = block }];
            case MoveBlock move when move.After == next:
                return [move with { After = block }];
            default:
                return [x];
        }
    }

    private static List<EditOp> BackOverText(EditOp y, TextEdit x) => y switch
    {
        TextEdit text when text.Block == x.Block =>
            [text with { Operation = TextOperation.Transform(x.Operation, text.Operation, TieBreak.BFirst).B }],
        SplitBlock split when split.Block == x.Block =>
            [split with { Offset = x.Operation.MapPosition(CheckOffset(split.Offset, x.Operation), insertsBefore: true) }],
        JoinBlocks join when join.Block == x.Block => [join with { Offset = x.Operation.TargetLength }],
        JoinBlocks join when join.Next == x.Block => [join with { NextLength = x.Operation.TargetLength }],
        _ => [y],
    };

    private static List<EditOp> BackOverDelete(EditOp y, DeleteBlock x)
    {
        // Where the deleted block was: known from the applied form (clients), else left as it is. On the server this
        // only happens within a list of incoming operations, and carrying an operation over an insert or a move never
        // looks at the anchor.
        var before = x.IsApplied ? x.After : x.Block;
        return y switch
        {
            TextEdit or DeleteBlock or MoveBlock or RestyleBlock or SplitBlock when y.Block == x.Block => [],
            JoinBlocks join when join.Block == x.Block || join.Next == x.Block => [],
            DeleteBlock delete when delete.After == x.Block => [delete with { After = before }],
            InsertBlock insert when insert.After == x.Block => [insert with { After = before }],
            MoveBlock move when move.After == x.Block => [move with { After = before }],
            _ => [y],
        };
    }

    private static List<EditOp> BackOverMove(EditOp y, MoveBlock x) => y switch
    {
        MoveBlock move when move.Block == x.Block => [], // the incoming move is the later one: it wins
        DeleteBlock delete when delete.Block == x.Block => [delete with { After = x.After }],
        _ => [y],
    };

    private static List<EditOp> BackOverSplit(EditOp y, SplitBlock x)
    {
        var (block, offset, created) = (x.Block, x.Offset, x.NewBlock);
        switch (y)
        {
            case TextEdit text when text.Block == block:
                var (left, right) = text.Operation.SplitAt(offset);
                return [new TextEdit(block, left), new TextEdit(created, right)];
            case SplitBlock split when split.NewBlock == created:
                // Both bring back one block (two deletes of a block someone joined). Where they cut can only differ
                // by text typed exactly at the cut; without the documents that is left as it is (ListsAt fixes it).
                return [];
            case SplitBlock split when split.Block == block:
                return split.Offset > offset || (split.Offset == offset && !TakesTail(x, split))
                    ? [split with { Block = created, Offset = split.Offset - offset }]
                    : [split];
            case JoinBlocks join when join.Block == block:
                return [join with { Block = created, Offset = AppliedJoin(join).Offset - offset }];
            case JoinBlocks join when join.Next == block:
                return [join with { NextLength = offset }];
            case DeleteBlock delete when delete.Block == block:
                return [delete, new DeleteBlock(created) { After = delete.After, Text = string.Empty, Kind = x.Kind, Level = x.Level }];
            case DeleteBlock delete when delete.After == block:
                return [delete with { After = created }];
            case MoveBlock move when move.Block == block:
                return [move, new MoveBlock(created, block)];
            case InsertBlock insert when insert.After == block:
                return [insert with { After = created }];
            case MoveBlock move when move.After == block:
                return [move with { After = created }];
            default:
                return [y];
        }
    }

    private static List<EditOp> BackOverJoin(EditOp y, JoinBlocks x)
    {
        var (block, next) = (x.Block, x.Next);
        var (offset, nextLength) = AppliedJoin(x);
        switch (y)
        {
            case TextEdit text when text.Block == block:
                return [text with { Operation = text.Operation.Widen(0, nextLength) }];
            case TextEdit text when text.Block == next:
                return [new TextEdit(block, text.Operation.Widen(offset, 0))];
            case SplitBlock split when split.Block == next:
                return [split with { Block = block, Offset = offset + split.Offset }];
            case JoinBlocks join when join.Block == block && join.Next == next:
                return [];
            case JoinBlocks join when join.Block == next && join.Next == block:
                return [Restore(), join]; // the incoming join was dropped: the other way round wins
            case JoinBlocks join when join.Block == next:
                return [join with { Block = block, Offset = offset + AppliedJoin(join).Offset }];
            case JoinBlocks join when join.Next == next:
                return [Restore(), join]; // another block took in the joined one: the incoming join was dropped
            case JoinBlocks join when join.Next == block:
                return [join with { NextLength = offset + nextLength }];
            case JoinBlocks join when join.Block == block:
                // The block took in another one meanwhile: that one's text comes first, then the incoming join's.
                var other = AppliedJoin(join);
                return
                [
                    Restore(),
                    join with { Offset = offset },
                    join with
                    {
                        Next = next, Offset = offset + other.NextLength, NextLength = nextLength, NextKind = x.NextKind,
                        NextLevel = x.NextLevel,
                    },
                ];
            case DeleteBlock delete when delete.Block == block:
                return [Restore(), delete];
            case DeleteBlock delete when delete.Block == next:
                return [new TextEdit(block, TextOperation.Builder().Retain(offset).Delete(nextLength).Build())];
            case DeleteBlock delete when delete.After == next:
                return [delete with { After = block }];
            case MoveBlock or RestyleBlock when y.Block == next:
                return [];
            case InsertBlock insert when insert.After == next:
                return [insert with { After = block }];
            case MoveBlock move when move.After == next:
                return [move with { After = block }];
            default:
                return [y];
        }

        // Brings the joined-in block back, as it was, with its id.
        SplitBlock Restore() => new(block, offset, next, x.NextKind!.Value, x.NextLevel!.Value) { Restores = true };
    }

    /// <summary>
    /// Two splits of one block at one place: the incoming one's new block comes first and empty, unless it brings back
    /// a joined-in block and the applied one does not; then it takes the text after the cut.
    /// </summary>
    private static bool TakesTail(SplitBlock incoming, SplitBlock applied) => incoming.Restores && !applied.Restores;

    private static (int Offset, int NextLength) AppliedJoin(JoinBlocks join) =>
        join.IsApplied
            ? (join.Offset!.Value, join.NextLength!.Value)
            : throw new ArgumentException("An applied join must carry its applied form (offset, next length, kind, level).");

    private static int CheckOffset(int offset, TextOperation over) =>
        offset >= 0 && offset <= over.BaseLength
            ? offset
            : throw new EditRefusedException(
                EditError.OutOfRange, $"Offset {offset} is outside a text of {over.BaseLength} characters.");

    private TextOperation TransformText(TextOperation incoming, TextOperation applied)
    {
        if (incoming.BaseLength != applied.BaseLength)
        {
            throw new EditRefusedException(
                EditError.OutOfRange,
                $"The text operation covers {incoming.BaseLength} characters; the block held {applied.BaseLength}.");
        }

        try
        {
            return rules.TextRule(incoming, applied);
        }
        catch (DomainException e)
        {
            throw new EditRefusedException(EditError.TooLong, e.Message);
        }
    }
}
