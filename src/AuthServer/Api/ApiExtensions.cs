using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace AuthServer.Api;

public static class ApiExtensions
{
    /// <summary>Bearer authentication and the scope policies for every /api endpoint.</summary>
    public static WebApplicationBuilder AddAuthServerApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        builder.Services.AddAuthorization(ScopePolicies.AddPolicies);
        return builder;
    }

    /// <summary><c>GET /api/account</c>: who the token is, the integrator's first call (SPEC §6).</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/account")
            .RequireAuthorization(ScopePolicies.AnyValidToken)
            .WithTags("Account")
            .MapGet("", AccountEndpoints.GetAsync)
            .WithName("GetAccount")
            .WithSummary("Who this access token acts for: account, client, scopes, participants and expiry.");
        return endpoints;
    }
}
