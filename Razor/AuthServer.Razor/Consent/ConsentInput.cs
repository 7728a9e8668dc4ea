namespace AuthServer.Razor.Consent;

/// <summary>What the consent and account-picker forms post (besides the authorization request's own fields).</summary>
public sealed class ConsentInput
{
    public Guid? AccountId { get; set; }

    /// <summary>The <see cref="ConsentBinding"/> the consent form was shown with.</summary>
    public string? Binding { get; set; }
    public List<string> Scopes { get; set; } = [];
    public List<Guid> ParticipantIds { get; set; } = [];
}
