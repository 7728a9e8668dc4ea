namespace AuthServer.Core.Operators;

public static class OperatorServices
{
    /// <summary>
    /// Server operators (SPEC §2 "Operator", <c>Operator</c> section): who they are, their console, suspensions
    /// and their log.
    /// </summary>
    public static IServiceCollection AddOperators(this IServiceCollection services)
    {
        services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.Section);
        services.AddSingleton<OperatorList>();
        services.AddScoped<Operators>();
        services.AddScoped<OperatorLog>();
        services.AddScoped<OperatorConsole>();
        services.AddScoped<AccountSuspensions>();
        return services;
    }
}
