using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Reads the token request from a form (RFC 6749) or from a JSON object with the same field names, as
/// some clients send (SPEC §4), into the one OpenIddict request: a second token implementation is never
/// needed. Replaces the built-in extractor, which refuses anything but a form (ID2082). The body is read
/// under <see cref="OAuthRequestBody"/>'s cap, and text a JSON string cannot be (lone surrogates) is refused.
/// </summary>
public sealed class ExtractFormOrJsonTokenRequest : IOpenIddictServerHandler<ExtractTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ExtractTokenRequestContext>()
        .AddFilter<OpenIddictServerAspNetCoreHandlerFilters.RequireHttpRequest>().AddFilter<RequireNotRenewEndpoint>()
        .UseSingletonHandler<ExtractFormOrJsonTokenRequest>()
        .At(OpenIddictServerAspNetCoreHandlers.ExtractPostRequest<ExtractTokenRequestContext>.Descriptor.Order);

    public ValueTask HandleAsync(ExtractTokenRequestContext context) => ExtractAsync(context, rule: null);

    /// <summary>
    /// Reads the request and, unless it is refused, hands it to OpenIddict: after <paramref name="rule"/>, the
    /// address's own check of what was read (<see cref="ExtractRenewRequest"/>), has had its say.
    /// </summary>
    public static async ValueTask ExtractAsync(ExtractTokenRequestContext context, ExtractionRule? rule)
    {
        var http = context.Transaction.GetHttpRequest()!;
        if (!HttpMethods.IsPost(http.Method))
        {
            context.Reject(Errors.InvalidRequest, "The token endpoint accepts POST only.");
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(http.ContentType, out var type))
        {
            context.Reject(Errors.InvalidRequest, "The Content-Type header is missing: send application/x-www-form-urlencoded or application/json.");
            return;
        }

        OpenIddictRequest? request;
        if (type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            if (await OAuthRequestBody.ReadFormAsync(context, http, OAuthRequestBody.MaxBytes) is not { } form)
            {
                return;
            }

            request = new OpenIddictRequest(form);
        }
        else if (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            if (await OAuthRequestBody.ReadAsync(context, http, OAuthRequestBody.MaxBytes) is not { } body ||
                ReadJson(context, body) is not { } json)
            {
                return;
            }

            request = json;
        }
        else
        {
            context.Reject(Errors.InvalidRequest, "The Content-Type must be application/x-www-form-urlencoded or application/json.");
            return;
        }

        rule?.Invoke(context, request);
        if (!context.IsRejected)
        {
            context.Request = request;
        }
    }

    private static OpenIddictRequest? ReadJson(ExtractTokenRequestContext context, ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                context.Reject(Errors.InvalidRequest, "The JSON body must be an object.");
                return null;
            }

            var parameters = new Dictionary<string, StringValues>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                // Only strings, as in a form: a scope array would otherwise vanish silently. A repeated
                // key is refused rather than letting one value win unnoticed.
                if (property.Value.ValueKind != JsonValueKind.String || !parameters.TryAdd(property.Name, property.Value.GetString()))
                {
                    context.Reject(Errors.InvalidRequest, $"The '{property.Name}' field must be a single string.");
                    return null;
                }
            }

            return OAuthRequestBody.RejectsNul(context, parameters) ? null : new OpenIddictRequest(parameters);
        }
        catch (JsonException)
        {
            context.Reject(Errors.InvalidRequest, "The request body is not valid JSON.");
            return null;
        }
        catch (InvalidOperationException)
        {
            // A \uD800 escape with no partner: valid JSON syntax, but no text (RFC 8259 §8.2).
            context.Reject(Errors.InvalidRequest, "The JSON body holds a string that is not valid Unicode (an unpaired surrogate).");
            return null;
        }
    }
}
