using System.Security.Claims;
using AuthServer.Core.Accounts;
using AuthServer.Core.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Razor.Settings;

/// <summary>
/// Which of the user's accounts the settings pages act on. The choice is a cookie, checked against the
/// user's memberships on every request, so a forged or stale cookie can never reach another tenant.
/// </summary>
public sealed class CurrentAccount(AuthServerDbContext db, IHttpContextAccessor http)
{
    public const string CookieName = "authserver.account";

    // Read once per request (the page, its layout and the top bar all ask); a request that changes
    // memberships redirects, so the next one reads afresh.
    private (string UserId, IReadOnlyList<AccountMembershipView> Memberships)? _read;

    public static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public async Task<IReadOnlyList<AccountMembershipView>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = UserId(user);
        if (userId is null)
        {
            return [];
        }

        if (_read is { } read && read.UserId == userId)
        {
            return read.Memberships;
        }

        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.CreatedAt).ThenByDescending(m => m.Role).ThenBy(m => m.Account!.Name)
            .Select(m => new AccountMembershipView(m.AccountId, m.Account!.Name, m.Role, m.Account.SuspendedAt, m.Account.SuspensionReason))
            .ToListAsync(cancellationToken);
        _read = (userId, memberships);
        return memberships;
    }

    /// <returns>
    /// The selected account if the user still belongs to it, else the one they joined first (at a tie, one
    /// they administer); null without any.
    /// </returns>
    public async Task<AccountMembershipView?> GetAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var memberships = await ListAsync(user, cancellationToken);
        var selected = http.HttpContext?.Request.Cookies[CookieName];
        return memberships.FirstOrDefault(m => Guid.TryParse(selected, out var id) && m.AccountId == id)
            ?? memberships.FirstOrDefault();
    }

    /// <returns>False when the user does not belong to the account.</returns>
    public async Task<bool> SelectAsync(ClaimsPrincipal user, Guid accountId, CancellationToken cancellationToken)
    {
        _read = null; // the request may just have joined the account
        var memberships = await ListAsync(user, cancellationToken);
        if (memberships.All(m => m.AccountId != accountId) || http.HttpContext is not { } context)
        {
            return false;
        }

        context.Response.Cookies.Append(CookieName, accountId.ToString(), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            IsEssential = true,
        });
        return true;
    }
}
