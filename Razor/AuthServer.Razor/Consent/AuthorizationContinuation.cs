using AuthServer.Core.Clients;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;

namespace AuthServer.Razor.Consent;

/// <summary>
/// When a login (or register) page was reached from an authorization request, which application the user
/// is about to continue to, read from the page's <c>ReturnUrl</c>. Only a local URL of our own
/// authorization endpoint naming a registered client counts; anything else shows nothing, so a crafted
/// ReturnUrl cannot put words on the login page.
/// </summary>
public sealed class AuthorizationContinuation(ConsentService consents)
{
    private const string AuthorizePath = "/api/auth/authorize";

    public async Task<ContinuationView?> ForAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var returnUrl = request.Query["ReturnUrl"].ToString();
        if (!returnUrl.StartsWith(AuthorizePath + "?", StringComparison.Ordinal))
        {
            return null;
        }

        var clientId = QueryHelpers.ParseQuery(returnUrl[(AuthorizePath.Length + 1)..]).GetValueOrDefault(OpenIddictConstants.Parameters.ClientId).ToString();
        if (string.IsNullOrEmpty(clientId) || await consents.FindClientAsync(clientId, cancellationToken) is not { } client)
        {
            return null;
        }

        var owner = await consents.OwnerNameAsync(client, cancellationToken);
        return new ContinuationView(client.DisplayName ?? clientId, owner ?? "", client.Kind == ClientKind.ApiKey);
    }
}
