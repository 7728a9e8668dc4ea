using AuthServer.Api;
using AuthServer.Core;
using AuthServer.Core.Documents;
using AuthServer.Core.Participants;

namespace AuthServer.Documents;

/// <summary>
/// Which documents a token may read: the SPEC §3 table in one place, used by the lists, by
/// <c>GET /api/documents/{id}</c> and by <c>processed</c>, so they cannot disagree.
/// <list type="bullet">
/// <item>outgoing: <c>read_all_documents</c> all; <c>send_documents</c> only those this client created;</item>
/// <item>incoming: <c>receive_all_documents</c> or <c>read_all_documents</c> all; <c>receive_documents</c> only status new;</item>
/// <item>always only the token's account, and for a Developer Application token only its approved participants;</item>
/// <item>only documents of verified participants: one that went back to pending, or was rejected, has its documents
/// hidden until it is verified again (SPEC §2).</item>
/// </list>
/// <c>admin</c> implies every scope (<see cref="ApiCaller.Has"/>).
/// </summary>
public static class DocumentAccess
{
    public static IQueryable<Document> ReadableBy(this IQueryable<Document> documents, ApiCaller caller)
    {
        var clientId = caller.ClientId;
        var allOutgoing = caller.Has(Scopes.ReadAllDocuments);
        var ownOutgoing = caller.Has(Scopes.SendDocuments);
        var allIncoming = caller.Has(Scopes.ReceiveAllDocuments) || caller.Has(Scopes.ReadAllDocuments);
        var newIncoming = caller.Has(Scopes.ReceiveDocuments);

        return documents.OfCaller(caller).Where(d =>
            (d.Direction == DocumentDirection.Outgoing && (allOutgoing || (ownOutgoing && d.CreatedByClientId == clientId))) ||
            (d.Direction == DocumentDirection.Incoming && (allIncoming || (newIncoming && d.Status == DocumentStatus.New))));
    }

    /// <summary>
    /// What <c>POST /api/documents/{id}/processed</c> may mark (its scopes are checked by the endpoint): the
    /// account's incoming documents, processed ones included, so that repeating the call answers the document
    /// unchanged instead of 404 once <c>receive_documents</c> no longer lists it.
    /// </summary>
    public static IQueryable<Document> ProcessableBy(this IQueryable<Document> documents, ApiCaller caller) =>
        documents.OfCaller(caller).Where(d => d.Direction == DocumentDirection.Incoming);

    /// <summary>
    /// The token's account, only documents of its verified participants, and for a Developer Application token
    /// only its approved participants.
    /// </summary>
    private static IQueryable<Document> OfCaller(this IQueryable<Document> documents, ApiCaller caller)
    {
        var accountId = caller.AccountId;
        var query = documents.Where(d => d.AccountId == accountId && d.Participant!.Status == ParticipantStatus.Verified);
        return caller.ParticipantIds is { } approved ? query.Where(d => approved.Contains(d.ParticipantId)) : query;
    }
}
