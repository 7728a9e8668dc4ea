using AuthServer.Core;
using AuthServer.Core.Audit;

namespace AuthServer.Audit;

public static class AuditExtensions
{
    /// <summary>
    /// The audit log as people read it: the reader behind <c>/settings/audit-log</c> and its CSV, and
    /// retention (<c>Audit:RetentionDays</c>) with a background purge. Writing events is the core's
    /// <see cref="AuditLog"/> and <see cref="AuditQueue"/>, registered with the reader by Core's <see cref="AuditServices"/>.
    /// </summary>
    public static WebApplicationBuilder AddAuditLog(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedSingleton<AuditRetentionService>();
        return builder;
    }
}
