using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>
/// Live editing: everyone with access may watch a statement; only organisers and co-hosts of its sessions may change it;
/// only organisers may lock it. (The hub methods send these requests; hub tests check the same over SignalR.)
/// </summary>
public sealed class LiveEditingCases : AuthorisationCases
{
    private static readonly Actor[] Drafters = [Actor.Organiser, Actor.CoHostOfThisSession];

    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new JoinStatement(world.StatementId), Members);
        yield return AuthorisationCase.For(() => new CatchUpStatement(world.StatementId, 0), Members);
        yield return AuthorisationCase.For(() => new UpdatePresence(world.StatementId, null, "matrix-connection"), Members);
        yield return AuthorisationCase.For(() => new LeaveStatement(world.StatementId, "matrix-connection"), Members);
        yield return AuthorisationCase.For(() => Typing(world), Drafters);
        yield return AuthorisationCase.For(() => new EchoStatement(world.StatementId, "floor"), Drafters);
        yield return AuthorisationCase.For(() => new SetStatementLock(world.StatementId, false), Organisers);

        // Text that could not be applied: anyone who reads the statement keeps and lists their own; turning it into an
        // amendment needs the right to propose (the key is nobody's here, so a granted call answers "no such text").
        yield return AuthorisationCase.For(() => new KeepUnappliedText(world.StatementId, "l." + Guid.NewGuid().ToString("N")[..16], FirstBlock(world), null, "locked", "Kept by the matrix.", null), Members);
        yield return AuthorisationCase.For(() => new GetMyUnappliedTexts(world.StatementId), Members);
        yield return AuthorisationCase.For(() => new DraftAmendmentFromUnapplied(world.StatementId, "l.nobodys-key-0000"), ParticipantsAndUp);
    }

    private static string FirstBlock(MatrixWorld world)
    {
        using var scope = world.App.Services.CreateScope();
        using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContext();
        return db.Statements.AsNoTracking().Where(s => s.Id == world.StatementId).SelectMany(s => s.Blocks).OrderBy(b => b.Position).Select(b => b.Id).First().Value;
    }

    /// <summary>Types one letter at the start of the statement's first block, against its current revision.</summary>
    private static SubmitChange Typing(MatrixWorld world)
    {
        using var scope = world.App.Services.CreateScope();
        using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContext();
        var statement = db.Statements.AsNoTracking().Include(s => s.Blocks).Single(s => s.Id == world.StatementId);
        var first = statement.Blocks.OrderBy(b => b.Position).First();
        var op = JsonSerializer.SerializeToElement(new { type = "text", block = first.Id.Value, ops = first.Text.Length > 0 ? new object[] { "x", first.Text.Length } : ["x"] });
        return new SubmitChange(world.StatementId, "matrix-" + Guid.NewGuid().ToString("N")[..12], statement.Revision, op);
    }
}
