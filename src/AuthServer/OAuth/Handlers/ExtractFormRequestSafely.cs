using Microsoft.AspNetCore;
using Microsoft.Net.Http.Headers;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Reads authorization (GET or POST, RFC 6749 §3.1), introspection (GET or POST) and revocation (POST)
/// requests in place of OpenIddict's extractors, which threw on a form over the framework's limits or
/// holding a NUL (a 500 for bad input): the same rules, with <see cref="OAuthRequestBody"/>'s bounded reading.
/// </summary>
public sealed class ExtractFormRequestSafely<TContext> : IOpenIddictServerHandler<TContext> where TContext : BaseValidatingContext
{
    private static readonly bool AllowsGet = typeof(TContext) != typeof(ExtractRevocationRequestContext);

    private static readonly int Limit = typeof(TContext) == typeof(ExtractAuthorizationRequestContext)
        ? OAuthRequestBody.MaxAuthorizationBytes
        : OAuthRequestBody.MaxBytes;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<TContext>()
        .AddFilter<OpenIddictServerAspNetCoreHandlerFilters.RequireHttpRequest>()
        .UseSingletonHandler<ExtractFormRequestSafely<TContext>>()
        .At(OpenIddictServerAspNetCoreHandlers.ExtractGetOrPostRequest<TContext>.Descriptor.Order);

    public async ValueTask HandleAsync(TContext context)
    {
        var http = context.Transaction.GetHttpRequest()!;
        OpenIddictRequest request;
        if (AllowsGet && HttpMethods.IsGet(http.Method))
        {
            if (OAuthRequestBody.RejectsNul(context, http.Query))
            {
                return;
            }

            request = new OpenIddictRequest(http.Query);
        }
        else if (HttpMethods.IsPost(http.Method))
        {
            if (!MediaTypeHeaderValue.TryParse(http.ContentType, out var type) ||
                !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                context.Reject(Errors.InvalidRequest, "The request must be a form: Content-Type application/x-www-form-urlencoded.");
                return;
            }

            if (await OAuthRequestBody.ReadFormAsync(context, http, Limit) is not { } form)
            {
                return;
            }

            request = new OpenIddictRequest(form);
        }
        else
        {
            context.Reject(Errors.InvalidRequest, AllowsGet ? "This endpoint accepts GET and POST only." : "This endpoint accepts POST only.");
            return;
        }

        context.Transaction.Request = request;
    }
}
