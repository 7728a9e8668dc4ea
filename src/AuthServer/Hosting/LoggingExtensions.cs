using Microsoft.Extensions.Logging.Configuration;

namespace AuthServer.Hosting;

public static class LoggingExtensions
{
    private const string OpenIddictCategory = "OpenIddict";

    /// <summary>
    /// SPEC §8: no token is ever written to a log. OpenIddict writes every token it creates or validates
    /// at Trace, so its categories never go below Debug, whatever the configuration asks for.
    /// </summary>
    public static WebApplicationBuilder KeepTokensOutOfLogs(this WebApplicationBuilder builder)
    {
        builder.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            var rules = options.Rules.Select(rule =>
                rule.CategoryName?.StartsWith(OpenIddictCategory, StringComparison.Ordinal) == true && rule.LogLevel < LogLevel.Debug
                    ? new LoggerFilterRule(rule.ProviderName, rule.CategoryName, LogLevel.Debug, rule.Filter)
                    : rule).ToList();
            if (!rules.Any(r => r.CategoryName == OpenIddictCategory && r.ProviderName is null))
            {
                rules.Add(new LoggerFilterRule(null, OpenIddictCategory, LogLevel.Debug, null));
            }

            options.Rules.Clear();
            foreach (var rule in rules)
            {
                options.Rules.Add(rule);
            }
        });
        return builder;
    }
}
