namespace AuthServer.Core.Clients;

/// <summary>One authorization request, as the consent screen must answer it for one account.</summary>
/// <param name="AllowedScopes">What the client may carry (its registered scope permissions).</param>
/// <param name="RequestedScopes">The request's <c>scope</c>; empty means the client's default (SPEC §3).</param>
/// <param name="EuVatId">The request's pre-selection parameters (SPEC §4), as sent.</param>
public sealed record ConsentOfferRequest(
    OAuthClient Client,
    IReadOnlySet<string> AllowedScopes,
    IReadOnlyCollection<string> RequestedScopes,
    Guid AccountId,
    bool IsAdmin,
    string? EuVatId,
    string? Rn,
    string? CountryCode);
