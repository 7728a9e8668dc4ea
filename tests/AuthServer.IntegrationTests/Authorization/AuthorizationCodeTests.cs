using System.Net;
using System.Text.Json;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AuthServer.IntegrationTests.Authorization;

/// <summary>Method 3 end to end over HTTP: authorize, approve or deny, exchange, call the API (SPEC §4).</summary>
public sealed class AuthorizationCodeTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    private readonly OAuthFlow _flow = new(factory);

    [Fact]
    public async Task Approve_DeveloperApp_RedirectsWithCodeStateAndIssuer()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge, state: "xyz-1"));

        using var response = await OAuthFlow.PostAsync(browser, page, "approve", participants: page.OfferedParticipants.Take(1));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(OAuthFlow.DemoRedirect + "?", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var query = OAuthFlow.RedirectQuery(response);
        Assert.False(string.IsNullOrEmpty(query["code"]));
        Assert.Equal("xyz-1", query["state"]);
        Assert.Equal("http://localhost/", query["iss"]);
    }

    [Fact]
    public async Task Exchange_ApprovedParticipantAndScopes_TokenCarriesExactlyThose()
    {
        var czech = await _flow.ParticipantIdAsync("CZ12345678");

        var token = await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword,
            scope: "read_participant_info send_documents", participants: [czech.ToString()]);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("read_participant_info send_documents", token.Scope);
        Assert.NotNull(token.RefreshToken);
        var (status, account) = await _flow.GetAccountAsync(token.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([czech.ToString()], account.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(["read_participant_info", "send_documents"], account.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(OAuthFlow.DemoApp, account.GetProperty("clientId").GetString());
    }

    [Fact]
    public async Task Exchange_AccessToken_HasSubjectAccountGrantAndParticipantArray()
    {
        var czech = await _flow.ParticipantIdAsync("CZ12345678");

        var token = await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword, participants: [czech.ToString()]);

        var payload = OAuthFlow.Payload(token.AccessToken!);
        var adminId = await factory.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Email == OAuthFlow.Admin).Id));
        Assert.Equal(adminId, payload.GetProperty("sub").GetString());
        Assert.Equal(JsonValueKind.Array, payload.GetProperty("participant_ids").ValueKind);
        Assert.Equal([czech.ToString()], payload.GetProperty("participant_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.True(payload.TryGetProperty("gid", out _));
        Assert.Equal(OAuthFlow.DemoApp, payload.GetProperty("client_id").GetString());
        Assert.Equal("http://localhost/api", payload.GetProperty("aud").GetString());
    }
}
