using System.Security.Cryptography;
using System.Text;
using AuthServer.Demo;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Authorization;

/// <summary>
/// Console lines for methods 2 and 3 with the demo clients (SPEC §8): an authorize URL to open in a
/// browser, and the curl that exchanges the code it returns.
/// </summary>
public static class DemoAuthorizeLinks
{
    /// <summary>A fixed PKCE verifier, so the printed URL and curl belong together (demo only: it is public).</summary>
    public const string DemoCodeVerifier = "demo-code-verifier-printed-on-the-console-0123456789";

    public static IEnumerable<string> For(string address, DemoOptions demo)
    {
        // PKCE is required of every client by default (OAuth 2.1), the API key included.
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(DemoCodeVerifier)));
        var redirect = demo.ApiKey.RedirectUris.FirstOrDefault();
        if (redirect is not null)
        {
            var url = QueryHelpers.AddQueryString(address + "/api/auth/authorize", new Dictionary<string, string?>
            {
                ["response_type"] = "code",
                ["client_id"] = demo.ApiKey.ClientId,
                ["redirect_uri"] = redirect,
                ["scope"] = "read_participant_info send_documents",
                ["state"] = "demo",
                ["code_challenge"] = challenge,
                ["code_challenge_method"] = "S256",
            });
            yield return $"  Method 2:    open {url}";
            yield return $"               then: curl -s {address}/api/auth/token -d grant_type=authorization_code -d code=CODE " +
                $"-d redirect_uri={redirect} -d client_id={demo.ApiKey.ClientId} -d client_secret={demo.ApiKey.ClientSecret} -d code_verifier={DemoCodeVerifier}";
        }

        var app = demo.DeveloperApp;
        var appRedirect = app.RedirectUris.FirstOrDefault();
        if (appRedirect is not null)
        {
            var query = new Dictionary<string, string?>
            {
                ["response_type"] = "code",
                ["client_id"] = app.ClientId,
                ["redirect_uri"] = appRedirect,
                ["scope"] = string.Join(' ', app.Scopes.Take(2)),
                ["state"] = "demo",
                ["code_challenge"] = challenge,
                ["code_challenge_method"] = "S256",
            };
            if (demo.Participants.ElementAtOrDefault(1)?.EuVatId is { } euVatId)
            {
                query["euVatId"] = euVatId; // pre-selects the demo account's second participant
            }

            yield return $"  Method 3:    open {QueryHelpers.AddQueryString(address + "/api/auth/authorize", query)}";
            yield return $"               then: curl -s {address}/api/auth/token -d grant_type=authorization_code -d code=CODE " +
                $"-d redirect_uri={appRedirect} -d client_id={app.ClientId} -d client_secret={app.ClientSecret} -d code_verifier={DemoCodeVerifier}";
        }
    }
}
