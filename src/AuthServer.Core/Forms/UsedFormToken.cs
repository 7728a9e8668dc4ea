using System.ComponentModel.DataAnnotations;

namespace AuthServer.Core.Forms;

/// <summary>A one-time form token already posted (see <see cref="OneTimeForms"/>).</summary>
public sealed class UsedFormToken
{
    [MaxLength(32)]
    public required string Token { get; set; }
    public DateTime UsedAt { get; set; }
}
