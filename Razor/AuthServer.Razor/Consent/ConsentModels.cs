using AuthServer.Razor.Settings;

namespace AuthServer.Razor.Consent;

/// <summary>What the consent and account-picker forms post (besides the authorization request's own fields).</summary>
public sealed class ConsentInput
{
    public const string Approve = "approve";
    public const string Deny = "deny";
    public const string PickAccount = "pick";

    public string? Decision { get; set; }
    public Guid? AccountId { get; set; }

    /// <summary>The <see cref="ConsentBinding"/> the consent form was shown with.</summary>
    public string? Binding { get; set; }
    public List<string> Scopes { get; set; } = [];
    public List<Guid> ParticipantIds { get; set; } = [];
}

/// <summary>The consent screen as displayed.</summary>
public sealed record ConsentView(
    ClientSummary Client,
    AccountMembershipView Account,
    bool CanSwitchAccount,
    string? RedirectHost,
    IReadOnlyList<ScopeChoice> Scopes,
    bool AdminWithheld,
    IReadOnlyList<ParticipantChoice> Participants);

/// <summary>Who is asking: a Developer Application (method 3) or the account's own API key (method 2).</summary>
public sealed record ClientSummary(string Name, string OwnerName, string? HomepageUrl, string? Description, bool IsApiKey);

public sealed record ScopeChoice(string Name, string Description, bool Checked);

/// <param name="Preselected">Named by the application's request (euVatId, or rn with countryCode).</param>
public sealed record ParticipantChoice(Guid Id, string Name, string PeppolId, string? EuVatId, string CountryCode, bool Preselected, bool Checked);

/// <summary>Why the request cannot go on; shown instead of the form, never redirected to the client.</summary>
public sealed record ConsentProblem(string Title, string Detail);
