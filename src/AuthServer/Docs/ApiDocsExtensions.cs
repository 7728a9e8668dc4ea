using AuthServer.Core;
using AuthServer.Demo;
using Scalar.AspNetCore;

namespace AuthServer.Docs;

/// <summary>
/// The OpenAPI document of every <c>/api</c> endpoint (SPEC §6) at <c>/openapi/v1.json</c>, and Scalar's
/// interactive reference at <c>/docs</c>, where a developer gets a token with the API key (client
/// credentials) and tries calls. Scalar's JavaScript is served from this server, not a CDN.
/// </summary>
public static class ApiDocsExtensions
{
    public const string DocumentName = "v1";
    public const string DocsPath = "/docs";

    public static WebApplicationBuilder AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            // Pages, health checks and the docs themselves are not part of the API.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer<OAuthDocumentTransformer>();
            options.AddOperationTransformer<ScopeOperationTransformer>();
            options.AddSchemaTransformer<ProblemCodeSchemaTransformer>();
        });
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        var demo = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var demoEnabled = demo.Enabled ?? app.Environment.IsDevelopment();
        app.MapScalarApiReference(DocsPath, options =>
        {
            options.WithTitle("AuthServer API")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()
                .AddPreferredSecuritySchemes(OAuthDocumentTransformer.SchemeName)
                .AddClientCredentialsFlow(OAuthDocumentTransformer.SchemeName, flow =>
                {
                    flow.SelectedScopes = [.. Scopes.DefaultFrom(Scopes.All)];
                    // The demo API key's secret is public (README); prefilling it makes the demo a two-click try.
                    if (demoEnabled)
                    {
                        flow.ClientId = demo.ApiKey.ClientId;
                        flow.ClientSecret = demo.ApiKey.ClientSecret;
                    }
                });
        });
        return app;
    }
}
