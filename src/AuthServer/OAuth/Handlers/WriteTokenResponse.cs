using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore;
using OpenIddict.Server.AspNetCore;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Writes token endpoint answers straight into the response body. OpenIddict's own writer serializes into a
/// MemoryStream first and copies it over; for a token response (two tokens, 2 KB) that buffering was a sixth
/// of the request's allocations. Same JSON (compact, relaxed escaping, as OpenIddict writes it), same
/// content type; the body is sent chunked instead of with a Content-Length.
/// </summary>
public sealed class WriteTokenResponse : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ApplyTokenResponseContext>()
        .AddFilter<OpenIddictServerAspNetCoreHandlerFilters.RequireHttpRequest>()
        .UseSingletonHandler<WriteTokenResponse>().At(OpenIddictServerAspNetCoreHandlers.ProcessJsonResponse<ApplyTokenResponseContext>.Descriptor.Order);

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        var response = context.Transaction.GetHttpRequest()!.HttpContext.Response;
        response.ContentType = "application/json;charset=UTF-8";

        // Written and flushed into the pipe before the first await: the writer is reused by this thread only.
        var writer = t_writer ??= new Utf8JsonWriter(response.BodyWriter, Options);
        writer.Reset(response.BodyWriter);
        context.Transaction.Response!.WriteTo(writer);
        writer.Flush();
        writer.Reset();
        await response.BodyWriter.FlushAsync(context.CancellationToken);
        context.HandleRequest();
    }
}
