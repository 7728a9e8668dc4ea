using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Core.Forms;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Razor.Pages.Settings;

/// <summary>
/// <c>/settings/api-key</c> (SPEC §4 methods 1 and 2, §7): the account's client_id, its secrets (create,
/// rotate by creating a second one, delete) and its redirect URIs. Admins only: the key acts for the
/// whole account.
/// </summary>
public sealed class ApiKeyModel(AuthServerDbContext db, ClientRegistry clients, OneTimeForms forms, IOpenIddictApplicationManager applications) : SettingsPageModel
{
    protected override bool AdminOnly => true;

    public string ClientId { get; private set; } = "";
    public IReadOnlyList<SecretView> Secrets { get; private set; } = [];

    /// <summary>Set only in the response to the post that created it: the one time it is shown.</summary>
    public string? NewSecret { get; private set; }

    /// <summary>Carried by the create form: a reload of the page that showed a secret creates no other.</summary>
    public string FormToken { get; } = OneTimeForms.NewToken();

    [BindProperty]
    public string? RedirectUris { get; set; }

    /// <summary>PKCE for the code flow with this key: on by default (OAuth 2.1); an Admin may turn it off.</summary>
    [BindProperty]
    public bool RequirePkce { get; set; } = true;

    [TempData]
    public string? StatusMessage { get; set; }

    public bool CanAddSecret => Secrets.Count < ClientRegistry.MaxSecrets;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(await ApiKeyAsync(cancellationToken), cancellationToken, loadRedirectUris: true);

    public async Task<IActionResult> OnPostCreateSecretAsync(string? formToken, CancellationToken cancellationToken)
    {
        var client = await ApiKeyAsync(cancellationToken);
        await LoadAsync(client, cancellationToken, loadRedirectUris: true);
        if (await forms.WasUsedAsync(formToken, cancellationToken))
        {
            ModelState.AddModelError(string.Empty, OneTimeFormResult.AlreadySent);
            return Page();
        }

        if (!CanAddSecret)
        {
            ModelState.AddModelError(string.Empty, $"The API key already has {ClientRegistry.MaxSecrets} secrets: delete the old one first.");
            return Page();
        }

        if (!await forms.TryUseAsync(formToken, cancellationToken))
        {
            ModelState.AddModelError(string.Empty, OneTimeFormResult.AlreadySent);
            return Page();
        }

        // Rendered directly, not redirected: the secret must not travel in a cookie or a URL.
        NewSecret = await clients.AddSecretAsync(client, Actor.Actor, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(client, cancellationToken, loadRedirectUris: false);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteSecretAsync(Guid secretId, bool confirm, CancellationToken cancellationToken)
    {
        var client = await ApiKeyAsync(cancellationToken);
        if (!confirm)
        {
            await LoadAsync(client, cancellationToken, loadRedirectUris: true);
            return Secrets.FirstOrDefault(s => s.Id == secretId) is { } secret
                ? AskToConfirm(new Confirmation($"Delete the secret {secret.Hint}…?",
                    "It stops working at once, and every token obtained with it is revoked: software still using it loses access.",
                    "DeleteSecret", new Dictionary<string, string> { ["secretId"] = secretId.ToString() }, "Delete secret"))
                : NotFound();
        }

        if (!await clients.DeleteSecretAsync(client, secretId,
                new AuditEntry(Account.AccountId, Actor.Actor, AuditActions.SecretDeleted, Ip: Actor.Ip, Detail: "API key " + client.ClientId), cancellationToken))
        {
            return NotFound();
        }

        StatusMessage = "Secret deleted. Tokens obtained with it no longer work.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRedirectUrisAsync(CancellationToken cancellationToken)
    {
        var client = await ApiKeyAsync(cancellationToken);
        var uris = (RedirectUris ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        foreach (var uri in uris)
        {
            if (RedirectUriRules.Check(uri) is { } problem)
            {
                ModelState.AddModelError(nameof(RedirectUris), $"{uri}: {problem}.");
            }
        }

        if (uris.Count > 20)
        {
            ModelState.AddModelError(nameof(RedirectUris), "At most 20 redirect URIs.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(client, cancellationToken, loadRedirectUris: false);
            return Page();
        }

        await clients.SetRedirectUrisAsync(client, uris, Actor.Actor, cancellationToken);
        StatusMessage = "Redirect URIs saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPkceAsync(CancellationToken cancellationToken)
    {
        var client = await ApiKeyAsync(cancellationToken);
        await clients.SetPkceRequiredAsync(client, RequirePkce, Actor.Actor, cancellationToken);
        StatusMessage = RequirePkce ? "PKCE is required for the authorization code flow." : "The authorization code flow no longer requires PKCE for this key.";
        return RedirectToPage();
    }

    private Task<OAuthClient> ApiKeyAsync(CancellationToken cancellationToken) =>
        clients.GetOrCreateApiKeyAsync(Account.AccountId, Account.AccountName, cancellationToken);

    private async Task LoadAsync(OAuthClient client, CancellationToken cancellationToken, bool loadRedirectUris)
    {
        ClientId = client.ClientId!;
        Secrets = await db.ClientSecrets.AsNoTracking().Where(s => s.ApplicationId == client.Id)
            .OrderBy(s => s.CreatedAt).Select(s => new SecretView(s.Id, s.Hint, s.CreatedAt)).ToListAsync(cancellationToken);
        if (loadRedirectUris)
        {
            RedirectUris = string.Join('\n', System.Text.Json.JsonSerializer.Deserialize<string[]>(client.RedirectUris ?? "[]") ?? []);
        }

        RequirePkce = (await applications.GetRequirementsAsync(client, cancellationToken)).Contains(Requirements.Features.ProofKeyForCodeExchange);
    }
}
