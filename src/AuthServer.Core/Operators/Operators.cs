using System.Security.Claims;

namespace AuthServer.Core.Operators;

/// <summary>
/// Whether a signed-in user is a server operator: their login's email is listed in <c>Operator:Emails</c> and
/// confirmed (an unconfirmed email proves nothing: anyone can register with someone else's address).
/// </summary>
public sealed class Operators(AuthServerDbContext db, OperatorList list)
{
    public bool IsListed(string? email) => list.Contains(email);

    /// <summary>
    /// A cheap first look, from the sign-in cookie alone (its name is the login's email): false means the user is
    /// surely no operator. Pages use it to decide whether to ask <see cref="FindAsync"/> at all.
    /// </summary>
    public bool MayBeOperator(ClaimsPrincipal user) =>
        !list.IsEmpty && (IsListed(user.FindFirstValue(ClaimTypes.Email)) || IsListed(user.Identity?.Name));

    /// <returns>The operator, as the login is now in the database (email confirmed and listed); null for anyone else.</returns>
    public async Task<OperatorActor?> FindAsync(ClaimsPrincipal user, string? ip, CancellationToken cancellationToken)
    {
        if (list.IsEmpty || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return null;
        }

        var login = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Email, u.EmailConfirmed })
            .SingleOrDefaultAsync(cancellationToken);
        return login is { EmailConfirmed: true, Email: { } email } && IsListed(email) ? new OperatorActor(userId, email, ip) : null;
    }
}
