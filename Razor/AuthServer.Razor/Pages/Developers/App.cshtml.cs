using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Core.Forms;
using AuthServer.Razor.Developers;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Razor.Pages.Developers;

/// <summary>
/// <c>/developers/{clientId}</c>: edit a Developer Application of the current account, rotate and delete
/// its secrets, delete it. Another account's app is a 404, whatever the id.
/// </summary>
public sealed class AppModel(AuthServerDbContext db, ClientRegistry registry, IOpenIddictApplicationManager applications, AuditLog audit,
    OneTimeForms forms) : SettingsPageModel
{
    private OAuthClient _client = null!;

    [BindProperty]
    public AppInput Input { get; set; } = new();

    public string ClientId => _client.ClientId!;

    public bool IsPublic => _client.ClientType == ClientTypes.Public;

    public IReadOnlyList<SecretView> Secrets { get; private set; } = [];

    public int Grants { get; private set; }

    public string? SecretsError { get; private set; }

    /// <summary>A secret just generated, shown in this response only.</summary>
    public string? NewSecret { get; private set; }

    /// <summary>Carried by the rotate form: a reload of the page that showed a secret creates no other.</summary>
    public string FormToken { get; } = OneTimeForms.NewToken();

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

        audit.Record(Account.AccountId, Actor.Actor, AuditActions.AppUpdated, AuditActor.ClientPrefix + ClientId, ip: Actor.Ip);
        await registry.UpdateAsync(_client, new ClientUpdate(Input.Name.Trim(), Input.Description?.Trim(), Input.HomepageUrl.Trim(),
            redirectUris, [.. Input.Scopes.Distinct()], Input.RequirePkce), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        StatusMessage = "Saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRotateSecretAsync(string? formToken, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Input = await ReadInputAsync(cancellationToken);
        if (IsPublic)
        {
            return BadRequest();
        }

        if (await forms.WasUsedAsync(formToken, cancellationToken))
        {
            SecretsError = OneTimeFormResult.AlreadySent;
        }
        else if (await db.ClientSecrets.CountAsync(s => s.ApplicationId == _client.Id, cancellationToken) >= ClientRegistry.MaxSecrets)
        {
            SecretsError = $"An application holds at most {ClientRegistry.MaxSecrets} secrets: delete the old one first.";
        }
        else if (!await forms.TryUseAsync(formToken, cancellationToken))
        {
            SecretsError = OneTimeFormResult.AlreadySent;
        }
        else
        {
            // A second live secret is a rotation: the old one keeps working until deleted.
            NewSecret = await registry.AddSecretAsync(_client, Actor.Actor, cancellationToken, action: AuditActions.SecretRotated);
            Response.Headers.CacheControl = "no-store";
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteSecretAsync(Guid secretId, bool confirm, CancellationToken cancellationToken)
    {
        if (!confirm)
        {
            Input = await ReadInputAsync(cancellationToken);
            await LoadAsync(cancellationToken);
            return Secrets.FirstOrDefault(s => s.Id == secretId) is { } secret
                ? AskToConfirm(new Confirmation($"Delete the secret {secret.Hint}…?",
                    $"It stops working at once, and every token {Input.Name} obtained with it is revoked.",
                    "DeleteSecret", new Dictionary<string, string> { ["secretId"] = secretId.ToString() }, "Delete secret"))
                : NotFound();
        }

        var deleted = await registry.DeleteSecretAsync(_client, secretId,
            new AuditEntry(Account.AccountId, Actor.Actor, AuditActions.SecretDeleted, Ip: Actor.Ip, Detail: "client " + ClientId), cancellationToken);
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
            Input = await ReadInputAsync(cancellationToken);
            await LoadAsync(cancellationToken);
            return AskToConfirm(new Confirmation($"Delete {Input.Name}?",
                $"Every customer's access to it ends ({Grants} account{(Grants == 1 ? "" : "s")} authorized it) and every token it holds is revoked at once. This cannot be undone.",
                "Delete", new Dictionary<string, string>(), "Delete application"));
        }

        var name = _client.DisplayName;
        await registry.DeleteAsync(_client, new AuditEntry(Account.AccountId, Actor.Actor, AuditActions.AppDeleted, Ip: Actor.Ip), cancellationToken);
        StatusMessage = $"{name} is deleted; every customer's access to it and every token it held are revoked.";
        return RedirectToPage("/Developers/Index");
    }

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
            .Select(s => new SecretView(s.Id, s.Hint, s.CreatedAt))
            .ToListAsync(cancellationToken);
        Grants = await db.Grants.CountAsync(g => g.ApplicationId == _client.Id, cancellationToken);
    }
}
