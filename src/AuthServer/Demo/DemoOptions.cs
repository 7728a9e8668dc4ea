namespace AuthServer.Demo;

/// <summary>
/// Demo data (configuration section <c>Demo</c>, SPEC §8 "Demo data"). Defaults live in the root
/// appsettings.json; every value can be overridden like any setting (e.g. <c>Demo__ApiKey__ClientSecret</c>).
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed when the database has no account. Null means: only in Development.</summary>
    public bool? Enabled { get; set; }

    public string AccountName { get; set; } = "";
    public string UserEmail { get; set; } = "";
    public string UserPassword { get; set; } = "";
    public string MemberEmail { get; set; } = "";
    public string MemberPassword { get; set; } = "";
    public List<DemoParticipant> Participants { get; set; } = [];
    public DemoApiKey ApiKey { get; set; } = new();
    public DemoOtherAccount OtherAccount { get; set; } = new();
    public DemoDeveloperApp DeveloperApp { get; set; } = new();
    public Guid AffiliateId { get; set; }

    /// <summary>A pending invitation into the demo account, sent by its Admin (no mail is written for it).</summary>
    public DemoInvitation Invitation { get; set; } = new();

    /// <summary>Memberships beyond each account's own users, so a user in two accounts can be tried.</summary>
    public List<DemoMembership> Memberships { get; set; } = [];

    /// <summary>A server operator (SPEC §8): a login of no account, added to <c>Operator:Emails</c> while demo data is on.</summary>
    public string OperatorEmail { get; set; } = "";
    public string OperatorPassword { get; set; } = "";
}
