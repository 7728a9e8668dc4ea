using System.Text.Json.Nodes;
using AuthServer.Core;
using AuthServer.OAuth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Paths = AuthServer.OAuth.OAuthPaths;

namespace AuthServer.Docs;

/// <summary>
/// What the endpoint metadata cannot say: the document's introduction, the OAuth2 security scheme with both
/// flows at this server's real URLs and the six scopes (SPEC §3), and the OAuth endpoints, which OpenIddict
/// serves outside routing (SPEC §4).
/// </summary>
public sealed class OAuthDocumentTransformer(IHttpContextAccessor http, IOptions<AuthOptions> auth) : IOpenApiDocumentTransformer
{
    public const string SchemeName = "oauth2";
    private const string Tag = "OAuth";
    private const string Form = "application/x-www-form-urlencoded";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        // Absolute URLs, as OAuth clients (and Scalar) need them: the issuer, as tokens name it.
        var issuer = http.HttpContext is { } current ? TokenAudience.IssuerFor(current.Request, auth.Value) : auth.Value.Issuer;
        Uri Url(string path) => issuer is null ? new Uri("/" + path, UriKind.Relative) : new Uri(issuer.AbsoluteUri.TrimEnd('/') + "/" + path);

        document.Info = new OpenApiInfo
        {
            Title = "AuthServer API",
            Version = "v1",
            Description = """
                Participants and documents of a Peppol access point, behind OAuth 2.0 bearer tokens.

                **Try it here:** choose *Authorize* (client credentials), enter your API key's client_id and secret
                (Settings / API Key), pick scopes, get a token, then send any request. Start with `GET /api/account`.

                Errors are `application/problem+json` (RFC 9457) with a `code`. Lists take `?cursor=&limit=` and
                answer `{"items":[…],"nextCursor"}`; pass `nextCursor` back until it is null.
                """,
        };

        var scopes = Scopes.All.ToDictionary(s => s, Scopes.Describe);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Client credentials with the account's API key (method 1), or the authorization code flow " +
                          "(API key or Developer Application, PKCE S256) for a user's consent (methods 2 and 3).",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow { TokenUrl = Url(Paths.Token), RefreshUrl = Url(Paths.Token), Scopes = scopes },
                AuthorizationCode = new OpenApiOAuthFlow
                {
                    AuthorizationUrl = Url(Paths.Authorize),
                    TokenUrl = Url(Paths.Token),
                    RefreshUrl = Url(Paths.Token),
                    Scopes = scopes,
                },
            },
        };

        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = Tag, Description = "Tokens (RFC 6749). Errors here are OAuth error JSON, not problem+json." });
        document.Paths ??= [];
        AddOAuthPaths(document);
        return Task.CompletedTask;
    }

    private static void AddOAuthPaths(OpenApiDocument document)
    {
        var tokenResponse = Object(new()
        {
            ["access_token"] = Text("A JWT (RFC 9068), valid 60 minutes. Send it as Authorization: Bearer."),
            ["token_type"] = Text("Bearer"),
            ["expires_in"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "Seconds: 3600." },
            ["refresh_token"] = Text("Rotates on every use; reusing an old one revokes the whole token family."),
            ["scope"] = Text("The scopes granted, space-separated."),
        }, "access_token", "token_type", "expires_in", "refresh_token", "scope");
        var oauthError = Object(new()
        {
            ["error"] = Text("invalid_request, invalid_client, invalid_grant, invalid_scope, unauthorized_client or unsupported_grant_type."),
            ["error_description"] = Text("What went wrong, in words."),
        }, "error");

        Post(document, Paths.Token, "GetToken", "Get a token",
            "grant_type=client_credentials with the API key (client_secret_basic or client_secret_post); " +
            "authorization_code with code, redirect_uri and code_verifier; refresh_token with client authentication. " +
            "Without scope, the token gets every scope the client may carry except admin. JSON bodies with the same names are accepted too.",
            Form, Object(new()
            {
                ["grant_type"] = Enum("client_credentials", "authorization_code", "refresh_token"),
                ["client_id"] = Text("Your API key's or Developer Application's client_id."),
                ["client_secret"] = Text("Or send client_id and secret as HTTP Basic authentication."),
                ["scope"] = Text("Space-separated: " + string.Join(' ', Scopes.All)),
                ["code"] = Text("authorization_code: the code from the redirect."),
                ["redirect_uri"] = Text("authorization_code: the redirect_uri of the authorization request."),
                ["code_verifier"] = Text("authorization_code: the PKCE verifier (S256)."),
                ["refresh_token"] = Text("refresh_token: the latest refresh token."),
            }, "grant_type"), tokenResponse, oauthError);
        Post(document, Paths.Renew, "RenewToken", "Renew an API-key token without the secret",
            "For tokens of an account's own API key (methods 1 and 2), except families holding admin: send the refresh token alone. " +
            "Developer Applications refresh at the token endpoint.",
            "application/json", Object(new() { ["refresh_token"] = Text("The latest refresh token.") }, "refresh_token"), tokenResponse, oauthError);
        Post(document, Paths.Revoke, "RevokeToken", "Revoke a token (RFC 7009)",
            "Revoking a refresh token revokes its whole family: its refresh and access tokens. Client authentication required.",
            Form, Object(new()
            {
                ["token"] = Text("The token to revoke."),
                ["token_type_hint"] = Enum("refresh_token", "access_token"),
            }, "token"), null, oauthError);
        Post(document, Paths.Introspect, "IntrospectToken", "Introspect a token (RFC 7662)",
            "Answers only about the calling client's own tokens. Client authentication required.",
            Form, Object(new()
            {
                ["token"] = Text("The token to describe."),
                ["token_type_hint"] = Enum("refresh_token", "access_token"),
            }, "token"), Object(new() { ["active"] = new OpenApiSchema { Type = JsonSchemaType.Boolean } }, "active"), oauthError);
    }

    private static void Post(OpenApiDocument document, string path, string id, string summary, string description,
        string contentType, OpenApiSchema request, OpenApiSchema? ok, OpenApiSchema error)
    {
        var responses = new OpenApiResponses
        {
            ["200"] = new OpenApiResponse
            {
                Description = "OK",
                Content = ok is null ? null : new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = ok } },
            },
            ["400"] = Json("RFC 6749 error", error),
            ["401"] = Json("invalid_client: unknown client or wrong secret (the same answer for both)", error),
        };
        document.Paths["/" + path] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Post] = new()
                {
                    OperationId = id,
                    Summary = summary,
                    Description = description,
                    Tags = new HashSet<OpenApiTagReference> { new(Tag, document) },
                    RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() { Schema = request } },
                    },
                    Responses = responses,
                },
            },
        };
    }

    private static OpenApiResponse Json(string description, OpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Enum(params string[] values) =>
        new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };

    private static OpenApiSchema Object(Dictionary<string, IOpenApiSchema> properties, params string[] required) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = properties,
        Required = new HashSet<string>(required),
    };
}
