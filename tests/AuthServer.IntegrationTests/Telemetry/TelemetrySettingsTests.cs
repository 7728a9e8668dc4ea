using System.Diagnostics;
using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AuthServer.IntegrationTests.Telemetry;

/// <summary>Where metrics and traces go, per setting: nowhere by default, a scrape on its own port, OTLP traces without secrets.</summary>
public sealed class TelemetrySettingsTests
{
    [Fact]
    public async Task Default_NoPipelineAndNoScrape()
    {
        await using var host = new TelemetryHost();
        using var client = host.CreateClient();

        using var scrape = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task ScrapeOnItsOwnPort_AnsweredThereOnly()
    {
        var port = ServerProcess.FreePort();
        await using var host = new TelemetryHost(("Telemetry:Prometheus:Enabled", "true"),
            ("Telemetry:Prometheus:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Telemetry:Prometheus:Path", "/internal/metrics"));
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await Infrastructure.Tokens.ClientCredentialsAsync(client, "send_documents")).Status);

        using var scraper = new HttpClient();
        var text = await scraper.GetStringAsync($"http://localhost:{port}/internal/metrics");

        Assert.True(PrometheusScrape.Parse(text).Value("authserver_tokens_issued_total", ("grant_type", "client_credentials")) >= 1, text);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/internal/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Theory]
    [InlineData("Telemetry:Prometheus:Path", "metrics")]
    [InlineData("Telemetry:Prometheus:Port", "0")]
    [InlineData("Telemetry:Prometheus:Host", "")]
    public async Task InvalidScrapeSettings_StopTheStart(string key, string value)
    {
        await using var host = new TelemetryHost(("Telemetry:Prometheus:Enabled", "true"), (key, value));

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(error.GetBaseException());
    }

    [Fact]
    public async Task Otlp_RequestSpans_CarryRouteTemplatesNotSecretsFromPathOrQuery()
    {
        var spans = new List<Activity>();
        await using var host = new TracingHost(spans, ServerProcess.FreePort());
        using var client = host.CreateClient();
        const string invitationToken = "secret-invitation-token-abcdefghijklmnopqrstuvwxyz0";

        await client.GetAsync("/invitations/" + invitationToken);
        await client.GetAsync("/api/lookup?affiliateId=3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f&peppolId=0208:0123456789");

        Activity[] requests;
        lock (spans)
        {
            requests = [.. spans.Where(s => s.Kind == ActivityKind.Server)];
        }

        var invitation = Assert.Single(requests, s => s.DisplayName.Contains("invitations", StringComparison.Ordinal));
        Assert.Equal("/invitations/{token}", invitation.GetTagItem("url.path"));
        var lookup = Assert.Single(requests, s => (s.GetTagItem("url.path") as string) == "/api/lookup");
        Assert.DoesNotContain("3f2b8c1e", lookup.GetTagItem("url.query") as string ?? "", StringComparison.Ordinal);
        Assert.All(requests.SelectMany(s => s.TagObjects), tag =>
        {
            Assert.DoesNotContain(invitationToken, tag.Value?.ToString() ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain("3f2b8c1e-7d4a", tag.Value?.ToString() ?? "", StringComparison.Ordinal);
        });
        lock (spans)
        {
            Assert.Contains(spans, s => s.Kind == ActivityKind.Client && s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal));
        }
    }

    /// <summary>OTLP on (to a port where nothing listens), and every finished span kept in memory as well.</summary>
    private sealed class TracingHost(List<Activity> spans, int deadPort) : TelemetryHost(
        ("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://127.0.0.1:{deadPort}"), ("OTEL_EXPORTER_OTLP_TIMEOUT", "500"))
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        }
    }
}
