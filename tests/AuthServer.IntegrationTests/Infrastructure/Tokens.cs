using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>The demo credentials and the token calls an integrator makes (seed 004).</summary>
public static class Tokens
{
    public const string ApiKeyId = "demo-api-key";
    public const string ApiKeySecret = "sk_demo_api_key_secret_change_me_0000000000000";
    public const string IntegratorKeyId = "integrator-api-key";
    public const string IntegratorKeySecret = "sk_demo_integrator_secret_change_me_00000000000";
    public const string DeveloperAppId = "demo-developer-app";
    public const string DeveloperAppSecret = "sk_demo_developer_app_secret_change_me_0000000";

    public sealed record TokenResponse(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)
    {
        public string AccessToken => Json.GetProperty("access_token").GetString()!;
        public string RefreshToken => Json.GetProperty("refresh_token").GetString()!;
        public string? Error => Json.TryGetProperty("error", out var e) ? e.GetString() : null;
    }

    public static Task<TokenResponse> ClientCredentialsAsync(HttpClient client, string? scope = null, string clientId = ApiKeyId, string secret = ApiKeySecret) =>
        PostFormAsync(client, "/api/auth/token", new()
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        });

    public static Task<TokenResponse> RenewAsync(HttpClient client, string refreshToken) =>
        PostJsonAsync(client, "/api/auth/renew", new { refresh_token = refreshToken });

    public static Task<TokenResponse> RefreshAsync(HttpClient client, string refreshToken, string clientId = ApiKeyId, string secret = ApiKeySecret) =>
        PostFormAsync(client, "/api/auth/token", new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        });

    public static async Task<TokenResponse> PostFormAsync(HttpClient client, string path, Dictionary<string, string?> fields, AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => KeyValuePair.Create(f.Key, f.Value!))),
        };
        request.Headers.Authorization = authorization;
        return await SendAsync(client, request);
    }

    public static async Task<TokenResponse> PostJsonAsync(HttpClient client, string path, object body) =>
        await SendAsync(client, new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) });

    public static async Task<TokenResponse> PostRawAsync(HttpClient client, string path, string body, string contentType) =>
        await SendAsync(client, new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) });

    public static AuthenticationHeaderValue Basic(string clientId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));

    private static async Task<TokenResponse> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
            return new TokenResponse(response.StatusCode, json, response);
        }
    }

    /// <summary>GET with a bearer token.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> GetAsync(HttpClient client, string path, string? accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    /// <summary>The decoded JOSE header and payload of a JWT (no validation: for assertions only).</summary>
    public static (JsonElement Header, JsonElement Payload) Decode(string jwt)
    {
        var parts = jwt.Split('.');
        static JsonElement Part(string s) => JsonDocument.Parse(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(s)).RootElement.Clone();
        return (Part(parts[0]), Part(parts[1]));
    }
}
