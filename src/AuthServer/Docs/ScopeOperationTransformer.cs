using AuthServer.Api;
using AuthServer.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AuthServer.Docs;

/// <summary>
/// Each operation's security requirement, from the same <see cref="RequiredScopes"/> metadata that its
/// authorization policy was built from: one alternative per scope that opens it (OpenAPI lists
/// alternatives as separate requirements), <c>admin</c> included; and its 401 and 403 problems.
/// </summary>
public sealed class ScopeOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var required = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredScopes>().LastOrDefault();
        if (required is null)
        {
            return Task.CompletedTask;
        }

        var alternatives = required.AnyOf.Count == 0 ? [[]] : required.AnyOf.Append(Scopes.Admin).Distinct().Select(s => new List<string> { s }).ToList();
        operation.Security = [.. alternatives.Select(scopes => new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(OAuthDocumentTransformer.SchemeName, context.Document)] = scopes,
        })];

        var scopeText = required.AnyOf.Count == 0 ? "any valid access token" : "any of " + string.Join(", ", required.AnyOf) + " (admin implies every scope)";
        operation.Description = (operation.Description is null ? "" : operation.Description + "\n\n") + "Token: " + scopeText + ".";

        operation.Responses ??= [];
        operation.Responses.TryAdd("401", Problem(context.Document, "InvalidAccessToken, AccessTokenExpired, AccessTokenRevoked or AccountSuspended, with WWW-Authenticate: Bearer."));
        if (required.AnyOf.Count > 0)
        {
            operation.Responses.TryAdd("403", Problem(context.Document, "InsufficientScope: the token has none of the scopes above."));
        }

        return Task.CompletedTask;
    }

    private static OpenApiResponse Problem(OpenApiDocument? document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ApiProblems.ContentType] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), document) },
        },
    };
}
