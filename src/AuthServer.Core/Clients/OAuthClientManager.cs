using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace AuthServer.Core.Clients;

/// <summary>
/// OpenIddict's application manager, with one rule relaxed: our confidential clients keep their secrets
/// in <see cref="ClientSecret"/> rows (several per client, keyed hashes), not in OpenIddict's single
/// ClientSecret column, so a confidential application without that column is valid here.
/// </summary>
public sealed class OAuthClientManager(
    IOpenIddictApplicationCache<OAuthClient> cache,
    ILogger<OpenIddictApplicationManager<OAuthClient>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OAuthClient> store)
    : OpenIddictApplicationManager<OAuthClient>(cache, logger, options, store)
{
    private static readonly string MissingSecret = OpenIddictResources.GetResourceString(OpenIddictResources.ID2113);

    public override async IAsyncEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> ValidateAsync(
        OAuthClient application, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var result in base.ValidateAsync(application, cancellationToken))
        {
            if (result.ErrorMessage != MissingSecret)
            {
                yield return result;
            }
        }
    }
}
