using System.Buffers;
using System.Text.Json;

namespace AuthServer.Api;

/// <summary>
/// Reads an API request's JSON body. Endpoints read bodies through this instead of minimal-API body binding
/// so that every failure is one of our problems (SPEC §5) in every environment: the framework's binder
/// answers a bare 400 in Production and throws in Development, and cannot name the member at fault.
/// Endpoints declare the body for OpenAPI with <c>.AcceptsJson&lt;T&gt;()</c>, and its problems with <see cref="JsonBodyProblem"/> in their signature.
/// </summary>
public static class JsonBody
{
    /// <returns>The body, or the problem to answer: 415 not JSON, 413 over <see cref="ApiOptions.MaxBodyBytes"/>, 400 malformed.</returns>
    public static async Task<(T? Value, JsonBodyProblem? Problem)> ReadAsync<T>(HttpContext context) where T : class
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return (null, new JsonBodyProblem(StatusCodes.Status415UnsupportedMediaType, ApiProblems.Codes.UnsupportedMediaType,
                "Unsupported media type", "Send the request body as application/json."));
        }

        var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            // Chunked bodies have no Content-Length: count while reading, and stop one byte past the limit.
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(16 * 1024), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return (null, TooLarge(limit));
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit (set from the same option by MaxBodySize) fired first.
            return (null, TooLarge(limit));
        }

        if (buffer.WrittenCount == 0)
        {
            return (null, Malformed("The request body is empty: send a JSON object.", null));
        }

        var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.WrittenSpan, options);
            return value is null ? (null, Malformed("The request body must be a JSON object, not null.", null)) : (value, null);
        }
        catch (JsonException e)
        {
            // Broken syntax comes wrapped around the reader's own JsonException; a member of the wrong type
            // does not, and its Path is "$.member".
            var member = e.InnerException is not JsonException && e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
                ? path[2..]
                : null;
            var where = $"line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}";
            return (null, member is null
                ? Malformed($"The request body is not valid JSON ({where}).", null)
                : Malformed($"The request body is not valid JSON for this endpoint: {member} has the wrong type ({where}).", member));
        }
    }

    private static JsonBodyProblem TooLarge(long limit) => new(StatusCodes.Status413PayloadTooLarge, ApiProblems.Codes.PayloadTooLarge,
        "Payload too large", $"The request body is larger than the limit of {limit} bytes.");

    private static JsonBodyProblem Malformed(string detail, string? member) => new(StatusCodes.Status400BadRequest,
        ApiProblems.Codes.MalformedJson, "Malformed JSON", detail,
        member is null ? null : new Dictionary<string, string[]> { [member] = ["Has the wrong JSON type."] });
}
