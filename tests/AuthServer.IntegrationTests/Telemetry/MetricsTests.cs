using System.Net;
using System.Text.RegularExpressions;
using AuthServer.IntegrationTests.Infrastructure;
using AuthServer.IntegrationTests.Lookup;
using Microsoft.EntityFrameworkCore;
using TokenCalls = AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Telemetry;

/// <summary>
/// The Prometheus scrape with OTLP unset: a run of all four methods moves our counters, and no label holds
/// a client id, an account id, an email, an affiliate ID or the caller's IP address.
/// </summary>
[Collection(ProcessWideMetricsCollection.Name)]
public sealed partial class MetricsTests(MetricsHost host) : IClassFixture<MetricsHost>
{
    [Fact]
    public async Task FourMethods_MoveOurCounters_NoLabelIdentifiesClientAccountOrAddress()
    {
        var before = await ScrapeAsync();
        using var client = host.CreateClient();
        var flow = new OAuthFlow(host);

        // Method 1: client credentials, renew, a wrong secret, a revocation.
        var first = await TokenCalls.ClientCredentialsAsync(client, "send_documents");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var renewed = await TokenCalls.RenewAsync(client, first.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, renewed.Status);
        var wrong = await TokenCalls.ClientCredentialsAsync(client, "send_documents", secret: TokenCalls.ApiKeySecret + "x");
        Assert.Equal("invalid_client", wrong.Error);
        var revoked = await TokenCalls.PostFormAsync(client, "/api/auth/revoke", new() { ["token"] = renewed.RefreshToken },
            TokenCalls.Basic(TokenCalls.ApiKeyId, TokenCalls.ApiKeySecret));
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        // Method 2: the API key through the code flow.
        var method2 = await flow.AuthorizeAndExchangeAsync(OAuthFlow.Member, OAuthFlow.MemberPassword, OAuthFlow.DemoApiKey, OAuthFlow.DemoApiKeySecret);
        Assert.Equal(HttpStatusCode.OK, method2.Status);

        // Method 3: a Developer Application, a refresh, then the old refresh token again after the leeway.
        var method3 = await flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, method3.Status);
        Assert.Equal(HttpStatusCode.OK, (await flow.RefreshAsync(method3.RefreshToken!)).Status);
        host.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("invalid_grant", (await flow.RefreshAsync(method3.RefreshToken!)).Error);

