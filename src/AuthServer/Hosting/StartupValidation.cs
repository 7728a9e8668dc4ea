using System.Net;
using AuthServer.Demo;

namespace AuthServer.Hosting;

/// <summary>
/// Settings that make the server unsafe to expose refuse to start, with a message naming the key to set
/// (SPEC §8). Checked before the database is migrated or seeded (<see cref="StartupExtensions.InitializeAuthServerAsync"/>).
/// </summary>
public sealed class StartupValidation(IConfiguration configuration, IHostEnvironment environment) :
    IValidateOptions<ServerOptions>,
    IValidateOptions<AuthOptions>,
    IValidateOptions<DemoOptions>
{
    public static void AddTo(IServiceCollection services)
    {
        services.AddSingleton<StartupValidation>();
        services.AddSingleton<IValidateOptions<ServerOptions>>(s => s.GetRequiredService<StartupValidation>());
        services.AddSingleton<IValidateOptions<AuthOptions>>(s => s.GetRequiredService<StartupValidation>());
        services.AddSingleton<IValidateOptions<DemoOptions>>(s => s.GetRequiredService<StartupValidation>());
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section).ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateOnStart();
    }

    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();
        if (configuration[ServerOptions.RemovedTrustForwardedHeaders] is not null)
        {
            failures.Add($"{ServerOptions.RemovedTrustForwardedHeaders} is no longer supported: it trusted X-Forwarded-* headers from any " +
                "peer. List the reverse proxies in front of the server instead, in Server:KnownProxies (IP addresses) or " +
                "Server:KnownNetworks (CIDR ranges such as 10.0.0.0/8), and remove the old key.");
        }

        failures.AddRange(ServerOptions.Listed(options.KnownProxies).Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"Server:KnownProxies: '{p}' is not an IP address."));
        failures.AddRange(ServerOptions.Listed(options.KnownNetworks).Where(n => !IPNetwork.TryParse(n, out _))
            .Select(n => $"Server:KnownNetworks: '{n}' is not a network in CIDR notation such as 10.0.0.0/8."));
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (options.Issuer is not { } issuer)
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Auth:Issuer is required outside Development: set it to the server's public origin, e.g. " +
                    "https://auth.example.com/ (metadata, the iss claim, token audiences and mail links are built from it, never from the request).");
        }

        if (!issuer.IsAbsoluteUri || issuer.Scheme is not ("https" or "http") || issuer.UserInfo.Length > 0 ||
            issuer.AbsolutePath != "/" || issuer.Query.Length > 0 || issuer.Fragment.Length > 0)
        {
            return ValidateOptionsResult.Fail($"Auth:Issuer '{issuer}' must be an origin such as https://auth.example.com/: " +
                "https (or http), a host, an optional port, and no path, query or fragment.");
        }

        if (issuer.Scheme == "http" && !environment.IsDevelopment() &&
            !configuration.GetValue<bool>(ServerOptions.Section + ":" + nameof(ServerOptions.AllowHttp)))
        {
            return ValidateOptionsResult.Fail($"Auth:Issuer '{issuer}' is plain http: outside Development the public origin must be https, " +
                "unless Server:AllowHttp=true (a loopback benchmark).");
        }

        return ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, DemoOptions options) =>
        options.Enabled == true && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail($"Demo:Enabled=true is refused outside Development ({environment.EnvironmentName}): the demo " +
                "accounts' passwords and client secrets are public. Remove Demo:Enabled, and seed a database in Development if you need one.")
            : ValidateOptionsResult.Success;

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
