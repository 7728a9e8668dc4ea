using AuthServer.Core;
using AuthServer.Core.Affiliates;
using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Core.Forms;
using AuthServer.Core.Keys;
using AuthServer.Core.Operators;
using AuthServer.Core.Participants;
using AuthServer.Core.Tokens;
using AuthServer.Demo;
using AuthServer.Identity;
using AuthServer.Keys;
using AuthServer.Razor;

namespace AuthServer.Hosting;

public static partial class StartupExtensions
{
    /// <summary>Domain services shared by pages, endpoints and the seeder: each Core feature registers its own.</summary>
    public static WebApplicationBuilder AddAuthServerCore(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddAccounts()
            .AddAffiliates()
            .AddAudit()
            .AddClients()
            .AddForms()
            .AddKeys()
            .AddOperators()
            .AddParticipants()
            .AddTokens();
        builder.Services.AddSingleton(services => new Deployment(services.GetRequiredService<IOptions<ServerOptions>>().Value.Sandbox));
        builder.Services.AddScoped<DemoSeeder>();
        StartupValidation.AddTo(builder.Services);
        builder.Services.AddSingleton<PublicOrigin>();
        builder.Services.AddSingleton<IPublicOrigin>(services => services.GetRequiredService<PublicOrigin>());
        builder.Services.AddAuthServerErrors();
        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddOptions<CookiePolicyOptions>().Configure<IOptions<AuthOptions>, IHostEnvironment>((options, auth, environment) =>
        {
            // No script reads a cookie; cross-site posts never carry one.
            options.HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.Always;
            options.MinimumSameSitePolicy = SameSiteMode.Lax;
            options.Secure = PublicOrigin.IsHttps(auth.Value, environment) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    /// <summary>Migrating a large database takes longer than a request may wait (Database:CommandTimeout).</summary>
    private static readonly TimeSpan MigrationTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Before the first request: refuse settings that are unsafe to expose (before anything is written),
    /// migrate the database (SQLite: create the file), load or create the server keys, connect to Redis when
    /// configured, load the revocation rules, and seed demo data when enabled.
    /// </summary>
    public static async Task InitializeAuthServerAsync(this WebApplication app)
    {
        // The host would validate these at start, after the database had been migrated and seeded.
        app.Services.GetService<IStartupValidator>()?.Validate();
        app.WarnIfKeysUnencrypted();

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AuthServerDbContext>();
        db.Database.SetCommandTimeout(MigrationTimeout);
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run while one connection writes; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        db.Database.SetCommandTimeout(null);
        await services.GetRequiredService<KeyRingStore>().RefreshAsync(CancellationToken.None);
        await services.GetRequiredService<Redis.RedisConnection>().StartAsync();
        await services.GetRequiredService<OAuth.TokenStateSync>().PollAsync(CancellationToken.None);

        var demo = services.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (demo.Enabled ?? app.Environment.IsDevelopment())
        {
            var seeded = await services.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
            if (seeded)
            {
                LogDemoSeeded(app.Logger, demo.AccountName);
            }
        }
    }

    /// <summary>Transport, errors, security headers, authentication: everything in front of the endpoints.</summary>
    public static WebApplication UseAuthServerPipeline(this WebApplication app)
    {
        PublicOrigin.UsePublicOrigin(app);
        app.UseAuthServerErrors();
        // Below the error handling, so its error pages pass through these again (it clears the headers).
        if (PublicOrigin.IsHttps(app.Services.GetRequiredService<IOptions<AuthOptions>>().Value, app.Environment))
        {
            app.UseHsts();
        }

        app.UseSecurityHeaders();
        app.UseCookiePolicy();
        app.UseStatusCodeBodies();
        var tokenLimits = app.Services.GetRequiredService<OAuth.TokenEndpointLimits>();
        app.Use((context, next) => tokenLimits.InvokeAsync(context, next));
        app.UseRouting();
        app.UseWhen(context => context.GetEndpoint()?.Metadata.GetMetadata<NoAuthenticationMiddleware>() is null, branch => branch.UseAuthentication());
        // WebApplication puts UseAuthentication in front of everything unless the pipeline says it has it;
        // it has, in the branch above.
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        app.UseAuthorization();
        return app;
    }

    /// <summary>Where to go and how to log in, printed once the server listens (SPEC §8).</summary>
    public static void PrintStartupBanner(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            // The public origin, as every other absolute URL; in Development without one, where it listens.
            var address = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Issuer?.GetLeftPart(UriPartial.Authority)
                ?? app.Urls.FirstOrDefault() ?? "http://localhost:5000";
            var demo = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
            var mail = app.Services.GetRequiredService<IOptions<Mail.MailOptions>>().Value;
            var sandbox = app.Services.GetRequiredService<Deployment>().IsSandbox;
            var lines = new List<string>
            {
                "",
                $"AuthServer is ready at {address}",
                $"  Log in:     {address}/Identity/Account/Login",
                $"  Metadata:   {address}/.well-known/oauth-authorization-server",
                $"  Health:     {address}/health/ready",
                $"  API docs:   {address}/docs   (try calls with the API key)",
                $"  Mail:       {mail.Destination}   (confirmation and password-reset links)",
            };
            if (sandbox)
            {
                lines.Insert(2, $"  SANDBOX:    test data only; new client secrets are {Deployment.SandboxSecretPrefix}… and never work in production");
            }

            if (demo.Enabled ?? app.Environment.IsDevelopment())
            {
                lines.Add($"  Demo Admin:  {demo.UserEmail} / {demo.UserPassword}   (account \"{demo.AccountName}\")");
                lines.Add($"  Demo Member: {demo.MemberEmail} / {demo.MemberPassword}");
                lines.Add($"  Integrator:  {demo.OtherAccount.UserEmail} / {demo.OtherAccount.UserPassword}   (account \"{demo.OtherAccount.Name}\")");
                if (!string.IsNullOrWhiteSpace(demo.OperatorEmail))
                {
                    lines.Add($"  Operator:    {demo.OperatorEmail} / {demo.OperatorPassword}   ({address}/operator: verify participants, suspend accounts)");
                }

                foreach (var extra in demo.Memberships)
                {
                    var email = extra.User switch { DemoUser.Admin => demo.UserEmail, DemoUser.Member => demo.MemberEmail, _ => demo.OtherAccount.UserEmail };
                    var account = extra.Account == DemoAccount.Demo ? demo.AccountName : demo.OtherAccount.Name;
                    lines.Add($"               {email} is also a {extra.Role} of \"{account}\" (the account picker, the switcher in the top bar)");
                }

                if (demo.Invitation is { Email.Length: > 0, Token: { } invitation })
                {
                    lines.Add($"  Invitation:  {address}/invitations/{invitation}   (for {demo.Invitation.Email}, 7 days after seeding)");
                }

                lines.Add("  Method 1 (client credentials with the API key), then renew with the refresh_token it returns:");
                lines.Add($"    curl -X POST {address}/api/auth/token -d grant_type=client_credentials -d client_id={demo.ApiKey.ClientId} -d client_secret={demo.ApiKey.ClientSecret} -d \"scope=send_documents receive_documents\"");
                lines.Add($"    curl -X POST {address}/api/auth/renew -H \"Content-Type: application/json\" -d '{{\"refresh_token\": \"<refresh_token>\"}}'");
                lines.Add($"    curl {address}/api/account -H \"Authorization: Bearer <access_token>\"");
                lines.AddRange(Authorization.DemoAuthorizeLinks.For(address, demo));
                if (demo.Participants.FirstOrDefault() is { } participant)
                {
                    lines.Add("  Method 4 (affiliate ID lookup):");
                    lines.Add($"    curl \"{address}/api/lookup?affiliateId={demo.AffiliateId}&peppolId={participant.PeppolId}\"");
                }
            }

            // The console, not the log: demo passwords are configuration the user chose to print.
            Console.WriteLine(string.Join(Environment.NewLine, lines) + Environment.NewLine);
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded demo data: account {AccountName}")]
    private static partial void LogDemoSeeded(ILogger logger, string accountName);
}