        // Method 4: registered, not registered, an unknown ID until the network is refused.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Affiliates.LookupUrl(LookupHost.DemoAffiliateId, "peppolId=0208:0123456789"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Affiliates.LookupUrl(LookupHost.DemoAffiliateId, "peppolId=0208:0000000001"))).StatusCode);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= MetricsHost.FailedLookupsPerMinute; i++)
        {
            statuses.Add((await client.GetAsync(Affiliates.LookupUrl(Guid.NewGuid(), "peppolId=0208:0123456789"))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);

        var after = await ScrapeAsync();
        double Moved(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Assert.True(Moved("authserver_tokens_issued_total", ("grant_type", "client_credentials"), ("client_kind", "api_key")) >= 1);
        Assert.True(Moved("authserver_tokens_issued_total", ("grant_type", "refresh_token"), ("client_kind", "api_key")) >= 1);
        Assert.True(Moved("authserver_tokens_issued_total", ("grant_type", "authorization_code"), ("client_kind", "api_key")) >= 1);
        Assert.True(Moved("authserver_tokens_issued_total", ("grant_type", "authorization_code"), ("client_kind", "developer_app")) >= 1);
        Assert.True(Moved("authserver_tokens_issued_total", ("grant_type", "refresh_token"), ("client_kind", "developer_app")) >= 1);
        Assert.True(Moved("authserver_token_errors_total", ("error", "invalid_client")) >= 1);
        Assert.True(Moved("authserver_token_errors_total", ("error", "invalid_grant")) >= 1);
        Assert.True(Moved("authserver_token_reuse_detected_total", ("token_type", "refresh_token")) >= 1);
        Assert.True(Moved("authserver_revocations_total", ("kind", "family")) >= 2);
        Assert.True(Moved("authserver_lookups_total", ("outcome", "Registered")) >= 1);
        Assert.True(Moved("authserver_lookups_total", ("outcome", "NotRegistered")) >= 1);
        Assert.True(Moved("authserver_lookups_total", ("outcome", "AffiliateIdUnknown")) >= MetricsHost.FailedLookupsPerMinute);
        Assert.True(Moved("authserver_lookups_total", ("outcome", "RateLimited")) >= 1);
        Assert.True(Moved("authserver_rate_limit_refusals_total", ("endpoint", "lookup")) >= 1);
        Assert.Contains(after, s => s.Name == "authserver_audit_queue_length");
        Assert.Contains(after, s => s.Name == "authserver_audit_dropped_total");
        // The framework's meters are exported beside ours, the OAuth endpoints OpenIddict answers under their own routes.
        Assert.True(Moved("http_server_request_duration_seconds_count", ("http_route", "/api/auth/token"), ("http_response_status_code", "200")) >= 1);
        Assert.True(Moved("http_server_request_duration_seconds_count", ("http_route", "/api/auth/renew")) >= 1);
        Assert.True(Moved("http_server_request_duration_seconds_count", ("http_route", "/api/auth/revoke")) >= 1);

        await AssertNoIdentifyingLabelsAsync(after);
    }

    /// <summary>
    /// Another server in the same process (as test hosts are) has its own "AuthServer" meter; disposing it
    /// must not retire this server's series (OpenTelemetry merges same-named instruments into one stream).
    /// </summary>
    [Fact]
    public async Task AnotherHostInTheProcess_Disposed_OurCountersKeepCounting()
    {
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await TokenCalls.ClientCredentialsAsync(client, "send_documents")).Status);
        await using (var other = new TelemetryHost())
        {
            using var otherClient = other.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await TokenCalls.ClientCredentialsAsync(otherClient, "send_documents")).Status);
        }

        var before = await ScrapeAsync();
        Assert.Equal(HttpStatusCode.OK, (await TokenCalls.ClientCredentialsAsync(client, "send_documents")).Status);
        var after = await ScrapeAsync();

        var series = ("grant_type", "client_credentials");
        Assert.True(after.Value("authserver_tokens_issued_total", series) - before.Value("authserver_tokens_issued_total", series) >= 1);
    }

    [Fact]
    public async Task Scrape_IsPrometheusText()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE authserver_audit_queue_length gauge", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync()
    {
        using var client = host.CreateClient();
        return PrometheusScrape.Parse(await client.GetStringAsync("/metrics"));
    }

    /// <summary>
    /// Every label value of every series (ours and the framework's) against what identifies a caller: the
    /// demo clients' ids, every account, participant and affiliate ID, every email, the caller's address; and
    /// anything shaped like an id or an email.
    /// </summary>
    private async Task AssertNoIdentifyingLabelsAsync(IReadOnlyList<PrometheusSample> samples)
    {
        var identifying = await host.WithDbAsync(async db =>
        {
            var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { TelemetryHost.ClientIp, "203.0.113.0/24" };
            values.UnionWith(await db.Clients.Select(c => c.ClientId!).ToListAsync());
            values.UnionWith((await db.Accounts.Select(a => a.Id).ToListAsync()).Select(id => id.ToString()));
            values.UnionWith((await db.Participants.Select(p => p.Id).ToListAsync()).Select(id => id.ToString()));
            values.UnionWith((await db.AffiliateIds.Select(a => a.Id).ToListAsync()).Select(id => id.ToString()));
            values.UnionWith(await db.Users.Select(u => u.Email!).ToListAsync());
            return values;
        });
        Assert.Contains(OAuthFlow.DemoApp, identifying);

        var labels = samples.SelectMany(s => s.Labels.Select(l => (Series: s.Name, l.Key, l.Value))).ToList();
        Assert.NotEmpty(labels);
        Assert.All(labels, label =>
        {
            Assert.False(identifying.Contains(label.Value), $"{label.Series}{{{label.Key}=\"{label.Value}\"}} identifies a caller");
            // The one id allowed: the resource's own, a random id of this server process (OpenTelemetry's service.instance.id).
            Assert.False(IdLike().IsMatch(label.Value) && label is not ("target_info", "service_instance_id", _),
                $"{label.Series}{{{label.Key}=\"{label.Value}\"}} looks like an id");
            Assert.DoesNotContain("@", label.Value, StringComparison.Ordinal);
            Assert.DoesNotContain(TelemetryHost.ClientIp, label.Value, StringComparison.Ordinal);
        });
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex IdLike();
}
