using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Identity;

/// <summary>
/// Where a page may send the user back to: a path on this server only. Anything else (<c>https://evil</c>,
/// <c>//evil</c>, <c>/\evil</c>, <c>javascript:</c>) is an open redirect and is replaced, not refused, so
/// a tampered link still lands the user somewhere sensible.
/// </summary>
public static class LocalReturnUrl
{
    public const string Home = "~/";

    public static string? OrNull(IUrlHelper url, string? returnUrl) => url.IsLocalUrl(returnUrl) ? returnUrl : null;

    public static string OrHome(IUrlHelper url, string? returnUrl) => OrNull(url, returnUrl) ?? Home;
}
