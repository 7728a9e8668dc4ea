using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Hosting;

/// <summary>
/// An exception handler that answers each client in the form it reads (<see cref="RequestArea"/>): API
/// clients a problem, OAuth clients RFC 6749 error JSON; pages fall through to the error page.
/// </summary>
internal abstract class ClientFormatExceptionHandler : IExceptionHandler
{
    public abstract ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken);

    /// <returns>False for a page: the exception handler middleware then renders the error page.</returns>
    protected static async ValueTask<bool> AnswerAsync(HttpContext context, ProblemDetails apiProblem, string oauthError, string oauthDescription)
    {
        // The request's path is the error page's by now; the failed request's is in the feature.
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value;
        switch (RequestAreas.Of(new PathString(path)))
        {
            case RequestArea.Api:
                await ApiProblems.WriteAsync(context, apiProblem);
                return true;
            case RequestArea.OAuth:
                await OAuthErrors.WriteAsync(context, apiProblem.Status ?? context.Response.StatusCode, oauthError, oauthDescription);
                return true;
            default:
                return false;
        }
    }
}
