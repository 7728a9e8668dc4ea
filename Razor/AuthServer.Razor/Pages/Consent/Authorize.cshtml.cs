using AuthServer.Core;
using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Core.Participants;
using AuthServer.Razor.Consent;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using Scopes = AuthServer.Core.Scopes;

namespace AuthServer.Razor.Pages.Consent;

/// <summary>
/// <c>/api/auth/authorize</c> after OpenIddict has validated the request (client, redirect_uri, PKCE,
/// scopes): login, the account picker, and the consent screen of methods 2 and 3 (SPEC §4). Its forms
/// post back here with the request's own fields, so OpenIddict validates the request again on every
/// post, and everything the user chose is checked against what this user in this account may grant.
/// A POST without a decision is an authorization request like a GET (RFC 6749 §3.1); a decision must carry
/// the antiforgery token and the <see cref="ConsentBinding"/> of the request the form showed.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class AuthorizeModel(
    AuthServerDbContext db,
    IOpenIddictApplicationManager applications,
    CurrentAccount current,
    GrantRegistry grants,
    AuditLog audit,
    IAuthorizationIssuer issuer,
    IAntiforgery antiforgery,
    ConsentBinding binding) : PageModel
{
    [BindProperty]
    public ConsentInput Input { get; set; } = new();

    public ConsentProblem? Problem { get; private set; }

    /// <summary>Set when the user must first choose which of their accounts the app acts for.</summary>
    public IReadOnlyList<AccountMembershipView>? AccountChoices { get; private set; }

    public ConsentView? Consent { get; private set; }

    public string ClientName { get; private set; } = "";

    /// <summary>The authorization request's own fields, posted back with every form.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> RequestFields { get; private set; } = [];

    /// <summary>The consent form's <see cref="ConsentBinding"/> to the request and account it shows.</summary>
    public string? Binding { get; private set; }

    /// <summary>This page again, as a GET with the request: where login returns and "switch account" leads.</summary>
    public string RestartUrl => Request.PathBase + Request.Path + QueryString.Create(RequestFields);

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => HandleAsync(isPost: false, cancellationToken);

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) => HandleAsync(isPost: true, cancellationToken);

    private async Task<IActionResult> HandleAsync(bool isPost, CancellationToken cancellationToken)
    {
        // Codes and the request's values must not be kept by the browser or proxies.
        Response.Headers.CacheControl = "no-store";
        if (HttpContext.GetOpenIddictServerResponse() is { Error: { } error } response)
        {
            return Show(StatusCodes.Status400BadRequest, "This authorization request is not valid",
                $"{response.ErrorDescription ?? error} The application that sent you here built a request this server cannot " +
                "accept, so you were not sent back to it.");
        }

        if (HttpContext.GetOpenIddictServerRequest() is not { } request)
        {
            return Show(StatusCodes.Status400BadRequest, "No authorization request",
                "Applications send you to this address to ask for access; it was opened without a request.");
        }

        RequestFields = [.. ReadRequestFields(isPost ? Request.Form : Request.Query)];
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge(new AuthenticationProperties { RedirectUri = RestartUrl }, IdentityConstants.ApplicationScheme);
        }

        var client = (OAuthClient)(await applications.FindByClientIdAsync(request.ClientId!, cancellationToken))!;
        ClientName = client.DisplayName ?? client.ClientId!;
        var memberships = await current.ListAsync(User, cancellationToken);
        if (client.Kind == ClientKind.ApiKey)
        {
            // Method 2: an account's own API key acts for that account only, so only its members may approve.
            memberships = [.. memberships.Where(m => m.AccountId == client.AccountId)];
            if (memberships.Count == 0)
            {
                return Show(StatusCodes.Status403Forbidden, "You cannot authorize this API key",
                    $"{ClientName} is the API key of an account you are not a member of; only its members can authorize it. " +
                    $"You are signed in as {User.Identity.Name}.");
            }
        }
        else if (memberships.Count == 0)
        {
            return Show(StatusCodes.Status403Forbidden, "No account to authorize for",
                $"You are signed in as {User.Identity.Name}, who belongs to no account: an Admin must add you to one first.");
        }

        if (!isPost || Input.Decision is null)
        {
            return memberships.Count > 1 ? ShowAccountChoices(memberships) : await ShowConsentAsync(client, request, memberships, memberships[0], posted: false, cancellationToken);
        }

        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return Refuse("The form has expired or did not come from this site.");
        }

        if (!ModelState.IsValid)
        {
            return Refuse("The form holds values that are not valid.");
        }

        var account = memberships.FirstOrDefault(m => m.AccountId == Input.AccountId);
        if (Input.Decision is ConsentInput.Approve or ConsentInput.Deny &&
            (account is null || !binding.Matches(Input.Binding, CurrentAccount.UserId(User)!, account.AccountId, RequestFields)))
        {
            return Refuse("The form does not belong to the request it was shown for, names an account you are not a member of, " +
                "or is more than an hour old.");
        }

        return Input.Decision switch
        {
            ConsentInput.Deny => await DenyAsync(client, account, cancellationToken),
            ConsentInput.PickAccount when account is not null => await ShowConsentAsync(client, request, memberships, account, posted: false, cancellationToken),
            ConsentInput.Approve when account is not null => await ApproveAsync(client, request, memberships, account, cancellationToken),
            _ => Refuse("The form names an account you are not a member of, or no decision."),
        };
    }

    private async Task<IActionResult> ApproveAsync(OAuthClient client, OpenIddictRequest request, IReadOnlyList<AccountMembershipView> memberships,
        AccountMembershipView account, CancellationToken cancellationToken)
    {
        var offered = await OfferedScopesAsync(client, request, account);
        if (Input.Scopes.Any(s => !offered.Scopes.Contains(s)))
        {
            return Refuse("The form names a permission the application did not ask for, or one you may not grant.");
        }

        var isDeveloperApp = client.Kind == ClientKind.DeveloperApp;
        var participants = isDeveloperApp ? await ParticipantsAsync(account.AccountId, cancellationToken) : [];
        if (Input.ParticipantIds.Any(id => participants.All(p => p.Id != id)))
        {
            return Refuse("The form names a participant that is not one of this account's.");
        }

        if (Input.Scopes.Count == 0)
        {
            ModelState.AddModelError("Input.Scopes", "Choose at least one permission, or deny.");
        }

        if (isDeveloperApp && Input.ParticipantIds.Count == 0)
        {
            ModelState.AddModelError("Input.ParticipantIds", "Choose at least one participant the application may act for, or deny.");
        }

        if (!ModelState.IsValid)
        {
            return await ShowConsentAsync(client, request, memberships, account, posted: true, cancellationToken);
        }

        var scopes = offered.Scopes.Where(Input.Scopes.Contains).ToList();
        var participantIds = Input.ParticipantIds.Distinct().ToList();
        var userId = CurrentAccount.UserId(User)!;
        var entry = new AuditEntry(account.AccountId, "user:" + userId, "consent.granted", Target: "client:" + client.ClientId,
            Ip: HttpContext.Connection.RemoteIpAddress?.ToString(),
            Detail: $"client {client.ClientId}; scope: {string.Join(' ', scopes)}; participants: {string.Join(' ', participantIds)}");
        Guid? grantId = null;
        if (isDeveloperApp)
        {
            grantId = (await grants.UpsertAsync(client, account.AccountId, userId, scopes, participantIds, entry, cancellationToken)).Id;
        }
        else
        {
            audit.Record(entry);
            await db.SaveChangesAsync(cancellationToken);
        }

        var principal = issuer.CreatePrincipal(Request, new ApprovedConsent(userId, account.AccountId, scopes, grantId, participantIds));
        return SignIn(principal, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private async Task<IActionResult> DenyAsync(OAuthClient client, AccountMembershipView? account, CancellationToken cancellationToken)
    {
        audit.Record(account?.AccountId, "user:" + CurrentAccount.UserId(User), "consent.denied", "client:" + client.ClientId,
            AuditOutcome.Failure, HttpContext.Connection.RemoteIpAddress?.ToString());
        await db.SaveChangesAsync(cancellationToken);

        // RFC 6749 §4.1.2.1: back to the client with error=access_denied and its state.
        return Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The user denied the authorization request.",
        }), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private IActionResult ShowAccountChoices(IReadOnlyList<AccountMembershipView> memberships)
    {
        AccountChoices = memberships;
        return Page();
    }

    private async Task<IActionResult> ShowConsentAsync(OAuthClient client, OpenIddictRequest request, IReadOnlyList<AccountMembershipView> memberships,
        AccountMembershipView account, bool posted, CancellationToken cancellationToken)
    {
        var offered = await OfferedScopesAsync(client, request, account);
        var participants = client.Kind == ClientKind.DeveloperApp ? await ParticipantsAsync(account.AccountId, cancellationToken) : [];
        var preselected = ParticipantPreselection.Match(
            participants.Select(p => new ParticipantKeys(p.Id, p.EuVatIdKey, p.RnKey, p.CountryCode)),
            (string?)request.GetParameter("euVatId"), (string?)request.GetParameter("rn"), (string?)request.GetParameter("countryCode"));
        var owner = await db.Accounts.AsNoTracking().Where(a => a.Id == client.AccountId).Select(a => a.Name).SingleAsync(cancellationToken);

        Input.AccountId = account.AccountId;
        Binding = binding.Protect(CurrentAccount.UserId(User)!, account.AccountId, RequestFields);
        Consent = new ConsentView(
            new ClientSummary(ClientName, owner, client.HomepageUrl, client.Description, client.Kind == ClientKind.ApiKey),
            account,
            CanSwitchAccount: memberships.Count > 1,
            Uri.TryCreate(request.RedirectUri, UriKind.Absolute, out var redirect) ? redirect.Authority : null,
            [.. offered.Scopes.Select(s => new ScopeChoice(s, Scopes.Describe(s), posted ? Input.Scopes.Contains(s) : true))],
            offered.AdminWithheld,
            [.. participants.Select(p => new ParticipantChoice(p.Id, p.Name, p.PeppolId, p.EuVatId, p.CountryCode, preselected.Contains(p.Id),
                posted ? Input.ParticipantIds.Contains(p.Id) : preselected.Contains(p.Id)))]);
        return Page();
    }

    /// <summary>
    /// The scopes the consent screen offers: those requested (none requested: the client's default, SPEC §3)
    /// that the client may carry, without <c>admin</c> unless the user is an Admin of the account.
    /// </summary>
    private async Task<(IReadOnlyList<string> Scopes, bool AdminWithheld)> OfferedScopesAsync(OAuthClient client, OpenIddictRequest request, AccountMembershipView account)
    {
        var allowed = (await applications.GetPermissionsAsync(client))
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..])
            .ToHashSet(StringComparer.Ordinal);
        var requested = request.GetScopes();
        var wanted = requested.IsDefaultOrEmpty ? Scopes.DefaultFrom(allowed).ToHashSet() : requested.ToHashSet();
        var offered = Scopes.All.Where(s => wanted.Contains(s) && allowed.Contains(s) && (account.IsAdmin || s != Scopes.Admin)).ToList();
        return (offered, !account.IsAdmin && wanted.Contains(Scopes.Admin));
    }

    private sealed record AccountParticipant(Guid Id, string Name, string PeppolId, string? EuVatId, string CountryCode, string? EuVatIdKey, string? RnKey);

    private Task<List<AccountParticipant>> ParticipantsAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.Participants.AsNoTracking()
            .Where(p => p.AccountId == accountId)
            .OrderBy(p => p.Name)
            .Select(p => new AccountParticipant(p.Id, p.Name, p.PeppolId, p.EuVatId, p.CountryCode, p.EuVatIdKey, p.RnKey))
            .ToListAsync(cancellationToken);

    private static IEnumerable<KeyValuePair<string, string?>> ReadRequestFields(IEnumerable<KeyValuePair<string, StringValues>> fields) =>
        from field in fields
        where !field.Key.StartsWith("Input.", StringComparison.Ordinal) && field.Key != "__RequestVerificationToken"
        from value in field.Value
        select new KeyValuePair<string, string?>(field.Key, value);

    /// <summary>A tampered or stale form: refused outright, nothing is granted.</summary>
    private IActionResult Refuse(string detail) =>
        Show(StatusCodes.Status400BadRequest, "This form cannot be accepted", detail + " Nothing was granted; start again from the application.");

    private IActionResult Show(int status, string title, string detail)
    {
        Problem = new ConsentProblem(title, detail);
        Response.StatusCode = status;
        return Page();
    }
}
