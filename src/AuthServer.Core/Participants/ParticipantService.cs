using System.Data;
using AuthServer.Core.Operators;
using AuthServer.Core.Validation;

namespace AuthServer.Core.Participants;

/// <summary>
/// The one place participants are created, changed, verified and removed (SPEC §2), for the API, the
/// participants page and the operator console alike: the same field rules, the same normalized keys, the
/// same verification rules, an audit event for each change. Callers scope the participant to what they may
/// see (its account; for a Developer Application token, its grant) before handing it here.
/// <list type="bullet">
/// <item>A new participant is <c>pending</c> until an operator verifies it (<c>verified</c> at once with
/// <c>Participants:Verification=Automatic</c>).</item>
/// <item>A peppolId held by a verified participant cannot be claimed by anyone else, and an account holds a
/// peppolId once; pending claims of different accounts may coexist, and verifying one rejects the others.</item>
/// <item>Changing a verified participant's identifiers (euVatId, rn, countryCode, peppolId) sends it back to
/// <c>pending</c>: what was verified is no longer what it says. Editing a rejected one resubmits it.</item>
/// </list>
/// </summary>
public sealed class ParticipantService(AuthServerDbContext db, AuditLog audit, OperatorLog operatorLog, IOptions<ParticipantsOptions> options, TimeProvider time)
{
    /// <summary>What an operator's verification of another claim tells the accounts whose claims it rejects.</summary>
    public const string ClaimVerifiedElsewhere = "Another account's claim on this Peppol ID was verified.";

    public const string IdentifiersChanged = "Its identifiers changed: an operator verifies them again.";

    public const string Resubmitted = "Changed after it was rejected: an operator looks at it again.";

    private bool Automatic => options.Value.Verification == VerificationMode.Automatic;

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

