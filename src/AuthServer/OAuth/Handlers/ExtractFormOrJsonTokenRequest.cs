using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Reads the token request from a form (RFC 6749) or from a JSON object with the same field names, as
/// some clients send (SPEC §4), into the one OpenIddict request: a second token implementation is never
/// needed. Replaces the built-in extractor, which refuses anything but a form (ID2082).
/// </summary>
public sealed class ExtractFormOrJsonTokenRequest : IOpenIddictServerHandler<ExtractTokenRequestContext>
{
    /// <summary>A token request is a handful of short fields; anything bigger is not one.</summary>
    private const int MaxBodyBytes = 16 * 1024;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractTokenRequestContext>()
            .AddFilter<OpenIddictServerAspNetCoreHandlerFilters.RequireHttpRequest>()
            .UseSingletonHandler<ExtractFormOrJsonTokenRequest>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ExtractPostRequest<ExtractTokenRequestContext>.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ExtractTokenRequestContext context)
    {
        var http = context.Transaction.GetHttpRequest()!;
        if (!HttpMethods.IsPost(http.Method))
        {
            context.Reject(Errors.InvalidRequest, "The token endpoint accepts POST only.");
            return;
        }

        if (http.ContentLength > MaxBodyBytes)
        {
            context.Reject(Errors.InvalidRequest, "The request body is too large.");
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
            try
            {
                request = new OpenIddictRequest(await http.ReadFormAsync(context.CancellationToken));
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException)
            {
                context.Reject(Errors.InvalidRequest, "The form body is malformed.");
                return;
            }
        }
        else if (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            request = await ReadJsonAsync(context, http);
            if (request is null)
            {
                return;
            }
        }
        else
        {
            context.Reject(Errors.InvalidRequest, "The Content-Type must be application/x-www-form-urlencoded or application/json.");
            return;
        }

        if (RenewEndpoint.IsRenew(context))
        {
            // The renew body names no grant: it can only be a refresh.
            request.GrantType ??= GrantTypes.RefreshToken;
            if (request.GrantType != GrantTypes.RefreshToken)
            {
                context.Reject(Errors.UnsupportedGrantType, $"{RenewEndpoint.Path} only renews a refresh_token.");
                return;
            }
        }

        context.Request = request;
    }

    private static async Task<OpenIddictRequest?> ReadJsonAsync(ExtractTokenRequestContext context, HttpRequest http)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Body, default, context.CancellationToken);
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

            return new OpenIddictRequest(parameters);
        }
        catch (JsonException)
        {
            context.Reject(Errors.InvalidRequest, "The request body is not valid JSON.");
            return null;
        }
    }
}
