namespace AuthServer.Core.Tokens;

public static class TokenServices
{
    /// <summary>
    /// Token state (SPEC §4, <c>Tokens</c> section): redemptions of refresh tokens and codes, revocation rules
    /// and the in-memory cache of them, and on SQLite the group-commit writer of redemptions.
    /// </summary>
    public static IServiceCollection AddTokens(this IServiceCollection services)
    {
        services.AddValidatedOptions<TokenOptions>(TokenOptions.Section);
        services.AddSingleton<RevocationCache>();
        services.AddSingleton<TokenLedger>();
        services.AddHostedSingleton<SqliteRedemptionWriter>();
        return services;
    }
}
