using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Api;

/// <summary>
/// One issuer's checks under one key set, and the tokens that passed them. A client sends the same access
/// token for up to an hour: its signature, issuer, audience and type are checked the first time, and the
/// exact same string is recognized afterwards (ECDSA verification was a fifth of an API call's CPU). Only
/// tokens that passed are remembered, keyed by the whole string; expiry and revocation are still checked on
/// every request, and a key rollover starts a new set.
/// </summary>
public sealed class AccessTokenIssuer(TokenValidationParameters parameters)
{
    /// <summary>Bounds memory (a few KB a token); past it the set starts over, costing one verification per token.</summary>
    private const int MaxTokens = 8192;

    private readonly ConcurrentDictionary<string, CheckedAccessToken> _checked = new(StringComparer.Ordinal);
    private int _count;

    public TokenValidationParameters Parameters { get; } = parameters;

    public bool TryGetChecked(string token, [NotNullWhen(true)] out CheckedAccessToken? checkedToken) =>
        _checked.TryGetValue(token, out checkedToken);

    public CheckedAccessToken Remember(string token, CheckedAccessToken checkedToken)
    {
        if (Interlocked.Increment(ref _count) > MaxTokens)
        {
            _checked.Clear();
            Interlocked.Exchange(ref _count, 1);
        }

        _checked[token] = checkedToken;
        return checkedToken;
    }
}
