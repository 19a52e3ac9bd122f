using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.SignalR;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// The public hub for co-editing (docs/protocol.md). Every method sends one mediator request, so authorisation,
/// validation and logging are the same as everywhere else; <see cref="DraftingHubFilter"/> sets the caller, applies
/// the per-connection rate limit and turns refusals into <c>code: message</c> errors for this caller alone.
/// </summary>
public sealed class DraftingHub(IMediator mediator, PresenceTracker presence, HubAudience audience) : Hub
{
    public const string Path = "/hubs/drafting";

    public static string GroupOf(int statementId) => $"statement-{statementId}";

    [SendsRequest(typeof(JoinStatement))]
    public async Task<StatementSnapshotView> Join(int statementId)
    {
        var snapshot = await mediator.Send(new JoinStatement(statementId));
        if (audience.NodeLocal)
        {
            audience.Join(statementId, Context.ConnectionId);
        }
        else
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(statementId));
        }

        JoinedStatements(Context).Add(statementId);
        return snapshot;
    }

    [SendsRequest(typeof(LeaveStatement))]
    public async Task Leave(int statementId)
    {
        await mediator.Send(new LeaveStatement(statementId, ConnectionKey));
        if (audience.NodeLocal)
        {
            audience.Leave(statementId, Context.ConnectionId);
        }
        else
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(statementId));
        }

        JoinedStatements(Context).Remove(statementId);
    }

    [SendsRequest(typeof(SubmitChange))]
    public async Task<SubmitResult> Submit(Submission submission)
    {
        var request = Submission.ToRequest(submission);
        RequireJoined(request.StatementId);
        return await mediator.Send(request);
    }

    [SendsRequest(typeof(CatchUpStatement))]
    public async Task<CatchUpResult> CatchUp(int statementId, int fromRevision)
    {
        RequireJoined(statementId);
        return await mediator.Send(new CatchUpStatement(statementId, fromRevision));
    }

    [SendsRequest(typeof(UpdatePresence))]
    public async Task Presence(int statementId, string? blockId)
    {
        RequireJoined(statementId);
        await mediator.Send(new UpdatePresence(statementId, blockId, ConnectionKey));
    }

    [SendsRequest(typeof(SetStatementLock))]
    public async Task Lock(int statementId) => await mediator.Send(new SetStatementLock(statementId, true));

    [SendsRequest(typeof(SetStatementLock))]
    public async Task Unlock(int statementId) => await mediator.Send(new SetStatementLock(statementId, false));

    [SendsRequest(typeof(EchoStatement))]
    public async Task Echo(int statementId, string payload)
    {
        RequireJoined(statementId);
        await mediator.Send(new EchoStatement(statementId, payload ?? string.Empty));
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        presence.LeaveEverywhere(ConnectionKey);
        audience.LeaveEverywhere(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    private string ConnectionKey => "hub:" + Context.ConnectionId;

    private static HashSet<int> JoinedStatements(HubCallerContext context)
    {
        lock (context.Items)
        {
            if (!context.Items.TryGetValue(nameof(JoinedStatements), out var value) || value is not HashSet<int> set)
            {
                set = [];
                context.Items[nameof(JoinedStatements)] = set;
            }

            return set;
        }
    }

    private void RequireJoined(int statementId)
    {
        if (!JoinedStatements(Context).Contains(statementId))
        {
            throw new HubException("not_joined: Join the statement first.");
        }
    }
}

/// <summary>
/// A submission as it arrives on the hub or from the editor (protocol: <c>Submit</c>). Every field may be missing on
/// the wire; <see cref="ToRequest"/> refuses a submission without one as <c>malformed</c>, naming it (a missing base
/// revision must not be taken for revision 0).
/// </summary>
public sealed record Submission(int? StatementId, string? ChangeId, int? BaseRevision, JsonElement Op)
{
    /// <exception cref="DraftingRefusedException">No submission, or one without its statement, change id, base revision or operation.</exception>
    public static SubmitChange ToRequest(Submission? submission)
    {
        if (submission is null)
        {
            throw new DraftingRefusedException("malformed", "Submit's submission must be an object: { statementId, changeId, baseRevision, op }.");
        }

        (string Name, bool Missing)[] fields =
        [
            ("statementId", submission.StatementId is null),
            ("changeId", submission.ChangeId is null),
            ("baseRevision", submission.BaseRevision is null),
            ("op", submission.Op.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null),
        ];
        var missing = fields.Where(f => f.Missing).Select(f => $"'{f.Name}'").ToList();
        return missing.Count > 0
            ? throw new DraftingRefusedException("malformed", $"The submission has no {string.Join(", ", missing)}.")
            : new SubmitChange(submission.StatementId!.Value, submission.ChangeId!, submission.BaseRevision!.Value, submission.Op);
    }

    /// <summary>
    /// Never the operation: SignalR's debug log prints invocation arguments, and logs must not hold statement text.
    /// </summary>
    public override string ToString() => $"Submission {{ StatementId = {StatementId}, BaseRevision = {BaseRevision} }}";
}

/// <summary>Names the mediator request a hub method sends, so the authorisation matrix can check every hub method.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SendsRequestAttribute(Type requestType) : Attribute
{
    public Type RequestType { get; } = requestType;
}
