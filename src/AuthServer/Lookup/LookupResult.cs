using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using AuthServer.Api;
using Microsoft.AspNetCore.Http.Metadata;

namespace AuthServer.Lookup;

/// <summary>
/// What <c>GET /api/lookup</c> answers, typed so the OpenAPI document reads it from the handler's signature:
/// 200 with a <see cref="LookupResponse"/>, or 400 <see cref="LookupEndpoint.InvalidQueryCode"/>. One result
/// rather than <c>Results&lt;Ok&lt;LookupResponse&gt;, BadRequestProblem&gt;</c>, which wraps the answer in a
/// second object on every lookup, the busiest public path; "not registered" is one shared instance.
/// </summary>
public sealed class LookupResult : IResult, IStatusCodeHttpResult, IValueHttpResult, IEndpointMetadataProvider
{
    public static readonly LookupResult NotRegistered = new(LookupResponse.NotRegistered);

    private readonly LookupResponse? _response;
    private readonly BadRequestProblem? _problem;

    public LookupResult(LookupResponse response) => _response = response;

    private LookupResult(BadRequestProblem problem) => _problem = problem;

    public int? StatusCode => _problem is null ? StatusCodes.Status200OK : _problem.StatusCode;

    public object? Value => _problem is null ? _response : _problem.Value;

    public static LookupResult Invalid(string detail) => new(new BadRequestProblem(LookupEndpoint.InvalidQueryCode, "Invalid lookup", detail));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (_problem is not null)
        {
            return _problem.ExecuteAsync(httpContext);
        }

        // As Ok<T> writes it: the API's JSON options, application/json.
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        var json = httpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        return httpContext.Response.WriteAsJsonAsync(_response!, (JsonTypeInfo<LookupResponse>)json.GetTypeInfo(typeof(LookupResponse)),
            contentType: null, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(LookupResponse), ["application/json"]));
        BadRequestProblem.PopulateMetadata(method, builder);
    }
}
