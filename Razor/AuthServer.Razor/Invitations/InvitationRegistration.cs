using System.ComponentModel.DataAnnotations;

namespace AuthServer.Razor.Invitations;

/// <summary>The login an invitee creates on the invitation's page: the email is the invitation's.</summary>
public sealed class InvitationRegistration
{
    [Required, StringLength(100, MinimumLength = 10, ErrorMessage = "The password must have at least 10 characters.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [DataType(DataType.Password), Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    [Display(Name = "Confirm password")]
    public string ConfirmPassword { get; set; } = "";
}
