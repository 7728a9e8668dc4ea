namespace AuthServer.Identity;

/// <summary>Where links in mail point: the public origin the request was answered on (PublicOrigin made it the issuer's).</summary>
public sealed record MailOrigin(string Scheme, HostString Host, PathString PathBase)
{
    public static MailOrigin Of(HttpRequest request) => new(request.Scheme, request.Host, request.PathBase);
}
