using Microsoft.Extensions.Logging.Configuration;

namespace AuthServer.Hosting;

public static class LoggingExtensions
{
    /// <summary>
    /// Categories that write secrets below a level, and the level they are held at whatever the
    /// configuration asks for (SPEC §8: no secret, token or password in any log, at any level):
    /// </summary>
    public static readonly IReadOnlyList<(string Category, LogLevel Minimum)> Clamps =
    [
        // Every request and its parameters at Information (code_verifier, authorization codes, refresh tokens
        // in some events), every token it creates or validates at Trace.
        ("OpenIddict", LogLevel.Warning),

        // "Request starting GET …/ResetPassword?code=…": full URLs with query strings at Information, and the
        // one-time codes of confirmation and reset links, affiliate IDs and authorization requests in them.
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning),

        // Generated links with their query (the reset link) and matched paths at Debug.
        ("Microsoft.AspNetCore.Routing", LogLevel.Information),

        // Page handler and action arguments at Trace (the code of a confirmation or reset link).
        ("Microsoft.AspNetCore.Mvc", LogLevel.Debug),

        // Key XML (the master key) at Debug and Trace.
        ("Microsoft.AspNetCore.DataProtection", LogLevel.Information),

        // The raw request line of a malformed request (a query string with codes) at Debug.
        ("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Information),
    ];

    /// <summary>
    /// Raises every logging rule for a <see cref="Clamps"/> category (or one under it) to its minimum, and
    /// adds one per logging provider that has rules, because a provider's own rule (say <c>Console</c> at
    /// Trace) wins over any rule that names no provider. An added rule only ever raises the level: it holds
    /// what the configuration already gave the category (<c>Microsoft.AspNetCore</c> at Warning keeps routing
    /// at Warning), or the minimum where that was lower. A floor, never a lower level: a rule at the minimum
    /// itself had routing write two Information lines for every request under the shipped settings.
    /// </summary>
    public static WebApplicationBuilder KeepSecretsOutOfLogs(this WebApplicationBuilder builder)
    {
        builder.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            var rules = options.Rules.ToList();
            var providers = rules.Select(r => r.ProviderName).Append(null).Distinct().ToList();
            foreach (var (category, minimum) in Clamps)
            {
                for (var i = 0; i < rules.Count; i++)
                {
                    var rule = rules[i];
                    if (rule.CategoryName is { } name && IsUnder(name, category) && (rule.LogLevel ?? LogLevel.Trace) < minimum)
                    {
                        rules[i] = new LoggerFilterRule(rule.ProviderName, rule.CategoryName, minimum, rule.Filter);
                    }
                }

                foreach (var provider in providers)
                {
                    if (!rules.Any(r => r.ProviderName == provider && r.CategoryName == category))
                    {
                        var configured = Select(rules, provider, category) is { } rule ? rule.LogLevel ?? LogLevel.Trace : options.MinLevel;
                        rules.Add(new LoggerFilterRule(provider, category, configured > minimum ? configured : minimum, null));
                    }
                }
            }

            options.Rules.Clear();
            foreach (var rule in rules)
            {
                options.Rules.Add(rule);
            }
        });
        return builder;
    }

    /// <summary>
    /// The rule the logger factory applies to a category for a provider, chosen as
    /// Microsoft.Extensions.Logging's rule selector chooses it: the provider's own rules before those naming
    /// none, then the longest matching category (prefix, and suffix after a <c>*</c>), the last one on a tie.
    /// </summary>
    private static LoggerFilterRule? Select(List<LoggerFilterRule> rules, string? provider, string category)
    {
        LoggerFilterRule? best = null;
        foreach (var rule in rules)
        {
            if ((rule.ProviderName is null || rule.ProviderName == provider) && Matches(rule.CategoryName, category) &&
                (best is null ||
                 (best.ProviderName is null && rule.ProviderName is not null) ||
                 ((best.ProviderName is null || rule.ProviderName is not null) &&
                  (best.CategoryName is null || (rule.CategoryName is not null && rule.CategoryName.Length >= best.CategoryName.Length)))))
            {
                best = rule;
            }
        }

        return best;
    }

    private static bool Matches(string? pattern, string category)
    {
        if (pattern is null)
        {
            return true;
        }

        var wildcard = pattern.IndexOf('*', StringComparison.Ordinal);
        return wildcard < 0
            ? category.StartsWith(pattern, StringComparison.OrdinalIgnoreCase)
            : category.StartsWith(pattern[..wildcard], StringComparison.OrdinalIgnoreCase) &&
              category.EndsWith(pattern[(wildcard + 1)..], StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsUnder(string name, string category) =>
        name.Equals(category, StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith(category + ".", StringComparison.OrdinalIgnoreCase);
}
