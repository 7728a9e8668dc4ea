using System.Net;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>A consent page as a browser received it, with what its form would post back.</summary>
public sealed record ConsentPage(HttpStatusCode Status, string Html)
{
    public IReadOnlyList<string> CheckedParticipants => Forms.CheckedValues(Html, "Input.ParticipantIds");
    public IReadOnlyList<string> OfferedParticipants => Forms.CheckboxValues(Html, "Input.ParticipantIds");
    public IReadOnlyList<string> CheckedScopes => Forms.CheckedValues(Html, "Input.Scopes");
    public IReadOnlyList<string> OfferedScopes => Forms.CheckboxValues(Html, "Input.Scopes");
}
