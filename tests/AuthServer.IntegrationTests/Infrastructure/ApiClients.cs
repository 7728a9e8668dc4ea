using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Core.Accounts;
using AuthServer.Core.Clients;
using AuthServer.Core.Keys;
using AuthServer.Core.Tokens;
using AuthServer.Hosting;
using AuthServer.OAuth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>Bearer-token clients of the documents and participants API, and its answers.</summary>
public static class ApiClients
{
    public const string DemoAccount = "Demo Company";
    public const string DemoApiKey = "demo-api-key";
    public const string DemoApiKeySecret = "sk_demo_api_key_secret_change_me_0000000000000";
    public const string IntegratorAccount = "Integrator Ltd";
    public const string IntegratorApiKey = "integrator-api-key";
    public const string IntegratorApiKeySecret = "sk_demo_integrator_secret_change_me_00000000000";
    public const string DeveloperApp = "demo-developer-app";

    /// <summary>Demo Company's participants and Integrator Ltd's (appsettings.json, Demo section).</summary>
    public const string DemoBvPeppolId = "0208:0123456789";
    public const string DemoCzPeppolId = "9929:CZ12345678";
    public const string IntegratorPeppolId = "0106:12345678";

    /// <summary>Method 1: a client_credentials token of an account's API key, through the real token endpoint.</summary>
    public static async Task<string> ApiKeyTokenAsync(AuthServerFactory factory, string scope,
        string clientId = DemoApiKey, string secret = DemoApiKeySecret)
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/api/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token request for '{scope}' failed: {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// A token of the demo Developer Application (<c>demo-developer-app</c>, owned by Integrator Ltd) acting
    /// for <paramref name="accountName"/>, obtained the way a customer gives one: the account's Admin logs
    /// in, approves exactly <paramref name="participantIds"/> and <paramref name="scopes"/> on the consent
    /// screen, and the code is exchanged with the app's secret and PKCE verifier.
    /// </summary>
    public static async Task<string> DeveloperAppTokenAsync(AuthServerFactory factory, string accountName,
        IReadOnlyCollection<Guid> participantIds, params string[] scopes)
    {
        var (email, password) = accountName switch
        {
            "Demo Company" => (OAuthFlow.Admin, OAuthFlow.AdminPassword),
            "Integrator Ltd" => (OAuthFlow.Integrator, OAuthFlow.IntegratorPassword),
            _ => throw new ArgumentOutOfRangeException(nameof(accountName), accountName, "no demo Admin for this account"),
        };
        var token = await new OAuthFlow(factory).AuthorizeAndExchangeAsync(email, password, scope: string.Join(' ', scopes),
            participants: participantIds.Select(id => id.ToString()));
        Assert.True(token.AccessToken is not null, $"code flow failed: {token.Error} {token.ErrorDescription}");
        return token.AccessToken!;
    }

    public static HttpClient Client(AuthServerFactory factory, string accessToken)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public static Task<Guid> ParticipantIdAsync(AuthServerFactory factory, string peppolId) =>
        factory.WithDbAsync(db => db.Participants.Where(p => p.PeppolIdKey == AuthServer.Core.Participants.IdentifierKey.Normalize(peppolId)).Select(p => p.Id).SingleAsync());

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>SPEC §5: problem+json with the status and the code, and a detail in words.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await BodyAsync(response);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(ApiProblems.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
        return body;
    }

    /// <summary>A minimal UBL invoice (or credit note): well-formed, with the right root and namespace.</summary>
    public static string Ubl(string root = "Invoice", string id = "INV-1") =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><{root} xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:{root}-2\" " +
        $"xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\"><cbc:ID>{id}</cbc:ID></{root}>";

    public static string SendJson(Guid sender, string receiverPeppolId, string number, string type = "invoice", string? body = null) =>
        JsonSerializer.Serialize(new
        {
            senderParticipantId = sender,
            receiverPeppolId,
            type,
            number,
            body = body ?? Ubl(type == "credit-note" ? "CreditNote" : "Invoice", number),
        });

    /// <summary>POST /api/documents; asserts 201 and returns the document.</summary>
    public static async Task<JsonElement> SendAsync(HttpClient client, Guid sender, string receiverPeppolId, string number, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/documents") { Content = Json(SendJson(sender, receiverPeppolId, number)) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request);
        var body = await BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"send failed: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>Every item of a document list, following nextCursor to the end.</summary>
    public static async Task<List<JsonElement>> ListAllAsync(HttpClient client, string path, int limit = 200)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            using var response = await client.GetAsync($"{path}?limit={limit}" + (cursor is null ? "" : "&cursor=" + cursor));
            var body = await BodyAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
            items.AddRange(body.GetProperty("items").EnumerateArray());
            cursor = body.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return items;
    }

    public static IEnumerable<string> Ids(IEnumerable<JsonElement> items) => items.Select(i => i.GetProperty("id").GetString()!);
}
