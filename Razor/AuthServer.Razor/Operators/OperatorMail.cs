using System.Text.Encodings.Web;
using AuthServer.Core.Accounts;
using AuthServer.Core.Participants;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace AuthServer.Razor.Operators;

/// <summary>
/// Tells an account's Admins what the server's operators decided (SPEC §2 "Operator"): a participant verified
/// or rejected (with the reason), the account suspended or reinstated. Links are built from the public origin
/// (<c>Auth:Issuer</c>), never from the request's Host header.
/// </summary>
public sealed class OperatorMail(IEmailSender mail, IPublicOrigin origin, AccountMembers members)
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public Task ParticipantVerifiedAsync(HttpRequest request, Participant participant, string accountName) =>
        SendAsync(request, participant.AccountId, $"{participant.Name} is verified",
            $"<p><strong>{Html.Encode(participant.Name)}</strong> ({Html.Encode(participant.PeppolId)}) of {Html.Encode(accountName)} was verified by the " +
            "operators of this access point. It is now found by public lookups, sends and receives documents, and can be approved for applications.</p>",
            "settings/participants", "See your participants");

    public Task ParticipantRejectedAsync(HttpRequest request, Guid accountId, string name, string peppolId, string reason) =>
        SendAsync(request, accountId, $"{name} was not verified",
            $"<p>The operators of this access point did not verify <strong>{Html.Encode(name)}</strong> ({Html.Encode(peppolId)}).</p>" +
            $"<p>Reason: {Html.Encode(reason)}</p>" +
            "<p>Until it is verified it is not found by lookups and cannot send or receive documents. If its details were wrong, correct them on " +
            "the participants page: it is then checked again.</p>",
            "settings/participants", "See your participants");

    /// <summary>Other accounts' claims rejected because one claim on the same Peppol ID was verified.</summary>
    public async Task ClaimsRejectedAsync(HttpRequest request, IEnumerable<RejectedClaim>? claims)
    {
        foreach (var claim in claims ?? [])
        {
            await ParticipantRejectedAsync(request, claim.AccountId, claim.Name, claim.PeppolId, claim.Reason);
        }
    }

    public Task AccountSuspendedAsync(HttpRequest request, Guid accountId, string accountName, string reason) =>
        SendAsync(request, accountId, $"{accountName} is suspended",
            $"<p>The operators of this access point suspended <strong>{Html.Encode(accountName)}</strong>.</p>" +
            $"<p>Reason: {Html.Encode(reason)}</p>" +
            "<p>While it is suspended, its access tokens and API keys are refused, its Developer Applications stop working, its participants " +
            "are not found by lookups or delivered to, and its affiliate IDs are refused. Nothing is deleted: reply to the operators to have it reinstated.</p>",
            "settings", "Open your settings");

    public Task AccountReinstatedAsync(HttpRequest request, Guid accountId, string accountName, string reason) =>
        SendAsync(request, accountId, $"{accountName} is reinstated",
            $"<p>The operators of this access point reinstated <strong>{Html.Encode(accountName)}</strong>: its credentials, applications, " +
            "participants and affiliate IDs work again.</p>" +
            $"<p>Note: {Html.Encode(reason)}</p>",
            "settings", "Open your settings");

    private async Task SendAsync(HttpRequest request, Guid accountId, string subject, string body, string path, string linkText)
    {
        var link = new Uri(origin.For(request), path).AbsoluteUri;
        var html = body + $"<p><a href=\"{Html.Encode(link)}\">{Html.Encode(linkText)}</a></p>" +
                   "<p>You receive this as an Admin of the account.</p>";
        foreach (var admin in await members.AdminEmailsAsync(accountId, request.HttpContext.RequestAborted))
        {
            await mail.SendEmailAsync(admin, subject + " on AuthServer", html);
        }
    }
}
