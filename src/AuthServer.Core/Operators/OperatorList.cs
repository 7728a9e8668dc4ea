namespace AuthServer.Core.Operators;

/// <summary>The configured operator emails, normalized once (as Identity normalizes emails: upper case).</summary>
public sealed class OperatorList(IOptions<OperatorOptions> options)
{
    private readonly FrozenSet<string> _emails = options.Value.Emails
        .Select(e => e.Trim().ToUpperInvariant()).Where(e => e.Length > 0).ToFrozenSet(StringComparer.Ordinal);

    public bool IsEmpty => _emails.Count == 0;

    public bool Contains(string? email) => email is not null && _emails.Contains(email.Trim().ToUpperInvariant());
}
