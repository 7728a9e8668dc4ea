namespace AuthServer.Hosting;

/// <summary>
/// Endpoint metadata: the authentication middleware has nothing to do for this endpoint, so it is not run.
/// That middleware asks OpenIddict whether the request is one of its endpoints and reads the Identity cookie;
/// the bearer API authenticates in its authorization policy (<c>AccessToken</c> scheme) and lookups take an
/// affiliate ID, so neither ever needs it (a cookie can never stand in for a token there either).
/// </summary>
public sealed class NoAuthenticationMiddleware
{
    public static readonly NoAuthenticationMiddleware Instance = new();

    private NoAuthenticationMiddleware()
    {
    }
}
