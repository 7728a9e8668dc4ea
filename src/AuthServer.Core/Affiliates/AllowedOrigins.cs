namespace AuthServer.Core.Affiliates;

/// <summary>
/// The browser origins an affiliate ID answers CORS for (SPEC §4 method 4). Each is an exact
/// <c>scheme://host[:port]</c> as browsers send it in the <c>Origin</c> header (RFC 6454 §6.1): https,
/// or plain http only on loopback for development. No wildcards: a wildcard would let any site spend
/// the ID's quota from its visitors' browsers.
/// </summary>
public static class AllowedOrigins
{
    public const int MaxCount = 20;

    /// <summary>The stored form is space-separated; its column holds 2,000 characters.</summary>
    public const int MaxStoredLength = 2000;

    private static readonly char[] Separators = [' ', '\t', '\r', '\n', ','];

    public static IReadOnlyList<string> Split(string? stored) =>
        string.IsNullOrWhiteSpace(stored) ? [] : stored.Split(Separators, StringSplitOptions.RemoveEmptyEntries);

    public static string Join(IEnumerable<string> origins) => string.Join(' ', origins);

    /// <summary>Parses what a user typed: origins separated by lines, spaces or commas.</summary>
    /// <returns>The normalized, de-duplicated origins, or the reasons they cannot be accepted.</returns>
    public static (IReadOnlyList<string> Origins, IReadOnlyList<string> Errors) Parse(string? input)
    {
        var origins = new List<string>();
        var errors = new List<string>();
        foreach (var value in Split(input))
        {
            if (Normalize(value, out var origin) is { } reason)
            {
                errors.Add($"{value}: {reason}");
            }
            else if (!origins.Contains(origin, StringComparer.Ordinal))
            {
                origins.Add(origin);
            }
        }

        if (origins.Count > MaxCount)
        {
            errors.Add($"At most {MaxCount} origins.");
        }
        else if (Join(origins).Length > MaxStoredLength)
        {
            errors.Add($"The origins may take at most {MaxStoredLength} characters together.");
        }

        return (origins, errors);
    }

    /// <returns>Null when <paramref name="value"/> is an acceptable origin, else the reason in words.</returns>
    public static string? Normalize(string value, out string origin)
    {
        origin = "";
        if (value.Contains('*', StringComparison.Ordinal))
        {
            return "wildcards are not allowed; list each origin";
        }

        // On Unix "/path" parses as an absolute file: URI; an origin never is one.
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc ||
            (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !value.Contains("://", StringComparison.Ordinal))
        {
            return "must look like https://shop.example or https://shop.example:8443";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || uri.AbsolutePath != "/" || uri.Query.Length > 0 || value.Contains('#', StringComparison.Ordinal))
        {
            return "an origin is scheme, host and port only: no path, query, fragment or user";
        }

        var loopback = uri.Host is "localhost" or "127.0.0.1" or "[::1]";
        if (uri.Scheme == Uri.UriSchemeHttp && !loopback)
        {
            return "must use https (plain http only for localhost, 127.0.0.1 or [::1])";
        }

        // Browsers serialize the Origin header with a lower-case, punycode host and no default port.
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        origin = uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
        return null;
    }
}
