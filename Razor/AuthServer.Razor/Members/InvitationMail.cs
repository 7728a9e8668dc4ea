using System.Text.Encodings.Web;
using AuthServer.Core.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace AuthServer.Razor.Members;

/// <summary>
/// Mails an invitation's link. The link is built from the public origin (<c>Auth:Issuer</c>), never from
/// the request's Host header, which anyone can set: the token must reach the invitee, not an attacker.
/// </summary>
public sealed class InvitationMail(IEmailSender mail, IPublicOrigin origin)
{
    public const string PathPrefix = "invitations/";

    public Uri LinkFor(HttpRequest request, string token) => new(origin.For(request), PathPrefix + token);

    public Task SendAsync(HttpRequest request, Invitation invitation, string token, string accountName, string inviter)
    {
        var html = HtmlEncoder.Default;
        var link = LinkFor(request, token).AbsoluteUri;
        var role = invitation.Role == AccountRole.Admin ? "an Admin" : "a Member";
        return mail.SendEmailAsync(invitation.Email, $"{inviter} invited you to {accountName} on AuthServer",
            $"<p>{html.Encode(inviter)} invited you to join <strong>{html.Encode(accountName)}</strong> as {role}.</p>" +
            $"<p><a href=\"{html.Encode(link)}\">Accept the invitation</a> (the link works until {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC). " +
            "If you have no login yet, you create one there with this email address.</p>" +
            "<p>If you did not expect this, ignore this mail: nothing happens unless you follow the link.</p>");
    }
}
