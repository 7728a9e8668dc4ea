using AuthServer.Core.Accounts;
using AuthServer.Core.Clients;
using AuthServer.Razor.Consent;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Razor.Pages.Consent;

/// <summary>
/// <c>/api/auth/authorize</c> after OpenIddict has validated the request (client, redirect_uri, PKCE,
/// scopes): login, the account picker, and the consent screen of methods 2 and 3 (SPEC §4). Its forms
/// post back here with the request's own fields (handlers <c>pick</c>, <c>approve</c>, <c>deny</c>), so
/// OpenIddict validates the request again on every post. What is offered, and whether a posted choice
/// fits it, and writing the answer down, is <see cref="ConsentService"/>'s business; this page binds the forms,
/// shows what it gets there and signs in what was approved.
/// A POST without a handler is an authorization request like a GET (RFC 6749 §3.1); the handlers check the
/// antiforgery token themselves, and approve and deny also the <see cref="ConsentBinding"/> of the request
/// the form showed.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class AuthorizeModel(
    CurrentAccount current,
    ConsentService consents,
    SuspendedAccounts suspended,
    IAuthorizationIssuer issuer,
    IAntiforgery antiforgery,
    ConsentBinding binding) : PageModel
{
    /// <summary>The request being answered, once OpenIddict, login and membership checks let it through.</summary>
    private sealed record Authorization(OpenIddictRequest Request, OAuthClient Client, IReadOnlyList<AccountMembershipView> Memberships);

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

    /// <summary>This page again, as a GET with the request: where login returns and "use another account" leads.</summary>
    public string RestartUrl => Request.PathBase + Request.Path + QueryString.Create(RequestFields);

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        HandleAsync(Source.Query, StartAsync, cancellationToken);

    /// <summary>An authorization request sent as a form (RFC 6749 §3.1): answered as the GET would be.</summary>
    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        HandleAsync(Source.RequestForm, StartAsync, cancellationToken);

    /// <summary>The account picker's choice: the consent screen for that account.</summary>
    public Task<IActionResult> OnPostPickAsync(CancellationToken cancellationToken) =>
        HandleAsync(Source.OurForm, (authorization, token) => ChosenAccount(authorization) is { } account
            ? ShowConsentAsync(authorization, account, posted: null, token)
            : Task.FromResult(Refuse("The form names an account you are not a member of.")), cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken) =>
        HandleAsync(Source.OurForm, (authorization, token) => BoundAccount(authorization) is { } account
            ? ApproveAsync(authorization, account, token)
            : Task.FromResult(RefuseUnbound()), cancellationToken);

    public Task<IActionResult> OnPostDenyAsync(CancellationToken cancellationToken) =>
        HandleAsync(Source.OurForm, (authorization, token) => BoundAccount(authorization) is { } account
            ? DenyAsync(authorization, account, token)
            : Task.FromResult(RefuseUnbound()), cancellationToken);

    /// <summary>Where the request came from: the query, a form another site posted, or one of this page's own forms.</summary>
    private enum Source
    {
        Query,
        RequestForm,
        OurForm,
    }

    private Task<IActionResult> StartAsync(Authorization authorization, CancellationToken cancellationToken) =>
        authorization.Memberships.Count > 1
            ? Task.FromResult<IActionResult>(ShowAccountChoices(authorization.Memberships))
            : ShowConsentAsync(authorization, authorization.Memberships[0], posted: null, cancellationToken);

    /// <summary>What every handler checks first: a valid request, a signed-in user, an account to act for.</summary>
    private async Task<IActionResult> HandleAsync(Source source, Func<Authorization, CancellationToken, Task<IActionResult>> then, CancellationToken cancellationToken)
    {
        var isPost = source != Source.Query;
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

        var client = (await consents.FindClientAsync(request.ClientId!, cancellationToken))!;
        ClientName = client.DisplayName ?? client.ClientId!;
        if (suspended.IsSuspended(client.AccountId))
        {
            // Its owner is suspended: it works for no one, so it gets no new customers either.
            return Show(StatusCodes.Status403Forbidden, "This application is not available",
                $"{ClientName} cannot be authorized at the moment. Nothing was shared with it; you were not sent back to it.");
        }

        IReadOnlyList<AccountMembershipView> memberships = [.. (await current.ListAsync(User, cancellationToken))
            .Where(m => ConsentService.MayApproveFor(client, m.AccountId))];
        if (memberships.Count == 0)
        {
            return client.Kind == ClientKind.ApiKey
                ? Show(StatusCodes.Status403Forbidden, "You cannot authorize this API key",
                    $"{ClientName} is the API key of an account you are not a member of; only its members can authorize it. " +
                    $"You are signed in as {User.Identity.Name}.")
                : Show(StatusCodes.Status403Forbidden, "No account to authorize for",
                    $"You are signed in as {User.Identity.Name}, who belongs to no account: an Admin must add you to one first.");
        }

        if (source == Source.OurForm && !await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return Refuse("The form has expired or did not come from this site.");
        }

        if (source == Source.OurForm && !ModelState.IsValid)
        {
            return Refuse("The form holds values that are not valid.");
        }

        return await then(new Authorization(request, client, memberships), cancellationToken);
    }

    private AccountMembershipView? ChosenAccount(Authorization authorization) =>
        authorization.Memberships.FirstOrDefault(m => m.AccountId == Input.AccountId);

    /// <summary>The account the decision is for, when the form was shown for exactly this request, account and user.</summary>
    private AccountMembershipView? BoundAccount(Authorization authorization) =>
        ChosenAccount(authorization) is { } account && binding.Matches(Input.Binding, CurrentAccount.UserId(User)!, account.AccountId, RequestFields)
            ? account
            : null;

    private IActionResult RefuseUnbound() =>
        Refuse("The form does not belong to the request it was shown for, names an account you are not a member of, or is more than an hour old.");

    private async Task<IActionResult> ApproveAsync(Authorization authorization, AccountMembershipView account, CancellationToken cancellationToken)
    {
        if (AccountSuspended(account) is { } refused)
        {
            return refused;
        }

        var offer = await OfferAsync(authorization, account, cancellationToken);
        var decision = ConsentService.Decide(offer, Input.Scopes, Input.ParticipantIds);
        switch (decision.Outcome)
        {
            case ConsentDecisionOutcome.Refused:
                return Refuse(decision.RefusalReason!);
            case ConsentDecisionOutcome.Incomplete:
                foreach (var (field, message) in decision.FormErrors!)
                {
                    ModelState.AddModelError($"{nameof(Input)}.{field}", message);
                }

                return await ShowConsentAsync(authorization, account, posted: offer, cancellationToken);
        }

        var userId = CurrentAccount.UserId(User)!;
        var grantId = await consents.ApproveAsync(authorization.Client, account.AccountId, userId, offer, decision, RemoteIp, cancellationToken);
        var principal = issuer.CreatePrincipal(Request, new ApprovedConsent(userId, account.AccountId, decision.TokenScopes, grantId, decision.ParticipantIds));
        return SignIn(principal, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private async Task<IActionResult> DenyAsync(Authorization authorization, AccountMembershipView account, CancellationToken cancellationToken)
    {
        await consents.DenyAsync(authorization.Client, account.AccountId, CurrentAccount.UserId(User)!, RemoteIp, cancellationToken);

        // RFC 6749 §4.1.2.1: back to the client with error=access_denied and its state.
        return Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The user denied the authorization request.",
        }), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private PageResult ShowAccountChoices(IReadOnlyList<AccountMembershipView> memberships)
    {
        AccountChoices = memberships;
        return Page();
    }

    /// <param name="posted">Set when redisplaying a posted form: its ticks are kept (with its errors).</param>
    private async Task<IActionResult> ShowConsentAsync(Authorization authorization, AccountMembershipView account, ConsentOffer? posted,
        CancellationToken cancellationToken)
    {
        if (AccountSuspended(account) is { } refused)
        {
            return refused;
        }

        var client = authorization.Client;
        var offer = posted ?? await OfferAsync(authorization, account, cancellationToken);
        var ticked = posted is null ? offer.DefaultChoice
            : new ConsentChoice(Input.Scopes.ToHashSet(StringComparer.Ordinal), Input.ParticipantIds.ToHashSet());
        var owner = await consents.OwnerNameAsync(client, cancellationToken) ?? "";
        Input.AccountId = account.AccountId;
        Binding = binding.Protect(CurrentAccount.UserId(User)!, account.AccountId, RequestFields);
        Consent = new ConsentView(
            new ClientSummary(ClientName, owner, client.HomepageUrl, client.Description, client.Kind == ClientKind.ApiKey),
            account,
            CanSwitchAccount: authorization.Memberships.Count > 1,
            Uri.TryCreate(authorization.Request.RedirectUri, UriKind.Absolute, out var redirect) ? redirect.Authority : null,
            offer,
            ticked,
            offer.ChangesFor(ticked),
            await consents.AdminsToAskAsync(offer, account.AccountId, account.IsAdmin, cancellationToken));
        return Page();
    }

    private Task<ConsentOffer> OfferAsync(Authorization authorization, AccountMembershipView account, CancellationToken cancellationToken) =>
        consents.OfferAsync(authorization.Client, authorization.Request, account.AccountId, account.IsAdmin, cancellationToken);

    private string? RemoteIp => HttpContext.Connection.RemoteIpAddress?.ToString();

    private static IEnumerable<KeyValuePair<string, string?>> ReadRequestFields(IEnumerable<KeyValuePair<string, StringValues>> fields) =>
        from field in fields
        where !field.Key.StartsWith("Input.", StringComparison.Ordinal) && field.Key != "__RequestVerificationToken"
        from value in field.Value
        select new KeyValuePair<string, string?>(field.Key, value);

    /// <summary>A suspended account grants nothing: its tokens would be refused anyway.</summary>
    private IActionResult? AccountSuspended(AccountMembershipView account) => suspended.IsSuspended(account.AccountId)
        ? Show(StatusCodes.Status403Forbidden, $"{account.AccountName} is suspended",
            "The operators of this access point suspended this account, so it cannot authorize applications now. Its Admins were told why by mail.")
        : null;

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
