using AuthServer.Core.Participants;

namespace AuthServer.Core.Operators;

/// <summary>What /operator shows (SPEC §7): the participants to verify and the accounts, read across every tenant.</summary>
public sealed class OperatorConsole(AuthServerDbContext db, AuditTrail trail)
{
    public const int MaxAccounts = 50;

    /// <summary>The queue shows its oldest claims first, this many at a time.</summary>
    public const int MaxPending = 100;

    public Task<string?> AccountNameAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.Name).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Pending participants, oldest claim first (the queue's order), at most <see cref="MaxPending"/>; and how many there are.</summary>
    public async Task<(IReadOnlyList<PendingParticipant> Participants, int Total)> PendingAsync(CancellationToken cancellationToken)
    {
        var total = await db.Participants.CountAsync(p => p.Status == ParticipantStatus.Pending, cancellationToken);
        var pending = await db.Participants.AsNoTracking()
            .Where(p => p.Status == ParticipantStatus.Pending)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Take(MaxPending)
            .Select(p => new
            {
                Participant = p,
                AccountName = p.Account!.Name,
                AccountSuspended = p.Account.SuspendedAt != null,
                OtherClaims = db.Participants.Where(o => o.PeppolIdKey == p.PeppolIdKey && o.Id != p.Id)
                    .Select(o => new { o.Name, AccountName = o.Account!.Name, o.Status }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var names = await trail.NamesAsync(pending.Select(p => p.Participant.AddedBy), cancellationToken);
        return ([.. pending.Select(row =>
        {
            var p = row.Participant;
            var addedBy = p.AddedBy is null ? "unknown (added before verification existed)" : names.GetValueOrDefault(p.AddedBy, p.AddedBy);
            return new PendingParticipant(p.Id, p.Name, p.PeppolId, p.EuVatId, p.Rn, p.CountryCode, p.Email, p.Address, p.AccountId, row.AccountName,
                row.AccountSuspended, addedBy, p.CreatedAt, p.StatusReason,
                [.. row.OtherClaims.Select(o => $"{o.Name} of {o.AccountName} ({o.Status.ToApi()})")]);
        })], total);
    }

    /// <summary>
    /// Accounts by name, at most <see cref="MaxAccounts"/>: all of them, or those whose name, participant (name or
    /// Peppol ID) or member email contains <paramref name="search"/>. Suspended accounts come first.
    /// </summary>
    public async Task<(IReadOnlyList<OperatorAccount> Accounts, int Total)> AccountsAsync(string? search, CancellationToken cancellationToken)
    {
        var query = db.Accounts.AsNoTracking();
        if (search?.Trim() is { Length: > 0 } term)
        {
            // Upper-cased on both sides: the same case-insensitive match on every provider (an operator's search, no index needed).
            var upper = term.ToUpperInvariant();
            var key = IdentifierKey.Normalize(term) ?? upper;
            query = query.Where(a => a.Name.ToUpper().Contains(upper) ||
                db.Participants.Any(p => p.AccountId == a.Id && (p.Name.ToUpper().Contains(upper) || p.PeppolIdKey.Contains(key))) ||
                db.Memberships.Any(m => m.AccountId == a.Id && m.User!.NormalizedEmail!.Contains(upper)));
        }

        var total = await query.CountAsync(cancellationToken);
        var accounts = await query
            .OrderBy(a => a.SuspendedAt == null).ThenBy(a => a.Name).ThenBy(a => a.Id)
            .Take(MaxAccounts)
            .Select(a => new
            {
                a.Id, a.Name, a.CreatedAt, a.SuspendedAt, a.SuspensionReason,
                Members = a.Members.OrderByDescending(m => m.Role).ThenBy(m => m.User!.Email)
                    .Select(m => new MemberView(m.UserId, m.User!.Email ?? m.UserId, m.Role, m.CreatedAt)).ToList(),
                Participants = db.Participants.Where(p => p.AccountId == a.Id).OrderBy(p => p.Name)
                    .Select(p => new OperatorParticipant(p.Id, p.Name, p.PeppolId, p.Status, p.StatusReason)).ToList(),
            })
            .ToListAsync(cancellationToken);
        return ([.. accounts.Select(a => new OperatorAccount(a.Id, a.Name, a.CreatedAt, a.SuspendedAt, a.SuspensionReason, a.Members, a.Participants))], total);
    }
}
