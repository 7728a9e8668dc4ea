using System.Security.Claims;

namespace AuthServer.Api;

/// <summary>
/// The identity of a request whose access token passed <see cref="AccessTokenAuthenticationHandler"/>: its
/// claims, and the <see cref="ApiCaller"/> built once with the checked token, which endpoints bind
/// (<see cref="ApiCaller.BindAsync"/>) without reading the claims again.
/// </summary>
public sealed class AccessTokenIdentity(CheckedAccessToken token, string authenticationType) : ClaimsIdentity(token.Claims, authenticationType)
{
    public ApiCaller? Caller { get; } = token.Caller;
}
