namespace AuthServer.Api;

/// <summary>Endpoint metadata for the OpenAPI document: the scopes of which a token needs any (<c>admin</c> always counts); none: any valid token.</summary>
public sealed record RequiredScopes(IReadOnlyList<string> AnyOf);
