using System.Security.Claims;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth;

/// <summary>
/// Sends claims to the access token only. OpenIddict keeps a claim's destinations as a JSON array in the
/// claim's properties and serializes it anew for every claim (a MemoryStream and a writer each); the value
/// is the same for all of ours, so it is produced once, by OpenIddict's own SetDestinations, and copied.
/// </summary>
public static class AccessTokenDestination
{
    private static readonly string Serialized =
        new Claim("claim", "value").SetDestinations(Destinations.AccessToken).Properties[OpenIddictConstants.Properties.Destinations];

    /// <summary>Whether the claim goes to the access token: by reference when we set it, else by OpenIddict's parsing.</summary>
    public static bool IsSetOn(Claim claim) =>
        claim.Properties.TryGetValue(OpenIddictConstants.Properties.Destinations, out var destinations) && ReferenceEquals(destinations, Serialized)
        || claim.HasDestination(Destinations.AccessToken);

    public static void SetOnAll(ClaimsIdentity identity)
    {
        foreach (var claim in identity.Claims)
        {
            claim.Properties[OpenIddictConstants.Properties.Destinations] = Serialized;
        }
    }
}
