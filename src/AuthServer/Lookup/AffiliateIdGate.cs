using AuthServer.Core.Affiliates;
using AuthServer.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using AuthServer.Telemetry;
using Microsoft.Net.Http.Headers;

namespace AuthServer.Lookup;

/// <summary>
/// The affiliate-ID check of SPEC §4 method 4, an endpoint filter on the lookup group only (its endpoints are
/// marked <see cref="AffiliateIdRequired"/>): nothing else ever reads an affiliate ID, so it can never
/// stand in for a credential. In order: the client network's failed-attempt budget, the ID (401
/// missing or malformed, 403 unknown, or revoked (its account's suspension counts as revoked)), the ID's CORS origins, the ID's rate limit (429),
/// then usage is counted in memory.
/// </summary>
public sealed class AffiliateIdGate(
    AffiliateIdDirectory directory,
    LookupRateLimits limits,
    AffiliateUsage usage,
    SuspendedAccounts suspended,
    ICorsService cors,
    IOptions<LookupOptions> options,
    AuthServerMetrics metrics) : IEndpointFilter
{
    public const string QueryParameter = "affiliateId";

    /// <summary>8-4-4-4-12 hex digits and four hyphens.</summary>
    private const int CanonicalLength = 36;

    /// <summary>The challenge of the 401s: the ID is no token, so not <c>Bearer</c>.</summary>
    public const string Challenge = "AffiliateId realm=\"lookup\"";

    public static class Codes
    {
        public const string Missing = "AffiliateIdMissing";
        public const string Invalid = "AffiliateIdInvalid";
        public const string Unknown = "AffiliateIdUnknown";
        public const string Revoked = "AffiliateIdRevoked";
    }

    private readonly int _defaultPermitPerMinute = options.Value.PermitPerMinute;

    /// <summary>Lets the lookup run, or answers in its place (written here; the endpoint then returns nothing more).</summary>
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var network = ClientNetwork.KeyFor(context.Connection.RemoteIpAddress);
        if (limits.KnownBlocked(network, out var blockedFor))
        {
            metrics.Lookup(ApiProblems.Codes.RateLimited);
            await NetworkBlockedAsync(context, blockedFor);
            return Results.Empty;
        }

        var values = context.Request.Query[QueryParameter];
        if (values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            await FailAsync(context, network, StatusCodes.Status401Unauthorized, Codes.Missing, "Affiliate ID required",
                $"Pass your affiliate ID as the {QueryParameter} query parameter.");
            return Results.Empty;
        }

        // One canonical form (8-4-4-4-12 hex digits), so an ID is never spelled two ways. The length check
        // matters: Guid parsing forgives surrounding whitespace (" 3f2b…" would be accepted).
        if (values.Count > 1 || values[0]!.Length != CanonicalLength || !Guid.TryParseExact(values[0], "D", out var id))
        {
            await FailAsync(context, network, StatusCodes.Status401Unauthorized, Codes.Invalid, "Affiliate ID malformed",
                $"The {QueryParameter} query parameter must be given once, as a UUID such as 3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f.");
            return Results.Empty;
        }

        var affiliate = await directory.FindAsync(id, context.RequestAborted);
        if (affiliate is null || affiliate.Revoked || suspended.IsSuspended(affiliate.AccountId))
        {
            await FailAsync(context, network, StatusCodes.Status403Forbidden,
                affiliate is null ? Codes.Unknown : Codes.Revoked,
                affiliate is null ? "Affiliate ID unknown" : "Affiliate ID revoked",
                affiliate is null ? "No such affiliate ID." : affiliate.Revoked ? "This affiliate ID was revoked by its account." : "This affiliate ID is not active.");
            return Results.Empty;
        }

        // Before the limit, so that a listed site's script can read a 429 and its Retry-After too. The answer
        // depends on Origin whether or not one was sent, so caches must key on it (or serve a response without
        // CORS headers to a listed site).
        if (AffiliateIdCors.PolicyFor(affiliate) is { } policy)
        {
            if (context.Request.Headers.Origin.Count > 0)
            {
                cors.ApplyResult(cors.EvaluatePolicy(context, policy), context.Response);
            }

            if (!context.Response.Headers.Vary.Any(v => v?.Contains(HeaderNames.Origin, StringComparison.OrdinalIgnoreCase) == true))
            {
                context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
            }
        }

        var decision = await limits.TakeLookupAsync(id, affiliate.PermitPerMinute ?? _defaultPermitPerMinute, network);
        if (!decision.Allowed)
        {
            metrics.Lookup(ApiProblems.Codes.RateLimited);
            await (decision.ByGuard
                ? NetworkBlockedAsync(context, decision.RetryAfter)
                : ApiProblems.WriteRateLimitedAsync(context, decision.RetryAfter, "This affiliate ID is over its lookup limit."));
            return Results.Empty;
        }

        usage.Record(id);
        if (IsPreflight(context.Request))
        {
            // Answered here: the CORS headers (if the origin is listed) are all a preflight needs.
            metrics.Lookup(LookupOutcomes.Preflight);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Results.Empty;
        }

        return await next(invocation);
    }

    private static Task NetworkBlockedAsync(HttpContext context, TimeSpan retryAfter) =>
        ApiProblems.WriteRateLimitedAsync(context, retryAfter,
            "Too many lookups with a missing, malformed, unknown or revoked affiliate ID from your network.");

    private static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method) && request.Headers.AccessControlRequestMethod.Count > 0;

    private async Task FailAsync(HttpContext context, string network, int status, string code, string title, string detail)
    {
        var decision = await limits.TakeFailureAsync(network);
        metrics.Lookup(decision.Allowed ? code : ApiProblems.Codes.RateLimited);
        if (!decision.Allowed)
        {
            await NetworkBlockedAsync(context, decision.RetryAfter);
            return;
        }

        await ApiProblems.WriteAsync(context, status, code, title, detail,
            wwwAuthenticate: status == StatusCodes.Status401Unauthorized ? Challenge : null);
    }
}