        var participant = new Participant { AccountId = accountId, Name = details.Name!, CreatedAt = Now, AddedBy = actor.Actor };
        details.ApplyTo(participant);
        participant.SetStatus(Automatic ? ParticipantStatus.Verified : ParticipantStatus.Pending, null, Automatic ? AuditActor.System : actor.Actor, Now);
        db.Participants.Add(participant);
        return await SaveAsync(participant, AuditActions.ParticipantCreated, actor, Describe(participant) + "; " + participant.Status.ToApi(), cancellationToken);
    }

    /// <param name="participant">Tracked, found through <see cref="FindAsync"/> or the caller's own scoped query.</param>
    public async Task<ParticipantWrite> UpdateAsync(Participant participant, ParticipantDetails input, AuditActor actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (input.Validate(errors) is not { } details)
        {
            return new ParticipantWrite(ParticipantWriteOutcome.Invalid, participant, errors);
        }

        var identifiers = participant.VerifiedIdentifiers;
        var status = participant.Status;
        details.ApplyTo(participant);
        var detail = Describe(participant);
        if (Automatic && status != ParticipantStatus.Verified)
        {
            participant.SetStatus(ParticipantStatus.Verified, null, AuditActor.System, Now);
            detail += "; verified";
        }
        else if (!Automatic && status == ParticipantStatus.Verified && identifiers != participant.VerifiedIdentifiers)
        {
            participant.SetStatus(ParticipantStatus.Pending, IdentifiersChanged, actor.Actor, Now);
            detail += "; back to pending: identifiers changed";
        }
        else if (!Automatic && status == ParticipantStatus.Rejected)
        {
            participant.SetStatus(ParticipantStatus.Pending, Resubmitted, actor.Actor, Now);
            detail += "; resubmitted for verification";
        }

        return await SaveAsync(participant, AuditActions.ParticipantUpdated, actor, detail, cancellationToken);
    }

    /// <summary>
    /// An operator vouches for the participant: it takes part in the network from now on, and every other
    /// account's pending claim on its peppolId is rejected (their Admins are told, with the reason).
    /// </summary>
    public async Task<ParticipantStatusChange> VerifyAsync(Guid id, OperatorActor actor, CancellationToken cancellationToken)
    {
        var participant = await db.Participants.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (participant is null)
        {
            return new ParticipantStatusChange(OperatorOutcome.NotFound);
        }

        if (participant.IsVerified)
        {
            return new ParticipantStatusChange(OperatorOutcome.Unchanged, participant);
        }

        if (await HeldByVerifiedAsync(participant, cancellationToken))
        {
            return new ParticipantStatusChange(OperatorOutcome.PeppolIdTaken, participant);
        }

        participant.SetStatus(ParticipantStatus.Verified, null, actor.Audit.Actor, Now);
        operatorLog.Record(actor, participant.AccountId, AuditActions.ParticipantVerified, Target(participant), Describe(participant));
        var rejected = await RejectOtherClaimsAsync(participant, actor.Audit.Actor,
            (claim, detail) => operatorLog.Record(actor, claim.AccountId, AuditActions.ParticipantRejected, Target(claim), detail), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new ParticipantStatusChange(OperatorOutcome.Done, participant, rejected);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await HeldByVerifiedAsync(participant, CancellationToken.None))
            {
                throw;
            }

            // Another operator verified another claim on the same peppolId at the same moment: the filtered unique index decided.
            return new ParticipantStatusChange(OperatorOutcome.PeppolIdTaken, participant);
        }
    }

    /// <summary>
    /// An operator refuses the claim (or withdraws a verification), with a reason the account sees: from now on the
    /// participant is not found, cannot send or receive, and Developer Application tokens lose it at their next refresh.
    /// </summary>
    public async Task<ParticipantStatusChange> RejectAsync(Guid id, string? reason, OperatorActor actor, CancellationToken cancellationToken)
    {
        var participant = await db.Participants.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (participant is null)
        {
            return new ParticipantStatusChange(OperatorOutcome.NotFound);
        }

        if (OperatorReason.Clean(reason) is not { } why)
        {
            return new ParticipantStatusChange(OperatorOutcome.ReasonRequired, participant);
        }

        if (participant.Status == ParticipantStatus.Rejected)
        {
            return new ParticipantStatusChange(OperatorOutcome.Unchanged, participant);
        }

        participant.SetStatus(ParticipantStatus.Rejected, why, actor.Audit.Actor, Now);
        operatorLog.Record(actor, participant.AccountId, AuditActions.ParticipantRejected, Target(participant), $"{Describe(participant)}: {why}");
        await db.SaveChangesAsync(cancellationToken);
        return new ParticipantStatusChange(OperatorOutcome.Done, participant, []);
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

    private async Task<ParticipantWrite> SaveAsync(Participant participant, string action, AuditActor actor, string detail, CancellationToken cancellationToken)
    {
        if (await PeppolIdTakenAsync(participant, cancellationToken))
        {
            await DiscardAsync(participant, cancellationToken);
            return new ParticipantWrite(ParticipantWriteOutcome.PeppolIdTaken, participant);
        }

        audit.Record(participant.AccountId, actor.Actor, action, Target(participant), ip: actor.Ip, detail: detail);
        IReadOnlyList<RejectedClaim> rejected = [];
        if (participant.IsVerified)
        {
            rejected = await RejectOtherClaimsAsync(participant, AuditActor.System,
                (claim, why) => audit.Record(claim.AccountId, AuditActor.System, AuditActions.ParticipantRejected, Target(claim), detail: why), cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new ParticipantWrite(ParticipantWriteOutcome.Saved, participant, RejectedClaims: rejected);
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

    /// <summary>Held by a verified participant anywhere, or by another participant of the same account in any status.</summary>
    private Task<bool> PeppolIdTakenAsync(Participant participant, CancellationToken cancellationToken) =>
        db.Participants.AsNoTracking().AnyAsync(p => p.PeppolIdKey == participant.PeppolIdKey && p.Id != participant.Id &&
            (p.Status == ParticipantStatus.Verified || p.AccountId == participant.AccountId), cancellationToken);

    private Task<bool> HeldByVerifiedAsync(Participant participant, CancellationToken cancellationToken) =>
        db.Participants.AsNoTracking().AnyAsync(p => p.PeppolIdKey == participant.PeppolIdKey && p.Id != participant.Id &&
            p.Status == ParticipantStatus.Verified, cancellationToken);

    /// <summary>A peppolId has one verified holder: the other accounts' pending claims on it are rejected (tracked, saved by the caller).</summary>
    private async Task<IReadOnlyList<RejectedClaim>> RejectOtherClaimsAsync(Participant verified, string actor, Action<Participant, string> record,
        CancellationToken cancellationToken)
    {
        var claims = await db.Participants
            .Where(p => p.PeppolIdKey == verified.PeppolIdKey && p.Id != verified.Id && p.Status == ParticipantStatus.Pending)
            .ToListAsync(cancellationToken);
        foreach (var claim in claims)
        {
            claim.SetStatus(ParticipantStatus.Rejected, ClaimVerifiedElsewhere, actor, Now);
            record(claim, $"{Describe(claim)}: {ClaimVerifiedElsewhere}");
        }

        return [.. claims.Select(c => new RejectedClaim(c.Id, c.AccountId, c.Name, c.PeppolId, ClaimVerifiedElsewhere))];
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

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
