using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Api;

/// <summary>Endpoint conventions shared by the API's features, so each endpoint declares them in one line.</summary>
public static class ApiEndpointConventions
{
    /// <summary>A group of the bearer API: tokens are checked by each endpoint's policy, never through cookies.</summary>
    public static RouteGroupBuilder BearerApi(this RouteGroupBuilder group) => group.WithMetadata(NoAuthenticationMiddleware.Instance);

    /// <summary>
    /// Declares, for the OpenAPI document, problem+json answers that a middleware in front of the endpoint gives
    /// (its handler's own answers come from its <c>Results&lt;…&gt;</c> signature).
    /// </summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ProblemDetails>(status, ApiProblems.ContentType);
        }

        return builder;
    }

    /// <summary>
    /// An endpoint that reads a JSON body through <see cref="JsonBody"/>: declares the body for OpenAPI and
    /// sets the server's body limit to <see cref="ApiOptions.MaxBodyBytes"/>. Its problems are the handler's
    /// <see cref="JsonBodyProblem"/>.
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<TBody>(this RouteHandlerBuilder builder, IEndpointRouteBuilder endpoints) where TBody : notnull =>
        builder.Accepts<TBody>("application/json")
            .WithMetadata(new MaxBodySize(endpoints.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes));
}
