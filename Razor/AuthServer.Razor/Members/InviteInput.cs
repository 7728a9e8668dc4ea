using System.ComponentModel.DataAnnotations;
using AuthServer.Core.Accounts;

namespace AuthServer.Razor.Members;

/// <summary>The invitation form of /settings/members.</summary>
public sealed class InviteInput
{
    [Required(ErrorMessage = "Enter the email address to invite.")]
    [EmailAddress(ErrorMessage = "Enter one email address, e.g. anna@example.com.")]
    [StringLength(254)]
    public string Email { get; set; } = "";

    public AccountRole Role { get; set; } = AccountRole.Member;
}
