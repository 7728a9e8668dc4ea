using System.Diagnostics.Metrics;
using AuthServer.Core.Audit;
using AuthServer.Core.Tokens;

namespace AuthServer.Telemetry;

/// <summary>
/// The server's own meter (<see cref="MeterName"/>): what an operator watches besides ASP.NET Core's and EF
/// Core's. Tags come from small fixed sets (grant types, client kinds, error codes, outcomes); a client id,
/// account id, affiliate ID or IP address is never one: each would make a series per caller (cardinality)
/// and put who-did-what into the metrics store (privacy). Each call is one <c>Counter.Add</c> with at most
/// two tags and allocates nothing; with no listener it costs a flag check.
/// </summary>
public sealed class AuthServerMetrics
{
    public const string MeterName = "AuthServer";

    private readonly Counter<long> _tokensIssued;
    private readonly Counter<long> _tokenErrors;
    private readonly Counter<long> _reuseDetected;
    private readonly Counter<long> _revocations;
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _rateLimitRefusals;

    public AuthServerMetrics(IMeterFactory meters, AuditQueue audit, TokenLedger ledger)
    {
        var meter = meters.Create(MeterName);
        _tokensIssued = meter.CreateCounter<long>("authserver.tokens.issued", "{token}",
            "Token responses issued, by grant_type and client_kind (api_key: methods 1 and 2; developer_app: method 3).");
        _tokenErrors = meter.CreateCounter<long>("authserver.token.errors", "{response}",
            "Token and renew requests refused, by RFC 6749 error.");
        _reuseDetected = meter.CreateCounter<long>("authserver.token.reuse_detected", "{token}",
            "Refresh tokens (after the leeway) and codes presented again: their family was revoked. By token_type.");
        _revocations = meter.CreateCounter<long>("authserver.revocations", "{rule}",
            "Revocation rules written by this instance, by kind (family, secret, grant, client).");
        _lookups = meter.CreateCounter<long>("authserver.lookups", "{lookup}",
            "Public lookups (method 4), by outcome: Registered, NotRegistered, or the problem code.");
        _rateLimitRefusals = meter.CreateCounter<long>("authserver.rate_limit.refusals", "{response}",
            "Requests refused with 429, by endpoint (oauth, lookup, login, other).");
        meter.CreateObservableGauge("authserver.audit.queue.length", () => audit.Backlog, "{event}",
            "Audit events not yet written to the database (queued, or held by the writer for a retry).");
        meter.CreateObservableCounter("authserver.audit.dropped", () => audit.DroppedTotal, "{event}",
            "Audit events dropped because too many were waiting for the database.");
        ledger.Revoked += rule => _revocations.Add(1, new KeyValuePair<string, object?>("kind", KindName(rule.Kind)));
    }

    public void TokenIssued(string? grantType, bool developerApp) =>
        _tokensIssued.Add(1,
            new KeyValuePair<string, object?>("grant_type", grantType),
            new KeyValuePair<string, object?>("client_kind", developerApp ? "developer_app" : "api_key"));

    public void TokenRefused(string error) => _tokenErrors.Add(1, new KeyValuePair<string, object?>("error", error));

    public void ReuseDetected(bool code) =>
        _reuseDetected.Add(1, new KeyValuePair<string, object?>("token_type", code ? "authorization_code" : "refresh_token"));

    public void Lookup(string outcome) => _lookups.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void RateLimited(PathString path) => _rateLimitRefusals.Add(1, new KeyValuePair<string, object?>("endpoint",
        path.StartsWithSegments("/api/auth", StringComparison.OrdinalIgnoreCase) ? "oauth"
        : path.StartsWithSegments(AuthServer.Lookup.LookupExtensions.Path, StringComparison.OrdinalIgnoreCase) ? "lookup"
        : path.StartsWithSegments("/Identity/Account/Login", StringComparison.OrdinalIgnoreCase) ? "login"
        : "other"));

    private static string KindName(RevocationKind kind) => kind switch
    {
        RevocationKind.Family => "family",
        RevocationKind.Secret => "secret",
        RevocationKind.Grant => "grant",
        RevocationKind.Client => "client",
        _ => "other",
    };
}
