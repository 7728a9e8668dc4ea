using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Razor.Developers;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Razor.Pages.Developers;

/// <summary><c>/developers/new</c>: registers a Developer Application and shows its secret, once.</summary>
public sealed class NewModel(AuthServerDbContext db, ClientRegistry registry, AuditLog audit) : SettingsPageModel
{
    [BindProperty]
    public AppInput Input { get; set; } = new();

    /// <summary>Set once the app exists: its client_id, and its secret in the only response that ever holds it.</summary>
    public (string ClientId, string? Secret)? Created { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var redirectUris = Input.Validate(ModelState);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var isPublic = Input.ClientType == AppClientType.Public;
        var client = await registry.CreateAsync(new ClientRegistration(
            Account.AccountId, ClientKind.DeveloperApp, ClientRegistry.NewClientId(), Input.Name.Trim(), redirectUris,
            [.. Input.Scopes.Distinct()], isPublic, Input.RequirePkce, Input.Description?.Trim(), Input.HomepageUrl.Trim()), cancellationToken);

        var actor = "user:" + CurrentAccount.UserId(User);
        var ip = HttpContext.Connection.RemoteIpAddress?.ToString();
        audit.Record(Account.AccountId, actor, "app.created", "client:" + client.ClientId, ip: ip);
        string? secret = null;
        if (isPublic)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            secret = await registry.AddSecretAsync(client, actor, cancellationToken);
        }

        // The secret is in this response only: never cached, never in a cookie or a redirect.
        Response.Headers.CacheControl = "no-store";
        Created = (client.ClientId!, secret);
        return Page();
    }
}
