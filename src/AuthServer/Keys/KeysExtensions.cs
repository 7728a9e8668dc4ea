using AuthServer.Core.Clients;
using AuthServer.Core.Keys;

namespace AuthServer.Keys;

public static class KeysExtensions
{
    /// <summary>The server's managed keys (SPEC §8) and the periodic rollover check.</summary>
    public static WebApplicationBuilder AddAuthServerKeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KeyOptions>().BindConfiguration(KeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<KeyRing>();
        builder.Services.AddScoped<KeyRingStore>();
        builder.Services.AddSingleton<ClientSecretHasher>();
        builder.Services.AddHostedService<KeyRotationService>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
