using System.Security.Claims;
using AuthServer.Core.Accounts;
using AuthServer.Core.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Razor.Settings;

/// <summary>The account a signed-in user acts in, and their role there.</summary>
public sealed record AccountMembershipView(Guid AccountId, string AccountName, AccountRole Role)
{
    public bool IsAdmin => Role == AccountRole.Admin;
}

/// <summary>
/// Which of the user's accounts the settings pages act on. The choice is a cookie, checked against the
/// user's memberships on every request, so a forged or stale cookie can never reach another tenant.
/// </summary>
public sealed class CurrentAccount(AuthServerDbContext db, IHttpContextAccessor http)
{
    public const string CookieName = "authserver.account";

    public static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public async Task<IReadOnlyList<AccountMembershipView>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = UserId(user);
        return userId is null ? [] : await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Account!.Name)
            .Select(m => new AccountMembershipView(m.AccountId, m.Account!.Name, m.Role))
            .ToListAsync(cancellationToken);
    }

    /// <returns>The selected account if the user still belongs to it, else their first; null without any.</returns>
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
