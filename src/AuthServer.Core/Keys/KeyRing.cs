using Microsoft.Extensions.Primitives;

namespace AuthServer.Core.Keys;

/// <summary>
/// Holds the current <see cref="KeySet"/> for every consumer (OpenIddict options, secret hashing) and
/// signals when it changes, so options built from it are rebuilt without a restart.
/// </summary>
public sealed class KeyRing
{
    private KeySet? _current;
    private CancellationTokenSource _changed = new();

    /// <summary>The keys in force. Loaded at start-up before the first request.</summary>
    public KeySet Current => _current ?? throw new InvalidOperationException(
        "The key ring has not been loaded: call InitializeAuthServerAsync() before the host starts.");

    public bool IsLoaded => _current is not null;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

    /// <returns>True when the new set differs from the current one.</returns>
    public bool Replace(KeySet keys)
    {
        if (_current?.Fingerprint == keys.Fingerprint)
        {
            return false;
        }

        _current = keys;
        var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
        return true;
    }
}
