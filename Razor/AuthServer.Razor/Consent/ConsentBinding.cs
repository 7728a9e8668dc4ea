using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace AuthServer.Razor.Consent;

/// <summary>
/// Binds a consent form to the authorization request it displayed (RFC 9700 §4.4, consent phishing): the
/// form carries a protected digest of the request's fields (client, redirect_uri, scopes, state, PKCE
/// challenge and the rest), the account and the user, and a decision posted with any other fields (another
/// request's client_id, state or scope pasted in) is refused. Protected, so it cannot be made elsewhere;
/// time-limited, so an old form cannot be replayed.
/// </summary>
public sealed class ConsentBinding(IDataProtectionProvider dataProtection)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ITimeLimitedDataProtector _protector = dataProtection.CreateProtector("AuthServer.Consent.Binding.v1").ToTimeLimitedDataProtector();

    public string Protect(string userId, Guid accountId, IEnumerable<KeyValuePair<string, string?>> requestFields) =>
        _protector.Protect(Convert.ToBase64String(Digest(userId, accountId, requestFields)), Lifetime);

    /// <summary>Whether <paramref name="binding"/> was made for exactly this request, account and user, and is still fresh.</summary>
    public bool Matches(string? binding, string userId, Guid accountId, IEnumerable<KeyValuePair<string, string?>> requestFields)
    {
        if (string.IsNullOrEmpty(binding))
        {
            return false;
        }

        byte[] shown;
        try
        {
            shown = Convert.FromBase64String(_protector.Unprotect(binding));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(shown, Digest(userId, accountId, requestFields));
    }

    /// <summary>SHA-256 over the fields in a canonical order, each length-prefixed so no two requests collide.</summary>
    private static byte[] Digest(string userId, Guid accountId, IEnumerable<KeyValuePair<string, string?>> requestFields)
    {
        var text = new StringBuilder();
        void Append(string? value) => text.Append(value?.Length ?? -1).Append(':').Append(value).Append(';');
        Append(userId);
        Append(accountId.ToString("D"));
        foreach (var (key, value) in requestFields.OrderBy(f => f.Key, StringComparer.Ordinal).ThenBy(f => f.Value, StringComparer.Ordinal))
        {
            Append(key);
            Append(value);
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
