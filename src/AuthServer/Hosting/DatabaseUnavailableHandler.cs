namespace AuthServer.Hosting;

/// <summary>
/// A database that cannot be used right now (<see cref="DatabaseTrouble"/>) is 503 with <c>Retry-After</c>
/// for every client (SPEC §5): <c>ServiceUnavailable</c> problem+json under <c>/api</c>,
/// <c>temporarily_unavailable</c> at the OAuth endpoints (RFC 6749 §4.1.2.1), the error page elsewhere.
/// Not a 500: nothing is wrong with the request, and a client that waits and retries succeeds.
/// </summary>
internal sealed class DatabaseUnavailableHandler : ClientFormatExceptionHandler
{
    private const string Detail = "The database cannot be reached. Try again shortly.";

    public override ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseTrouble.IsUnavailable(exception))
        {
            return ValueTask.FromResult(false);
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = DatabaseTrouble.RetryAfterSeconds;
        return AnswerAsync(context,
            ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, ApiProblems.Codes.ServiceUnavailable, "Service unavailable", Detail),
            OAuthErrors.TemporarilyUnavailable, Detail);
    }
}
