using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Razor.Pages.Developers;

/// <summary>
/// <c>/developers</c>: the Developer Applications the current account owns (SPEC §4 method 3). Any
/// member of the account may manage them; there is nothing an app holds that a member could not see
/// through the API anyway, and integrators are usually small teams.
/// </summary>
public sealed class IndexModel(AuthServerDbContext db) : SettingsPageModel
{
    public IReadOnlyList<DeveloperAppRow> Apps { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var apps = await db.Clients.AsNoTracking()
            .Where(c => c.AccountId == Account.AccountId && c.Kind == ClientKind.DeveloperApp)
            .Select(c => new
            {
                c.ClientId,
                c.DisplayName,
                c.ClientType,
                c.RedirectUris,
                Grants = db.Grants.Count(g => g.ApplicationId == c.Id),
                c.CreatedAt,
            })
            .ToListAsync(cancellationToken);
        Apps = [.. apps
            .Select(a => new DeveloperAppRow(a.ClientId!, a.DisplayName ?? a.ClientId!, a.ClientType == OpenIddict.Abstractions.OpenIddictConstants.ClientTypes.Public,
                System.Text.Json.JsonSerializer.Deserialize<string[]>(a.RedirectUris ?? "[]")?.Length ?? 0, a.Grants, a.CreatedAt))
            .OrderBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase)];
    }
}
