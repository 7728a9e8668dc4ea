namespace AuthServer.Core.Keys;

public static class KeyServices
{
    /// <summary>The server's managed keys (SPEC §8, <c>Keys</c> section): the ring in memory and its store.</summary>
    public static IServiceCollection AddKeys(this IServiceCollection services)
    {
        services.AddValidatedOptions<KeyOptions>(KeyOptions.Section);
        services.AddSingleton<KeyRing>();
        services.AddScoped<KeyRingStore>();
        return services;
    }
}
