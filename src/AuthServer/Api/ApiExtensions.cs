using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace AuthServer.Api;

public static class ApiExtensions
{
    /// <summary>Bearer authentication, the scope policies, limits and JSON conventions of every /api endpoint.</summary>
    public static WebApplicationBuilder AddAuthServerApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Enums are lower-case words on the wire ("outgoing", "credit-note"), never numbers; the OpenAPI
        // document reads the same options, so it lists the same words.
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)));
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        builder.Services.AddSingleton<AccessTokenParameters>();
        builder.Services.AddAuthorization(ScopePolicies.AddPolicies);
        return builder;
    }

    /// <summary><c>GET /api/account</c>: who the token is, the integrator's first call (SPEC §6).</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/account")
            .BearerApi()
            .RequireAuthorization(ScopePolicies.AnyValidToken)
            .WithTags("Account")
            .MapGet("", AccountEndpoints.GetAsync)
            .WithName("GetAccount")
            .WithMetadata(new RequiredScopes([]))
            .WithSummary("Who this access token acts for: account, client, scopes, participants and expiry.");
        return endpoints;
    }
}
