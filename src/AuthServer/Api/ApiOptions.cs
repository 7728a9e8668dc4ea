using System.ComponentModel.DataAnnotations;

namespace AuthServer.Api;

/// <summary>Limits of the bearer-token API (configuration section <c>Api</c>, SPEC §8).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// The largest request body a write endpoint accepts, in bytes; larger ones get 413 <c>PayloadTooLarge</c>.
    /// Documents carry whole UBL invoices (attachments embedded as base64), hence 10 MB by default.
    /// </summary>
    [Range(1024, 1L << 30)]
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;
}
