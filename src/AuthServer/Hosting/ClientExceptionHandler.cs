namespace AuthServer.Hosting;

/// <summary>
/// Any other failure, for API and OAuth clients in their own format (<see cref="ClientFormatExceptionHandler.AnswerAsync"/>):
/// a request the server could not read is the client's 4xx, anything else a 500 that says it was logged.
/// Pages fall through to the error page.
/// </summary>
internal sealed class ClientExceptionHandler : ClientFormatExceptionHandler
{
    public override ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var status = context.Response.StatusCode; // ErrorHandling.StatusFor's
        var (code, title, detail) = status switch
        {
            StatusCodes.Status413PayloadTooLarge => (ApiProblems.Codes.PayloadTooLarge, "Payload too large", "The request body is too large."),
            < 500 => ("BadRequest", "Bad request", "The request could not be read."),
            _ => ("InternalError", "Internal error", "The request failed on our side; it has been logged."),
        };
        var (error, description) = status < 500
            ? (OAuthErrors.InvalidRequest, "The request could not be read.")
            : ("server_error", "The request failed on our side; it has been logged.");
        return AnswerAsync(context, ApiProblems.Create(status, code, title, detail), error, description);
    }
}
