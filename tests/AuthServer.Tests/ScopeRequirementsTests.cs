using System.Security.Claims;
using AuthServer.Api;
using AuthServer.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Tests;

/// <summary>Scope requirements are built where an endpoint is mapped: no list of policies to keep in step.</summary>
public sealed class ScopeRequirementsTests
{
    private static WebApplication App()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        return builder.Build();
    }

    private static ClaimsPrincipal Token(params string[] scopes) =>
        new(new ClaimsIdentity(scopes.Select(s => new Claim("scope", s)), AccessTokenAuthenticationHandler.SchemeName));

    [Fact]
    public async Task RequireScope_ACombinationNoEndpointUses_OpensForAnyOfItsScopesOrAdminOnly()
    {
        await using var app = App();
        app.MapGet("/probe", () => "ok").RequireScope(Scopes.ReadParticipantInfo, Scopes.ReceiveAllDocuments);
        var endpoint = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).Single();
        var policy = endpoint.Metadata.GetRequiredMetadata<AuthorizationPolicy>();
        var authorization = app.Services.GetRequiredService<IAuthorizationService>();

        Assert.Equal([AccessTokenAuthenticationHandler.SchemeName], policy.AuthenticationSchemes);
        Assert.Equal([Scopes.ReadParticipantInfo, Scopes.ReceiveAllDocuments], endpoint.Metadata.GetRequiredMetadata<RequiredScopes>().AnyOf);
        Assert.True((await authorization.AuthorizeAsync(Token(Scopes.ReceiveAllDocuments), policy)).Succeeded);
        Assert.True((await authorization.AuthorizeAsync(Token(Scopes.SendDocuments, Scopes.ReadParticipantInfo), policy)).Succeeded);
        Assert.True((await authorization.AuthorizeAsync(Token(Scopes.Admin), policy)).Succeeded);
        Assert.False((await authorization.AuthorizeAsync(Token(Scopes.SendDocuments, Scopes.ReceiveDocuments), policy)).Succeeded);
        Assert.False((await authorization.AuthorizeAsync(new ClaimsPrincipal(new ClaimsIdentity()), policy)).Succeeded);
    }

    [Fact]
    public async Task RequireScope_None_AnyValidToken()
    {
        await using var app = App();
        app.MapGet("/probe", () => "ok").RequireScope();
        var policy = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).Single().Metadata.GetRequiredMetadata<AuthorizationPolicy>();
        var authorization = app.Services.GetRequiredService<IAuthorizationService>();

        Assert.True((await authorization.AuthorizeAsync(Token(), policy)).Succeeded);
        Assert.False((await authorization.AuthorizeAsync(new ClaimsPrincipal(new ClaimsIdentity()), policy)).Succeeded);
    }

    [Theory]
    [InlineData("send_document")]
    [InlineData("Admin")]
    [InlineData("")]
    public async Task RequireScope_UnknownScope_FailsWhenMappedNotAtTheFirstRequest(string scope)
    {
        await using var app = App();

        var error = Assert.Throws<ArgumentException>(() => app.MapGet("/probe", () => "ok").RequireScope(Scopes.SendDocuments, scope));

        Assert.Contains($"\"{scope}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequireScope_ScopeNamedTwice_FailsWhenMapped()
    {
        await using var app = App();

        Assert.Throws<ArgumentException>(() => app.MapGet("/probe", () => "ok").RequireScope(Scopes.Admin, Scopes.Admin));
    }
}
