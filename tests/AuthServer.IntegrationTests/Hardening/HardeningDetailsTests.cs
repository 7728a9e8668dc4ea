using System.Net;
using System.Net.Http.Headers;
using AuthServer.Core.Audit;
using AuthServer.IntegrationTests.Infrastructure;
using AuthServer.IntegrationTests.Lookup;
using Microsoft.EntityFrameworkCore;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>Issue 11 item 11 and the rest of item 12: the smaller holes, one test each.</summary>
public sealed class HardeningDetailsTests(LookupHost factory) : IClassFixture<LookupHost>
{
    private readonly OAuthFlow _flow = new(factory);

    [Theory]
    [InlineData("http://localhost:9999/callback", HttpStatusCode.OK)]
    [InlineData("http://localhost:8080/callback/../callback", HttpStatusCode.BadRequest)]
    [InlineData("http://localhost:8080/%63allback", HttpStatusCode.BadRequest)]
    [InlineData("http://localhost:8080/callback?x=1", HttpStatusCode.BadRequest)]
    public async Task LoopbackRedirectUri_OnlyThePortMayDiffer(string redirectUri, HttpStatusCode expected)
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        using var response = await browser.GetAsync(OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge, redirectUri: redirectUri));

        Assert.Equal(expected, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task TokenBody_ChunkedOverTheCap_RefusedWhileReading()
    {
        using var client = factory.CreateClient();
        var body = "grant_type=client_credentials&client_id=demo-api-key&padding=" + new string('p', 20_000);
        using var content = new StreamContent(new NonSeekable(System.Text.Encoding.ASCII.GetBytes(body)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        Assert.False(content.Headers.ContentLength.HasValue);

        using var response = await client.PostAsync("/api/auth/token", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("larger than 16384 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/Identity/Account/Login", true)]
    [InlineData("/no/such/page", true)]
    [InlineData("/api/auth/authorize", false)]
    public async Task HtmlPages_ContentSecurityPolicy(string path, bool formActionSelf)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        // Browsers apply form-action to the redirect after consent: left out at the authorization endpoint.
        Assert.Equal(formActionSelf, csp.Contains("form-action 'self'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lookup_IdWithOrigins_VaryOrigin_WithAndWithoutOrigin()
    {
        var affiliate = await Affiliates.CreateAsync(factory, allowedOrigins: "https://shop.example");
        using var client = factory.CreateClient();

        using var plain = await client.GetAsync(Affiliates.LookupUrl(affiliate, "peppolId=0208:0123456789"));
        using var request = new HttpRequestMessage(HttpMethod.Get, Affiliates.LookupUrl(affiliate, "peppolId=0208:0123456789"));
        request.Headers.Add("Origin", "https://elsewhere.example");
        using var other = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Contains("Origin", plain.Headers.Vary);
        Assert.Contains("Origin", other.Headers.Vary);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("%203f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f")]
    [InlineData("3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f%20")]
    [InlineData("%7B3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f%7D")]
    public async Task Lookup_AffiliateIdNotCanonical_401Invalid(string affiliateId)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/api/lookup?affiliateId={affiliateId}&peppolId=0208:0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("AffiliateIdInvalid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_OnlyClientAuthenticationMethodsClientsCanUse()
    {
        using var client = factory.CreateClient();

        var metadata = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/.well-known/oauth-authorization-server")).RootElement;

        string[] Methods(string name) => [.. metadata.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)];
        Assert.Equal(["client_secret_basic", "client_secret_post", "none"], Methods("token_endpoint_auth_methods_supported"));
        Assert.Equal(["client_secret_basic", "client_secret_post"], Methods("revocation_endpoint_auth_methods_supported"));
        Assert.Equal(["client_secret_basic", "client_secret_post"], Methods("introspection_endpoint_auth_methods_supported"));
    }

    [Fact]
    public async Task Revoke_AnotherClientsToken_RefusedWithErrorAndTokenKeepsWorking()
    {
        using var client = factory.CreateClient();
        var integrator = await ClientCredentialsAsync(client, clientId: IntegratorKeyId, secret: IntegratorKeySecret);

        var response = await PostFormAsync(client, "/api/auth/revoke", new()
        {
            ["token"] = integrator.RefreshToken,
            ["client_id"] = ApiKeyId,
            ["client_secret"] = ApiKeySecret,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("unauthorized_client", response.Error);
        Assert.Equal(HttpStatusCode.OK, (await RenewAsync(client, integrator.RefreshToken)).Status);
    }

    [Fact]
    public async Task Processed_Repeated_AnswersTheDocumentBothTimes()
    {
        using var client = factory.CreateClient();
        var integrator = await ClientCredentialsAsync(client, "send_documents read_participant_info", IntegratorKeyId, IntegratorKeySecret);
        // The integrator's verified participant (its demo data also holds one awaiting verification, which cannot send).
        var sender = (await GetAsync(client, "/api/participants", integrator.AccessToken)).Json.GetProperty("items").EnumerateArray()
            .First(p => p.GetProperty("status").GetString() == "verified").GetProperty("id").GetString();
        var sent = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/documents")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", integrator.AccessToken) },
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                senderParticipantId = sender, receiverPeppolId = "0208:0123456789", type = "invoice", number = "INV-" + Guid.NewGuid().ToString("N")[..8],
                body = "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>",
            }),
        });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var receiver = await ClientCredentialsAsync(client, "receive_documents");
        var incoming = (await GetAsync(client, "/api/documents/incoming", receiver.AccessToken)).Json.GetProperty("items");
        var id = incoming[incoming.GetArrayLength() - 1].GetProperty("id").GetString();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/documents/{id}/processed");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", receiver.AccessToken);
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
            Assert.Contains("\"status\":\"processed\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task ConcurrentReuseOfOneRefreshToken_OneReuseDetectedEvent()
    {
        using var client = factory.CreateClient();
        var first = await ClientCredentialsAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await RenewAsync(client, first.RefreshToken)).Status);
        factory.Time.Advance(TimeSpan.FromSeconds(6));

        var replays = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => RenewAsync(client, first.RefreshToken))));

        Assert.All(replays, r => Assert.Equal("invalid_grant", r.Error));
        var family = Decode(first.AccessToken).Payload.GetProperty("fam").GetString();
        var events = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "refresh.reuse_detected" && e.Target == "family:" + family));
        Assert.Equal(1, events);
    }

    /// <summary>Issue 11 item 7: a batch the database refused is written once it is back, not dropped.</summary>
    [Fact]
    public async Task AuditBatch_RefusedWhileDatabaseDown_WrittenWhenItIsBack()
    {
        await using var own = new AuthServerFactory();
        using var client = own.CreateClient();
        var marker = await ClientCredentialsAsync(client, "read_participant_info"); // warms the client and secret caches
        Assert.Equal(HttpStatusCode.OK, marker.Status);

        using (own.MakeDatabaseUnreachable())
        {
            // Client and secret are cached: tokens are issued while their audit events cannot be written.
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(client, "receive_all_documents")).Status);
            }

            await Task.Delay(TimeSpan.FromSeconds(2.5)); // the writer's batch fails at least once
        }

        var written = 0;
        for (var waited = 0; waited < 40 && written < 5; waited++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var details = await own.WithDbAsync(db => db.AuditEvents
                .Where(e => e.Action == "token.issued" && e.Detail!.StartsWith("scope: receive_all_documents")).Select(e => e.Detail!).ToListAsync());
            written = details.Sum(d => d.Contains("; count: ", StringComparison.Ordinal)
                ? int.Parse(d.Split("; count: ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) : 1);
        }

        Assert.Equal(5, written);
    }

    private sealed class NonSeekable(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
