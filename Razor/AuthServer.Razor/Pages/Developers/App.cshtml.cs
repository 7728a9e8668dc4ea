using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Razor.Developers;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Razor.Pages.Developers;

public sealed record SecretRow(Guid Id, string Hint, DateTime CreatedAt);

/// <summary>
/// <c>/developers/{clientId}</c>: edit a Developer Application of the current account, rotate and delete
/// its secrets, delete it. Another account's app is a 404, whatever the id.
/// </summary>
public sealed class AppModel(AuthServerDbContext db, ClientRegistry registry, IOpenIddictApplicationManager applications, AuditLog audit) : SettingsPageModel
{
    private OAuthClient _client = null!;

    [BindProperty]
    public AppInput Input { get; set; } = new();

    public string ClientId => _client.ClientId!;

    public bool IsPublic => _client.ClientType == ClientTypes.Public;

    public IReadOnlyList<SecretRow> Secrets { get; private set; } = [];

    public int Grants { get; private set; }

    public string? SecretsError { get; private set; }

    public string? DeleteError { get; private set; }

    /// <summary>A secret just generated, shown in this response only.</summary>
    public string? NewSecret { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next) =>
        await base.OnPageHandlerExecutionAsync(context, async () =>
        {
            var clientId = context.RouteData.Values["clientId"] as string;
            var client = await db.Clients.SingleOrDefaultAsync(
                c => c.ClientId == clientId && c.AccountId == Account.AccountId && c.Kind == ClientKind.DeveloperApp, context.HttpContext.RequestAborted);
            if (client is null)
            {
                // Not calling next short-circuits with this result.
                context.Result = NotFound();
                return new PageHandlerExecutedContext(PageContext, [], context.HandlerMethod, this) { Result = context.Result };
            }

            _client = client;
            return await next();
        });

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input = await ReadInputAsync(cancellationToken);
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        var redirectUris = Input.Validate(ModelState);
        if (!ModelState.IsValid)
        {
            Input.ClientType = IsPublic ? AppClientType.Public : AppClientType.Confidential;
            await LoadAsync(cancellationToken);
            return Page();
        }

        audit.Record(Account.AccountId, Actor, "app.updated", "client:" + ClientId, ip: Ip);
        await registry.UpdateAsync(_client, new ClientUpdate(Input.Name.Trim(), Input.Description?.Trim(), Input.HomepageUrl.Trim(),
            redirectUris, [.. Input.Scopes.Distinct()], Input.RequirePkce), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        StatusMessage = "Saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRotateSecretAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Input = await ReadInputAsync(cancellationToken);
        if (IsPublic)
        {
            return BadRequest();
        }

        if (await db.ClientSecrets.CountAsync(s => s.ApplicationId == _client.Id, cancellationToken) >= ClientRegistry.MaxSecrets)
        {
            SecretsError = $"An application holds at most {ClientRegistry.MaxSecrets} secrets: delete the old one first.";
        }
        else
        {
            // A second live secret is a rotation: the old one keeps working until deleted.
            NewSecret = await registry.AddSecretAsync(_client, Actor, cancellationToken, action: "secret.rotated");
            Response.Headers.CacheControl = "no-store";
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteSecretAsync(Guid secretId, CancellationToken cancellationToken)
    {
        var deleted = await registry.DeleteSecretAsync(_client, secretId,
            new AuditEntry(Account.AccountId, Actor, "secret.deleted", Ip: Ip, Detail: "client " + ClientId), cancellationToken);
        if (!deleted)
        {
            return NotFound();
        }

        StatusMessage = "Secret deleted: it no longer authenticates, and every token issued with it is revoked.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(bool confirm, CancellationToken cancellationToken)
    {
        if (!confirm)
        {
            ModelState.Clear();
            DeleteError = "Tick the box to confirm: this cannot be undone.";
            Input = await ReadInputAsync(cancellationToken);
            await LoadAsync(cancellationToken);
            return Page();
        }

        var name = _client.DisplayName;
        await registry.DeleteAsync(_client, new AuditEntry(Account.AccountId, Actor, "app.deleted", Ip: Ip), cancellationToken);
        StatusMessage = $"{name} is deleted; every customer's access to it and every token it held are revoked.";
        return RedirectToPage("/Developers/Index");
    }

    private string Actor => "user:" + CurrentAccount.UserId(User);

    private string? Ip => HttpContext.Connection.RemoteIpAddress?.ToString();

    private async Task<AppInput> ReadInputAsync(CancellationToken cancellationToken) => new()
    {
        Name = _client.DisplayName ?? "",
        Description = _client.Description,
        HomepageUrl = _client.HomepageUrl ?? "",
        ClientType = IsPublic ? AppClientType.Public : AppClientType.Confidential,
        RequirePkce = (await applications.GetRequirementsAsync(_client, cancellationToken)).Contains(Requirements.Features.ProofKeyForCodeExchange),
        Scopes = [.. (await applications.GetPermissionsAsync(_client, cancellationToken))
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..])],
        RedirectUris = string.Join('\n', await applications.GetRedirectUrisAsync(_client, cancellationToken)),
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Secrets = await db.ClientSecrets.AsNoTracking()
            .Where(s => s.ApplicationId == _client.Id)
            .OrderBy(s => s.CreatedAt)
            .Select(s => new SecretRow(s.Id, s.Hint, s.CreatedAt))
            .ToListAsync(cancellationToken);
        Grants = await db.Grants.CountAsync(g => g.ApplicationId == _client.Id, cancellationToken);
    }
}
