using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AuthServer.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The standard variable (OpenTelemetry specification) that turns OTLP export on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry: our meter (<see cref="AuthServerMetrics"/>) beside ASP.NET Core's, EF Core's and the
    /// runtime's; metrics to the Prometheus scrape when <c>Telemetry:Prometheus:Enabled</c>, metrics and traces
    /// (ASP.NET Core and EF Core spans) over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. With neither,
    /// no OpenTelemetry pipeline runs and the counters cost a flag check.
    /// </summary>
    public static WebApplicationBuilder AddAuthServerTelemetry(this WebApplicationBuilder builder)
    {
        // Read while the host is built, as OpenTelemetry reads its own OTEL_* variables: which pipelines exist
        // is decided once. The options the rest of the server sees are these same values, checked at start.
        // Checked here too, not only at start: a listener on a nonsensical port would fail before that check.
        var settings = new TelemetryOptions();
        builder.Configuration.GetSection(TelemetryOptions.Section).Bind(settings);
        if (new DataAnnotationValidateOptions<TelemetryOptions>(null).Validate(null, settings) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(TelemetryOptions.Section, typeof(TelemetryOptions), invalid.Failures);
        }

        builder.Services.AddOptions<TelemetryOptions>().Configure(options => options.Prometheus = settings.Prometheus);
        builder.Services.AddSingleton<AuthServerMetrics>();
        // The token endpoint's answers are counted by OAuth's RecordTokenResponses, beside their audit.
        builder.Services.AddOpenIddict().AddServer(options => options.AddEventHandler(TagOAuthRoutes.Descriptor));

        var prometheus = settings.Prometheus;
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        if (!prometheus.Enabled && !otlp)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(AuthServerMetrics.MeterName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(AuthServerMetrics.MeterName, "Microsoft.EntityFrameworkCore", "System.Runtime")
                    .AddAspNetCoreInstrumentation();
                ((IDeferredMeterProviderBuilder)metrics).Configure((services, provider) =>
                    provider.AddView(OtherHostsInstruments(services.GetRequiredService<IMeterFactory>())));
                if (prometheus.Enabled && prometheus.Port is { } port)
                {
                    metrics.AddPrometheusHttpListener(listener =>
                    {
                        listener.Host = prometheus.Host;
                        listener.Port = port;
                        listener.ScrapeEndpointPath = prometheus.Path;
                    });
                }
                else if (prometheus.Enabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.Filter = context => TraceRedaction.IsTraced(context, prometheus.Path);
                    options.EnrichWithHttpResponse = TraceRedaction.RedactPath;
                })
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>
    /// Drops the instruments of meters another host's <see cref="IMeterFactory"/> created (meters without a
    /// factory, EF Core's and the runtime's, are process-wide and kept). The listener is process-wide and
    /// merges same-named instruments into one stream, and when any of them goes (its host disposed) OpenTelemetry
    /// retires the whole stream: a second host in the process (tests, or a host restarted in place) silently
    /// stopped this one's counters.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OtherHostsInstruments(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null;

    /// <summary>
    /// Creates the meter and the OpenTelemetry providers before the database is migrated and seeded, rather
    /// than when the host starts: the meter's gauges and subscriptions then exist before the first request,
    /// and EF Core sees a listener from its first command. EF caches "nobody listens" per pooled context for
    /// a second (its logging cache time), so a provider built after seeding missed the first second's spans.
    /// </summary>
    public static WebApplication StartTelemetry(this WebApplication app)
    {
        app.Services.GetRequiredService<AuthServerMetrics>();
        app.Services.GetService<MeterProvider>();
        app.Services.GetService<TracerProvider>();
        return app;
    }

    /// <summary>Maps the scrape endpoint when it is served on the server's own port.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        var prometheus = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus;
        if (prometheus.Enabled && prometheus.Port is null)
        {
            app.MapPrometheusScrapingEndpoint(prometheus.Path);
        }

        return app;
    }
}
