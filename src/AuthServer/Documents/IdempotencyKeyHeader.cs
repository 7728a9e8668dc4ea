using AuthServer.Api;
using AuthServer.Core.Documents;

namespace AuthServer.Documents;

/// <summary>
/// The <c>Idempotency-Key</c> request header of <c>POST /api/documents</c>: a client that sends a document again
/// with the same key (a retry after a timeout) gets the first request's document back instead of a second one.
/// A key belongs to the client that used it (a unique index on client and key).
/// </summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";

    /// <summary>Set on the answer to a repeated request, which returns the first request's document.</summary>
    public const string ReplayedName = "Idempotent-Replayed";

    /// <summary>409: this client used the Idempotency-Key before, for a different request.</summary>
    public const string ReusedCode = "IdempotencyKeyReused";

    public const int MaxLength = 200;

    /// <returns>The key (null when none was sent), or the 400 when it is unusable.</returns>
    public static (string? Key, BadRequestProblem? Problem) Read(HttpRequest request)
    {
        var values = request.Headers[Name];
        if (values.Count == 0)
        {
            return (null, null);
        }

        var key = values.Count == 1 ? values[0]?.Trim() : null;
        return key is { Length: > 0 and <= MaxLength } && key.All(c => c is >= ' ' and <= '~')
            ? (key, null)
            : (null, BadRequestProblem.Validation(Name,
                $"{Name} must be one value of 1 to {MaxLength} printable ASCII characters, e.g. a UUID."));
    }

    /// <summary>The document this client sent earlier with <paramref name="key"/>, if any.</summary>
    public static Task<Document?> FindEarlierAsync(AuthServerDbContext db, ApiCaller caller, string key, CancellationToken cancellationToken) =>
        db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.CreatedByClientId == caller.ClientId && d.IdempotencyKey == key, cancellationToken);
}
