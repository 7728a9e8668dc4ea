using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AuthServer.Docs;

/// <summary>
/// The API's problems are the framework's <see cref="ProblemDetails"/> plus our <c>code</c> member
/// (<see cref="ApiProblems.CodeMember"/>), which clients switch on (SPEC §5): the schema says so.
/// </summary>
public sealed class ProblemCodeSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type.IsAssignableTo(typeof(ProblemDetails)))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties[ApiProblems.CodeMember] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "What went wrong, for clients to switch on: e.g. InvalidAccessToken, NotFound, ValidationFailed, RateLimited.",
            };
            schema.Required ??= new HashSet<string>();
            schema.Required.Add(ApiProblems.CodeMember);
        }

        return Task.CompletedTask;
    }
}
