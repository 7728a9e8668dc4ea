using Microsoft.AspNetCore.Authentication;

namespace AuthServer.Identity;

/// <summary>
/// Password sign-in that counts failures (SPEC §7: lockout on; Identity UI asks for none) and takes the
/// same time whatever the account: Identity answers an unknown email, a locked-out or an unconfirmed
/// account without hashing the password, ~5 ms against ~100 ms or more, which tells anyone timing the
/// login form which emails have accounts. Here every attempt verifies one password hash.
/// </summary>
public sealed class LockoutSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    DecoyPassword decoy)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            decoy.Verify(UserManager, password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: true);
    }

    public override Task<SignInResult> PasswordSignInAsync(AppUser user, string password, bool isPersistent, bool lockoutOnFailure) =>
        base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: true);

    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        // Identity refuses a locked-out or unconfirmed account before it looks at the password.
        if (await PreSignInCheck(user) is { } refused)
        {
            var correct = await UserManager.CheckPasswordAsync(user, password);
            // "Confirm your email first" only for whoever knows the password; otherwise a plain failure.
            return refused.IsLockedOut || (refused.IsNotAllowed && correct) ? refused : SignInResult.Failed;
        }

        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
    }
}
