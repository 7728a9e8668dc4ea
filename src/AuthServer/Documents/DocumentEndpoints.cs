using AuthServer.Api;
using AuthServer.Core;
using AuthServer.Core.Documents;
using AuthServer.Core.Participants;
using AuthServer.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using SendResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Created<AuthServer.Documents.DocumentResponse>,
    AuthServer.Api.JsonBodyProblem, AuthServer.Api.BadRequestProblem, AuthServer.Api.NotFoundProblem, AuthServer.Api.ConflictProblem>;

namespace AuthServer.Documents;

/// <summary>
/// <c>/api/documents</c> (SPEC §3, §6): send as one of the account's participants, list outgoing and incoming
/// documents, read one with its body, mark incoming ones processed. What each token sees is
/// <see cref="DocumentAccess"/>; anything else is 404.
/// </summary>
public static class DocumentEndpoints
{
    /// <summary>409: the sending participant is pending or rejected: only verified participants send (SPEC §2).</summary>
    public const string ParticipantNotVerifiedCode = "ParticipantNotVerified";

    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/documents").BearerApi().WithTags("Documents");

        group.MapPost("", SendAsync).RequireScope(Scopes.SendDocuments)
            .WithName("SendDocument")
            .WithSummary("Sends an invoice or credit note as one of the account's participants.")
            .WithDescription("A receiver registered (and verified) on this access point gets it at once as an incoming document with status new. " +
                             "Send an Idempotency-Key header (e.g. a UUID) to retry safely: a repeat returns the first document. " +
                             "A sender that is not verified yet gets 409 ParticipantNotVerified.")
            .AcceptsJson<SendDocumentRequest>(endpoints);
        group.MapGet("outgoing", ListOutgoingAsync).RequireScope(Scopes.SendDocuments, Scopes.ReadAllDocuments)
            .WithName("ListOutgoingDocuments")
            .WithSummary("Sent documents, oldest first: with send_documents only those this client sent; with read_all_documents all.");
        group.MapGet("incoming", ListIncomingAsync).RequireScope(Scopes.ReceiveDocuments, Scopes.ReceiveAllDocuments, Scopes.ReadAllDocuments)
            .WithName("ListIncomingDocuments")
            .WithSummary("Received documents, oldest first: with receive_documents only new ones; with receive_all_documents or read_all_documents all.");
        group.MapGet("{id}", GetAsync)
            .RequireScope(Scopes.SendDocuments, Scopes.ReceiveDocuments, Scopes.ReceiveAllDocuments, Scopes.ReadAllDocuments)
            .WithName("GetDocument")
            .WithSummary("One document with its body, if any of the token's scopes lets it see it.");
        group.MapPost("{id}/processed", MarkProcessedAsync).RequireScope(Scopes.ReceiveDocuments, Scopes.ReceiveAllDocuments)
            .WithName("MarkDocumentProcessed")
            .WithSummary("Marks an incoming document processed; it then leaves the receive_documents list. Repeating it changes nothing.");
        return endpoints;
    }

    internal static async Task<SendResult> SendAsync(ApiCaller caller, HttpContext http, AuthServerDbContext db, SuspendedAccounts suspended,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (idempotencyKey, keyProblem) = IdempotencyKeyHeader.Read(http.Request);
        if (keyProblem is not null)
        {
            return keyProblem;
        }

        var (request, problem) = await JsonBody.ReadAsync<SendDocumentRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        if (ValidDocument.From(request!, errors) is not { } valid)
        {
            return BadRequestProblem.Validation(errors);
        }

        var sender = await db.Participants.AsNoTracking()
            .Where(p => p.Id == valid.SenderId && p.AccountId == caller.AccountId)
            .Select(p => new { p.Id, p.PeppolId, p.Status })
            .SingleOrDefaultAsync(cancellationToken);
        if (sender is null || !caller.MaySee(sender.Id))
        {
            return new NotFoundProblem($"There is no participant {valid.SenderId} that this token may send as (senderParticipantId).");
        }

        if (idempotencyKey is not null && await IdempotencyKeyHeader.FindEarlierAsync(db, caller, idempotencyKey, cancellationToken) is { } earlier)
        {
            return Replay(http, earlier, caller, valid);
        }

        if (sender.Status != ParticipantStatus.Verified)
        {
            return new ConflictProblem(ParticipantNotVerifiedCode,
                $"Participant {sender.Id} is {sender.Status.ToApi()}: only participants verified by this access point's operators send documents.");
        }

        // A receiver on this access point is delivered to directly: one unique-index seek on the normalized key.
        // Only a verified participant of an account that is not suspended is on this access point: for anyone
        // else (a pending claim above all) the document goes out as to a receiver elsewhere, and no claimant sees it.
        var receiver = await db.Participants.AsNoTracking()
            .Where(p => p.PeppolIdKey == valid.ReceiverKey && p.Status == ParticipantStatus.Verified)
            .Select(p => new { p.Id, p.AccountId, p.PeppolId })
            .SingleOrDefaultAsync(cancellationToken);
        if (receiver is not null && suspended.IsSuspended(receiver.AccountId))
        {
            receiver = null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var outgoing = valid.CopyFor(caller.AccountId, sender.Id, DocumentDirection.Outgoing, receiver?.PeppolId ?? valid.ReceiverPeppolId, caller.ClientId, now);
        outgoing.IdempotencyKey = idempotencyKey;
        db.Documents.Add(outgoing);
        if (receiver is not null)
        {
            db.Documents.Add(valid.CopyFor(receiver.AccountId, receiver.Id, DocumentDirection.Incoming, sender.PeppolId, caller.ClientId, now));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // A concurrent request with the same key won the unique index: answer as its repeat.
            db.ChangeTracker.Clear();
            if (await IdempotencyKeyHeader.FindEarlierAsync(db, caller, idempotencyKey, CancellationToken.None) is not { } winner)
            {
                throw;
            }

            return Replay(http, winner, caller, valid);
        }

        return TypedResults.Created(Location(outgoing.Id), DocumentResponse.From(outgoing));
    }

    internal static Task<Results<Ok<Page<DocumentResponse>>, BadRequestProblem>> ListOutgoingAsync([AsParameters] PageQuery page, ApiCaller caller,
        AuthServerDbContext db, CancellationToken cancellationToken) =>
        ListAsync(page, caller, db, DocumentDirection.Outgoing, cancellationToken);

    internal static Task<Results<Ok<Page<DocumentResponse>>, BadRequestProblem>> ListIncomingAsync([AsParameters] PageQuery page, ApiCaller caller,
        AuthServerDbContext db, CancellationToken cancellationToken) =>
        ListAsync(page, caller, db, DocumentDirection.Incoming, cancellationToken);

    internal static async Task<Results<Ok<DocumentDetailResponse>, NotFoundProblem>> GetAsync(string id, ApiCaller caller, AuthServerDbContext db,
        CancellationToken cancellationToken)
    {
        var document = Guid.TryParse(id, out var documentId)
            ? await db.Documents.AsNoTracking().ReadableBy(caller)
                .Where(d => d.Id == documentId)
                .Select(d => new DocumentDetailResponse(new DocumentResponse(d.Id, d.ParticipantId, d.Direction, d.Type, d.Number,
                    d.CounterpartyPeppolId, d.Status, d.CreatedByClientId, d.CreatedAt), d.Body))
                .SingleOrDefaultAsync(cancellationToken)
            : null;
        return document is null ? NotFound(id) : TypedResults.Ok(document);
    }

    internal static async Task<Results<Ok<DocumentResponse>, NotFoundProblem>> MarkProcessedAsync(string id, ApiCaller caller, AuthServerDbContext db,
        CancellationToken cancellationToken)
    {
        var document = Guid.TryParse(id, out var documentId)
            ? await db.Documents.ProcessableBy(caller).SingleOrDefaultAsync(d => d.Id == documentId, cancellationToken)
            : null;
        if (document is null)
        {
            return new NotFoundProblem($"There is no incoming document {id} that this token may see.");
        }

        if (document.Status != DocumentStatus.Processed)
        {
            document.Status = DocumentStatus.Processed;
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(DocumentResponse.From(document));
    }

    private static async Task<Results<Ok<Page<DocumentResponse>>, BadRequestProblem>> ListAsync(PageQuery page, ApiCaller caller, AuthServerDbContext db,
        DocumentDirection direction, CancellationToken cancellationToken)
    {
        var (limit, after, problem) = page.Parse();
        if (problem is not null)
        {
            return problem;
        }

        // Index (AccountId, Direction, CreatedAt): the access rules add the rest of the filter.
        var query = db.Documents.AsNoTracking().ReadableBy(caller).Where(d => d.Direction == direction);
        if (after is { } cursor)
        {
            query = query.Where(d => d.CreatedAt > cursor.CreatedAt || (d.CreatedAt == cursor.CreatedAt && d.Id.CompareTo(cursor.Id) > 0));
        }

        var rows = await query.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Take(limit + 1)
            .Select(d => new DocumentResponse(d.Id, d.ParticipantId, d.Direction, d.Type, d.Number, d.CounterpartyPeppolId,
                d.Status, d.CreatedByClientId, d.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(PageQuery.From(rows, limit, d => new Cursor(d.CreatedAt, d.Id)));
    }

    /// <summary>
    /// A repeat of the first request returns its document as it was answered then (201). The same key for a
    /// different request is a client bug that must not pass silently: 409.
    /// </summary>
    private static SendResult Replay(HttpContext http, Document earlier, ApiCaller caller, ValidDocument request)
    {
        if (!request.IsRepeatOf(earlier, caller.AccountId))
        {
            return new ConflictProblem(IdempotencyKeyHeader.ReusedCode,
                $"This client already used this {IdempotencyKeyHeader.Name} for a different document. Use a new key for each new document.");
        }

        http.Response.Headers[IdempotencyKeyHeader.ReplayedName] = "true";
        return TypedResults.Created(Location(earlier.Id), DocumentResponse.From(earlier));
    }

    private static string Location(Guid id) => $"/api/documents/{id}";

    private static NotFoundProblem NotFound(string id) => new($"There is no document {id} that this token may see.");
}
