namespace AuthServer.Identity.Pages;

/// <summary>
/// Replaces Identity UI's page, which looked the address up (404 for an unknown one: user enumeration).
/// It only says where to look; whether the address was new is told by mail, to its owner.
/// </summary>
public sealed class RegisterConfirmationModel : PageModel
{
    public string? Email { get; private set; }

    public void OnGet(string? email = null) => Email = email;
}
