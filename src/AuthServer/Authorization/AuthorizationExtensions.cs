using AuthServer.Razor.Consent;

namespace AuthServer.Authorization;

public static class AuthorizationExtensions
{
    /// <summary>
    /// Methods 2 and 3 (SPEC §4): the consent pages at <c>/api/auth/authorize</c>, the Developer
    /// Application portal at <c>/developers</c> and connected apps (pages in Razor/AuthServer.Razor),
    /// and the grants behind them. The OpenIddict handlers they rely on are registered with the others.
    /// </summary>
    public static WebApplicationBuilder AddAuthServerAuthorization(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IAuthorizationIssuer, AuthorizationIssuer>();
        return builder;
    }
}
