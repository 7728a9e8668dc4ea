namespace AuthServer.Core;

public static class ValidatedOptions
{
    /// <summary>
    /// Binds a feature's options to its configuration section and checks their data annotations when the host
    /// starts, so a bad setting stops the server at start with the setting's name rather than failing later on
    /// the first request that reads it.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
