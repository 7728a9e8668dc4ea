using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Core.Forms;
using AuthServer.Razor.Developers;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Razor.Pages.Developers;

/// <summary><c>/developers/new</c>: registers a Developer Application and shows its secret, once.</summary>
public sealed class NewModel(AuthServerDbContext db, ClientRegistry registry, AuditLog audit, OneTimeForms forms) : SettingsPageModel
{
    [BindProperty]
    public AppInput Input { get; set; } = new();

    /// <summary>
    /// Carried by the form: the browser's reload of the page that showed the new app's secret posts it
    /// again, and then nothing is created (a second app would be a surprise, and its secret lost).
    /// </summary>
    public string FormToken { get; } = OneTimeForms.NewToken();

    /// <summary>The form was posted before: its app exists and its secret was shown then.</summary>
    public bool AlreadyCreated { get; private set; }

    /// <summary>Set once the app exists: its client_id, and its secret in the only response that ever holds it.</summary>
    public (string ClientId, string? Secret)? Created { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? formToken, CancellationToken cancellationToken)
    {
        var redirectUris = Input.Validate(ModelState);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (!await forms.TryUseAsync(formToken, cancellationToken))
        {
            AlreadyCreated = true;
            return Page();
        }

        var isPublic = Input.ClientType == AppClientType.Public;
        var client = await registry.CreateAsync(new ClientRegistration(
            Account.AccountId, ClientKind.DeveloperApp, ClientRegistry.NewClientId(), Input.Name.Trim(), redirectUris,
            [.. Input.Scopes.Distinct()], isPublic, Input.RequirePkce, Input.Description?.Trim(), Input.HomepageUrl.Trim()), cancellationToken);

        audit.Record(Account.AccountId, Actor.Actor, AuditActions.AppCreated, AuditActor.ClientPrefix + client.ClientId, ip: Actor.Ip);
        string? secret = null;
        if (isPublic)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            secret = await registry.AddSecretAsync(client, Actor.Actor, cancellationToken);
        }

        // The secret is in this response only: never cached, never in a cookie or a redirect.
        Response.Headers.CacheControl = "no-store";
        Created = (client.ClientId!, secret);
        return Page();
    }
}
