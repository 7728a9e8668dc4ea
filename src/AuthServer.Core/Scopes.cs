namespace AuthServer.Core;

/// <summary>The six scopes of SPEC §3, with the plain words the consent screen shows.</summary>
public static class Scopes
{
    public const string Admin = "admin";
    public const string ReadParticipantInfo = "read_participant_info";
    public const string SendDocuments = "send_documents";
    public const string ReceiveDocuments = "receive_documents";
    public const string ReceiveAllDocuments = "receive_all_documents";
    public const string ReadAllDocuments = "read_all_documents";

    public static readonly IReadOnlyList<string> All =
        [Admin, ReadParticipantInfo, SendDocuments, ReceiveDocuments, ReceiveAllDocuments, ReadAllDocuments];

    /// <summary>What a token request without <c>scope</c> gets: every scope the client may carry but <c>admin</c>.</summary>
    public static IEnumerable<string> DefaultFrom(IEnumerable<string> allowed) => allowed.Where(s => s != Admin);

    public static bool IsKnown(string scope) => All.Contains(scope);

    public static string Describe(string scope) => scope switch
    {
        Admin => "Full access: everything below, plus create and edit your participants",
        ReadParticipantInfo => "Read your participants' details (email, registration number, address)",
        SendDocuments => "Create and send documents, and read the documents it sent itself",
        ReceiveDocuments => "Read new incoming documents and mark them processed",
        ReceiveAllDocuments => "Read all incoming documents, processed or not",
        ReadAllDocuments => "Read all documents, incoming and outgoing, whoever sent them",
        _ => scope,
    };
}
