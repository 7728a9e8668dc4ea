using AuthServer.Core.Operators;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Razor.Operators;

/// <summary>
/// /operator exists for server operators only (SPEC §7): everyone else, signed in or not, gets the 404 of a page
/// that does not exist, for GET and POST alike. It is an authorization filter ordered before the antiforgery
/// check (order 1000), so a post without a token is a 404 too, not a 400 that would tell the page exists; and
/// not [Authorize], which would send strangers to the login page.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class OperatorOnlyAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    private static readonly object Key = new();

    public int Order => -1000;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var operators = http.RequestServices.GetRequiredService<Core.Operators.Operators>();
        var actor = await operators.FindAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
        if (actor is null)
        {
            context.Result = new NotFoundResult();
            return;
        }

        http.Items[Key] = actor;
    }

    /// <summary>The operator this filter let through.</summary>
    public static OperatorActor ActorOf(HttpContext http) => (OperatorActor)http.Items[Key]!;
}
