namespace AuthServer.Core.Forms;

/// <summary>A one-time form token already posted (see <see cref="OneTimeForms"/>).</summary>
public sealed class UsedFormToken
{
    public required string Token { get; set; }
    public DateTime UsedAt { get; set; }
}
