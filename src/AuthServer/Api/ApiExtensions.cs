using AuthServer.Core;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;

namespace AuthServer.Api;

public static class ApiExtensions
{
    /// <summary>
    /// Bearer authentication, the scope check, limits and JSON conventions of every /api endpoint. Which scopes
    /// open an endpoint is said where it is mapped (<see cref="ScopeRequirements.RequireScope"/>).
    /// </summary>
    public static WebApplicationBuilder AddAuthServerApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ApiOptions>(ApiOptions.Section);
        // Enums are lower-case words on the wire ("outgoing", "credit-note"), never numbers; the OpenAPI
        // document reads the same options, so it lists the same words.
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)));
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        builder.Services.AddSingleton<AccessTokenParameters>();
        builder.Services.AddAuthorization();
        return builder;
    }
}
