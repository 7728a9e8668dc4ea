namespace AuthServer.Core.Clients;

/// <summary>
/// What a registered redirect URI may be (SPEC §4 method 3, RFC 9700 §4.1): absolute, https, no
/// wildcard, no fragment, no user info; plain http only for loopback development hosts, where the
/// port may vary at run time (RFC 8252 §7.3).
/// </summary>
public static class RedirectUriRules
{
    /// <returns>Null when the URI is acceptable, else the reason in words for the form.</returns>
    public static string? Check(string? value)
    {
        if (value?.Contains('*', StringComparison.Ordinal) == true)
        {
            return "may not contain wildcards";
        }

        // On Unix "/path" parses as an absolute file: URI; a redirect URI never is one.
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc)
        {
            return "must be an absolute URI";
        }

        if (value.Contains('#', StringComparison.Ordinal))
        {
            return "may not contain a fragment";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "may not contain user info";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri))
        {
            return null;
        }

        return "must use https (plain http only for localhost, 127.0.0.1 or [::1])";
    }

    public static bool IsLoopback(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttp &&
        (uri.Host == "localhost" || uri.Host == "127.0.0.1" || uri.Host == "[::1]" || uri.Host == "::1");
}
