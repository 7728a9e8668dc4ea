using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace AuthServer.Documents;

/// <summary><c>GET /api/documents/{id}</c>: the document as lists show it, with its body.</summary>
public sealed record DocumentDetailResponse : DocumentResponse
{
    [SetsRequiredMembers]
    public DocumentDetailResponse(DocumentResponse document, string body)
        : base(document) => Body = body;

    /// <summary>Written after the members every document has (a derived type's own members would come first).</summary>
    [JsonPropertyOrder(1)]
    public required string Body { get; init; }
}
