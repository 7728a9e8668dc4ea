using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Core.Forms;

/// <summary>
/// Forms whose post creates something that is shown once (a new app with its secret, a new secret) carry
/// a random token; the first post with it records it, and a repeat (the browser's reload, a double
/// click, a resent request) is recognised and creates nothing. Post/redirect/get cannot be used there:
/// the secret must appear only in the response that created it, never in a cookie or a URL.
/// Recorded tokens are kept a day, far longer than anyone keeps a page open.
/// </summary>
public sealed class OneTimeForms(AuthServerDbContext db, TimeProvider time)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    public static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether <paramref name="token"/> was posted before (a reload), without using it.</summary>
    public Task<bool> WasUsedAsync(string? token, CancellationToken cancellationToken) =>
        db.UsedFormTokens.AnyAsync(t => t.Token == token, cancellationToken);

    /// <summary>
    /// Records <paramref name="token"/> as used, before the form's change is made: of two posts with one
    /// token, the primary key lets exactly one through. A change that then fails leaves the token spent;
    /// the page shown next carries a fresh one.
    /// </summary>
    /// <returns>False when the token is malformed or was posted before.</returns>
    public async Task<bool> TryUseAsync(string? token, CancellationToken cancellationToken)
    {
        if (token is not { Length: 22 } || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        await db.UsedFormTokens.Where(t => t.UsedAt < now - Retention).ExecuteDeleteAsync(cancellationToken);
        db.UsedFormTokens.Add(new UsedFormToken { Token = token, UsedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
