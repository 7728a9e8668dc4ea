using System.ComponentModel.DataAnnotations;

namespace AuthServer.Identity;

/// <summary>
/// An email address and a new password typed twice: what registering and resetting a password both ask,
/// under the same rules (the length Identity is configured with, SPEC §7).
/// </summary>
public class NewPasswordInput
{
    [Required, EmailAddress, StringLength(254)]
    public string Email { get; set; } = "";

    [Required, StringLength(100, MinimumLength = 10), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [DataType(DataType.Password), Display(Name = "Confirm password"), Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    public string ConfirmPassword { get; set; } = "";
}
