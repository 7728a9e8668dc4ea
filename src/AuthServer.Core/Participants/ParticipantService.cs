using System.Data;
using AuthServer.Core.Audit;
using AuthServer.Core.Data;
using AuthServer.Core.Validation;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Core.Participants;

/// <summary>
/// The one place participants are created, changed and removed (SPEC §2), for the API and the
/// participants page alike: the same field rules, the same normalized keys, a peppolId taken anywhere on
/// the server refused, an audit event for each change. Callers scope the participant to what they may
/// see (its account; for a Developer Application token, its grant) before handing it here.
/// </summary>
public sealed class ParticipantService(AuthServerDbContext db, AuditLog audit, TimeProvider time)
{
    /// <summary>The account's participants by name.</summary>
    public Task<List<Participant>> ListAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.Participants.AsNoTracking().Where(p => p.AccountId == accountId).OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(cancellationToken);

    public Task<Participant?> FindAsync(Guid accountId, Guid id, CancellationToken cancellationToken) =>
        db.Participants.SingleOrDefaultAsync(p => p.Id == id && p.AccountId == accountId, cancellationToken);

    /// <summary>How many documents each of the account's participants sent or received.</summary>
    public async Task<Dictionary<Guid, int>> DocumentCountsAsync(Guid accountId, CancellationToken cancellationToken) =>
        await db.Documents.AsNoTracking().Where(d => d.AccountId == accountId)
            .GroupBy(d => d.ParticipantId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    public async Task<ParticipantWrite> CreateAsync(Guid accountId, ParticipantDetails input, AuditActor actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (input.Validate(errors) is not { } details)
        {
            return new ParticipantWrite(ParticipantWriteOutcome.Invalid, Errors: errors);
        }

        var participant = new Participant { AccountId = accountId, Name = details.Name!, CreatedAt = time.GetUtcNow().UtcDateTime };
        details.ApplyTo(participant);
        db.Participants.Add(participant);
        return await SaveAsync(participant, AuditActions.ParticipantCreated, actor, cancellationToken);
    }

    /// <param name="participant">Tracked, found through <see cref="FindAsync"/> or the caller's own scoped query.</param>
    public async Task<ParticipantWrite> UpdateAsync(Participant participant, ParticipantDetails input, AuditActor actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (input.Validate(errors) is not { } details)
        {
            return new ParticipantWrite(ParticipantWriteOutcome.Invalid, participant, errors);
        }

        details.ApplyTo(participant);
        return await SaveAsync(participant, AuditActions.ParticipantUpdated, actor, cancellationToken);
    }

    /// <summary>
    /// Removes a participant without documents. Its place in Developer Application grants goes with it (the
    /// rows cascade), so their tokens lose it at the next refresh, which rebuilds participants from the grant.
    /// </summary>
    public async Task<ParticipantRemoval> RemoveAsync(Guid accountId, Guid id, AuditActor actor, CancellationToken cancellationToken)
    {
        // Serializable: no document can be sent as the participant between the count and the delete
        // (the documents' foreign key cascades, so the count is what keeps them).
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var participant = await FindAsync(accountId, id, cancellationToken);
        if (participant is null)
        {
            return new ParticipantRemoval(ParticipantRemovalOutcome.NotFound);
        }

        var documents = await db.Documents.CountAsync(d => d.ParticipantId == id, cancellationToken);
        if (documents > 0)
        {
            return new ParticipantRemoval(ParticipantRemovalOutcome.HasDocuments, participant.Name, documents);
        }

        db.Participants.Remove(participant);
        audit.Record(accountId, actor.Actor, AuditActions.ParticipantDeleted, Target(participant), ip: actor.Ip, detail: Describe(participant));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ParticipantRemoval(ParticipantRemovalOutcome.Removed, participant.Name);
    }

    private async Task<ParticipantWrite> SaveAsync(Participant participant, string action, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await PeppolIdTakenAsync(participant, cancellationToken))
        {
            await DiscardAsync(participant, cancellationToken);
            return new ParticipantWrite(ParticipantWriteOutcome.PeppolIdTaken, participant);
        }

        audit.Record(participant.AccountId, actor.Actor, action, Target(participant), ip: actor.Ip, detail: Describe(participant));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new ParticipantWrite(ParticipantWriteOutcome.Saved, participant);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await PeppolIdTakenAsync(participant, CancellationToken.None))
            {
                throw;
            }

            // Another request took the peppolId in the meantime: the unique index decided.
            return new ParticipantWrite(ParticipantWriteOutcome.PeppolIdTaken, participant);
        }
    }

    private Task<bool> PeppolIdTakenAsync(Participant participant, CancellationToken cancellationToken) =>
        db.Participants.AsNoTracking().AnyAsync(p => p.PeppolIdKey == participant.PeppolIdKey && p.Id != participant.Id, cancellationToken);

    /// <summary>Nothing of a refused write may be saved later in the same unit of work.</summary>
    private async Task DiscardAsync(Participant participant, CancellationToken cancellationToken)
    {
        var entry = db.Entry(participant);
        if (entry.State == EntityState.Added)
        {
            entry.State = EntityState.Detached;
        }
        else
        {
            await entry.ReloadAsync(cancellationToken);
        }
    }

    private static string Target(Participant participant) => "participant:" + participant.Id;

    private static string Describe(Participant participant) => $"{participant.Name} ({participant.PeppolId})";
}
