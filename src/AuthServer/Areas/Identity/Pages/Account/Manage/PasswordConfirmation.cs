using System.ComponentModel.DataAnnotations;

namespace AuthServer.Identity.Pages.Manage;

/// <summary>The password a user types again before an irreversible change to their login.</summary>
public sealed class PasswordConfirmation
{
    [Required, DataType(DataType.Password)]
    public string Password { get; set; } = "";
}
