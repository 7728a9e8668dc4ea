using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Razor.Pages;

/// <summary>
/// Every error a browser sees, in our layout: what went wrong in plain words, a way back, and for a failure
/// on our side the request id to quote, never a stack trace. Rendered in place of an exception (the host's
/// exception handler) or of an empty error status (a refused form, an unknown page); it runs for any method
/// and checks no antiforgery token, since it re-renders whatever request failed. Opened directly, it is 404.
/// (A 503's Retry-After is set by the host's exception handler, for pages and API alike.)
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public string Title { get; private set; } = "";

    public string Message { get; private set; } = "";

    /// <summary>For failures on our side: what to quote to support (it is in the server's log).</summary>
    public string? RequestId { get; private set; }

    public override void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
        var rendersFailure = HttpContext.Features.Get<IExceptionHandlerFeature>() is not null ||
                             HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null;
        Status = rendersFailure ? Response.StatusCode : StatusCodes.Status404NotFound;
        Response.StatusCode = Status;
        Response.Headers.CacheControl = "no-store";
        (Title, Message) = Status switch
        {
            StatusCodes.Status400BadRequest => ("This request could not be handled",
                "The page received something it cannot use: a form that expired or was sent twice, or a damaged link. Go back, reload the page and try again."),
            StatusCodes.Status403Forbidden => ("Not allowed", "Your account may not open this page."),
            StatusCodes.Status404NotFound => ("Page not found", "There is no page at this address. Check the link, or start again from the home page."),
            StatusCodes.Status405MethodNotAllowed => ("Not allowed", "This page cannot be used that way. Start again from the home page."),
            StatusCodes.Status413PayloadTooLarge => ("Too large", "What was sent is larger than this page accepts."),
            StatusCodes.Status415UnsupportedMediaType => ("This request could not be handled", "What was sent is not in a form this page accepts."),
            StatusCodes.Status429TooManyRequests => ("Too many requests", "Wait a little, then try again."),
            StatusCodes.Status503ServiceUnavailable => ("Temporarily unavailable",
                "The service cannot reach its database right now. Nothing was changed; try again in a few seconds."),
            >= 500 => ("Something went wrong on our side", "The request failed and has been logged. Try again; if it keeps failing, contact support with the reference below."),
            _ => (ReasonPhrases.GetReasonPhrase(Status) is { Length: > 0 } reason ? reason : "Error", "The request could not be handled."),
        };
        if (Status >= 500)
        {
            RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        }
    }
}
