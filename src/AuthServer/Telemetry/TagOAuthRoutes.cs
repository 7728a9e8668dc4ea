using AuthServer.OAuth.Handlers;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Http.Features;
using OpenIddict.Server.AspNetCore;
using Paths = AuthServer.OAuth.OAuthPaths;

namespace AuthServer.Telemetry;

/// <summary>
/// OpenIddict answers the token, renew, revocation, introspection, metadata and JWKS addresses itself, before
/// routing, so ASP.NET Core's <c>http.server.request.duration</c> would lump them together without a route.
/// This names each one's route (a constant, never the request's own spelling of the path), so their latency
/// and status codes can be told apart. Nothing happens unless that metric is being collected.
/// </summary>
public sealed class TagOAuthRoutes : IOpenIddictServerHandler<ProcessRequestContext>
{
    private const string Route = "http.route";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ProcessRequestContext>()
        .AddFilter<OpenIddictServerAspNetCoreHandlerFilters.RequireHttpRequest>()
        .UseSingletonHandler<TagOAuthRoutes>().At(OpenIddictServerHandlers.InferEndpointType.Descriptor.Order + 500);

    public ValueTask HandleAsync(ProcessRequestContext context)
    {
        if (context.Transaction.GetHttpRequest()?.HttpContext.Features.Get<IHttpMetricsTagsFeature>() is not { } metrics)
        {
            return default;
        }

        // A mapping from the endpoint (and, for the token endpoint, which of its two addresses) to its route
        // name; it decides nothing, so it keeps the renew test rather than a filter and a second handler.
        var route = context.EndpointType switch
        {
            OpenIddictServerEndpointType.Token => RequireRenewEndpoint.IsRenew(context) ? "/" + Paths.Renew : "/" + Paths.Token,
            OpenIddictServerEndpointType.Revocation => "/" + Paths.Revoke,
            OpenIddictServerEndpointType.Introspection => "/" + Paths.Introspect,
            OpenIddictServerEndpointType.Configuration => "/" + Paths.Metadata,
            OpenIddictServerEndpointType.JsonWebKeySet => "/" + Paths.Jwks,
            // The authorization endpoint passes through to its page, whose route the framework records.
            _ => null,
        };
        if (route is not null)
        {
            metrics.Tags.Add(new(Route, route));
        }

        return default;
    }
}
