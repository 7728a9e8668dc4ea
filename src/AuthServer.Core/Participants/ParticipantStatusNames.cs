namespace AuthServer.Core.Participants;

/// <summary>The status words of the API and the pages.</summary>
public static class ParticipantStatusNames
{
    /// <returns>The API's word for the status: <c>pending</c>, <c>verified</c> or <c>rejected</c>.</returns>
    public static string ToApi(this ParticipantStatus status) => status switch
    {
        ParticipantStatus.Verified => "verified",
        ParticipantStatus.Rejected => "rejected",
        _ => "pending",
    };
}
