namespace AuthServer.Core.Audit;

public static class AuditServices
{
    /// <summary>
    /// The audit log (SPEC §2, <c>Audit</c> section): <see cref="AuditLog"/> and <see cref="AuditQueue"/>
    /// to write events, <see cref="AuditTrail"/> to read and purge them.
    /// </summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddValidatedOptions<AuditOptions>(AuditOptions.Section);
        services.AddScoped<AuditLog>();
        services.AddSingleton<AuditQueue>();
        services.AddScoped<AuditTrail>();
        return services;
    }
}
