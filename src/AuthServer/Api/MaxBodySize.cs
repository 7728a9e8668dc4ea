using Microsoft.AspNetCore.Http.Metadata;

namespace AuthServer.Api;

/// <summary>
/// Endpoint metadata that sets the server's request body limit (Kestrel's <c>MaxRequestBodySize</c>) to
/// <see cref="ApiOptions.MaxBodyBytes"/>, so a body without Content-Length is cut off there as well.
/// </summary>
public sealed record MaxBodySize(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
