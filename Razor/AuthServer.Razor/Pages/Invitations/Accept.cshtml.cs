using AuthServer.Core.Accounts;
using AuthServer.Razor.Invitations;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AuthServer.Razor.Pages.Invitations;

/// <summary>
/// <c>/invitations/{token}</c>, the mailed link (SPEC §7): the invitee joins the inviting account. With a
/// login for the invited email they log in (if needed) and join; without one they create it here, with
/// that email and a password, and land in the account as its new member, with no company of their own.
/// Only the login with the invited email can accept: a forwarded link is of no use to anyone else.
/// </summary>
public sealed class AcceptModel(
    InvitationService invitations,
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    CurrentAccount current) : PageModel
{
    [FromRoute]
    public string Token { get; set; } = "";

    public InvitationView? Invitation { get; private set; }

    /// <summary>A login with the invited email exists: log in (or accept, if that is who is signed in).</summary>
    public bool InviteeHasLogin { get; private set; }

    /// <summary>Signed in with another email than the invited one.</summary>
    public bool SignedInAsSomeoneElse { get; private set; }

    [BindProperty]
    public InvitationRegistration Input { get; set; } = new();

    public string ReturnUrl => "/invitations/" + Token;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAcceptAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } notFound)
        {
            return notFound;
        }

        if (User.Identity?.IsAuthenticated != true || await users.GetUserAsync(User) is not { } user)
        {
            return Challenge(new Microsoft.AspNetCore.Authentication.AuthenticationProperties { RedirectUri = ReturnUrl }, IdentityConstants.ApplicationScheme);
        }

        var outcome = await invitations.AcceptWithTokenAsync(Token, user, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (outcome is AcceptOutcome.Joined or AcceptOutcome.AlreadyMember)
        {
            return await JoinedAsync(cancellationToken);
        }

        // Expired, revoked or used meanwhile, or another user: the page says which.
        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } notFound)
        {
            return notFound;
        }

        if (Invitation!.Status != InvitationStatus.Pending || InviteeHasLogin || User.Identity?.IsAuthenticated == true)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (result, user) = await invitations.RegisterAsync(Token, Input.Password, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }

            return Page();
        }

        await signIn.SignInAsync(user!, isPersistent: false);
        TempData["StatusMessage"] = $"Welcome to {Invitation.AccountName}: you joined as {(Invitation.Role == AccountRole.Admin ? "an Admin" : "a Member")}.";
        return LocalRedirect("~/");
    }

    private async Task<IActionResult> JoinedAsync(CancellationToken cancellationToken)
    {
        await current.SelectAsync(User, Invitation!.AccountId, cancellationToken);
        TempData["StatusMessage"] = $"You joined {Invitation.AccountName} as {(Invitation.Role == AccountRole.Admin ? "an Admin" : "a Member")}.";
        return LocalRedirect("~/");
    }

    /// <returns>A 404 for a token that names no invitation; else null, with the page's state loaded.</returns>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        // The token is a credential: this page and its answers are never cached.
        Response.Headers.CacheControl = "no-store";
        Invitation = await invitations.FindAsync(Token, cancellationToken);
        if (Invitation is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        InviteeHasLogin = await users.FindByEmailAsync(Invitation.Email) is not null;
        SignedInAsSomeoneElse = User.Identity?.IsAuthenticated == true &&
                                !string.Equals((await users.GetUserAsync(User))?.NormalizedEmail, users.NormalizeEmail(Invitation.Email), StringComparison.Ordinal);
        return null;
    }
}
