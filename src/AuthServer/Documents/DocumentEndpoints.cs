using AuthServer.Api;
using AuthServer.Core;
using AuthServer.Core.Accounts;
using AuthServer.Core.Data;
using AuthServer.Core.Documents;
using AuthServer.Core.Participants;
using AuthServer.Core.Validation;
using AuthServer.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Documents;

/// <summary>
/// <c>/api/documents</c> (SPEC §3, §6): send as one of the account's participants, list outgoing and incoming
/// documents, read one with its body, mark incoming ones processed. What each token sees is
/// <see cref="DocumentAccess"/>; anything else is 404.
/// </summary>
public static class DocumentEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Set on the answer to a repeated request, which returns the first request's document.</summary>
    public const string IdempotentReplayedHeader = "Idempotent-Replayed";

    /// <summary>409: this client used the Idempotency-Key before, for a different request.</summary>
    public const string IdempotencyKeyReusedCode = "IdempotencyKeyReused";

    /// <summary>409: the sending participant is pending or rejected: only verified participants send (SPEC §2).</summary>
    public const string ParticipantNotVerifiedCode = "ParticipantNotVerified";

    public const int MaxIdempotencyKeyLength = 200;

    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/documents").BearerApi().WithTags("Documents");

        group.MapPost("", SendAsync).RequireScope(Scopes.SendDocuments)
            .WithName("SendDocument")
            .WithSummary("Sends an invoice or credit note as one of the account's participants.")
            .WithDescription("A receiver registered (and verified) on this access point gets it at once as an incoming document with status new. " +
                             "Send an Idempotency-Key header (e.g. a UUID) to retry safely: a repeat returns the first document. " +
                             "A sender that is not verified yet gets 409 ParticipantNotVerified.")
            .AcceptsJson<SendDocumentRequest>(endpoints)
            .Produces<DocumentResponse>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("outgoing", ListOutgoingAsync).RequireScope(Scopes.SendDocuments, Scopes.ReadAllDocuments)
            .WithName("ListOutgoingDocuments")
            .WithSummary("Sent documents, oldest first: with send_documents only those this client sent; with read_all_documents all.")
            .Produces<Page<DocumentResponse>>().ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapGet("incoming", ListIncomingAsync).RequireScope(Scopes.ReceiveDocuments, Scopes.ReceiveAllDocuments, Scopes.ReadAllDocuments)
            .WithName("ListIncomingDocuments")
            .WithSummary("Received documents, oldest first: with receive_documents only new ones; with receive_all_documents or read_all_documents all.")
            .Produces<Page<DocumentResponse>>().ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapGet("{id}", GetAsync)
            .RequireScope(Scopes.SendDocuments, Scopes.ReceiveDocuments, Scopes.ReceiveAllDocuments, Scopes.ReadAllDocuments)
            .WithName("GetDocument")
            .WithSummary("One document with its body, if any of the token's scopes lets it see it.")
            .Produces<DocumentDetailResponse>().ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("{id}/processed", MarkProcessedAsync).RequireScope(Scopes.ReceiveDocuments, Scopes.ReceiveAllDocuments)
            .WithName("MarkDocumentProcessed")
            .WithSummary("Marks an incoming document processed; it then leaves the receive_documents list. Repeating it changes nothing.")
            .Produces<DocumentResponse>().ProducesProblems(StatusCodes.Status404NotFound);
        return endpoints;
    }

    internal static async Task<IResult> SendAsync(HttpContext http, AuthServerDbContext db, SuspendedAccounts suspended, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (idempotencyKey, keyProblem) = ReadIdempotencyKey(http.Request);
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
        if (Validate(request!, errors) is not { } valid)
        {
            return errors.ToResult();
        }

        var caller = ApiCaller.From(http.User);
        var sender = await db.Participants.AsNoTracking()
            .Where(p => p.Id == valid.SenderId && p.AccountId == caller.AccountId)
            .Select(p => new { p.Id, p.PeppolId, p.Status })
            .SingleOrDefaultAsync(cancellationToken);
        if (sender is null || !caller.MaySee(sender.Id))
        {
            return ApiProblems.NotFound($"There is no participant {valid.SenderId} that this token may send as (senderParticipantId).");
        }

        if (idempotencyKey is not null && await FindEarlierAsync(db, caller, idempotencyKey, cancellationToken) is { } earlier)
        {
            return Replay(http, earlier, caller, valid);
        }

        if (sender.Status != ParticipantStatus.Verified)
        {
            return ApiProblems.Result(StatusCodes.Status409Conflict, ParticipantNotVerifiedCode, "Conflict",
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
        var outgoing = new Document
        {
            AccountId = caller.AccountId,
            ParticipantId = sender.Id,
            Direction = DocumentDirection.Outgoing,
            Type = valid.Type,
            Number = valid.Number,
            CounterpartyPeppolId = receiver?.PeppolId ?? valid.ReceiverPeppolId,
            Status = DocumentStatus.Sent,
            CreatedByClientId = caller.ClientId,
            Body = valid.Body,
            IdempotencyKey = idempotencyKey,
            CreatedAt = now,
        };
        db.Documents.Add(outgoing);
        if (receiver is not null)
        {
            // Created by the sending client: the receiver's own clients see it through their receive scopes.
            db.Documents.Add(new Document
            {
                AccountId = receiver.AccountId,
                ParticipantId = receiver.Id,
                Direction = DocumentDirection.Incoming,
                Type = valid.Type,
                Number = valid.Number,
                CounterpartyPeppolId = sender.PeppolId,
                Status = DocumentStatus.New,
                CreatedByClientId = caller.ClientId,
                Body = valid.Body,
                CreatedAt = now,
            });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // A concurrent request with the same key won the unique index: answer as its repeat.
            db.ChangeTracker.Clear();
            if (await FindEarlierAsync(db, caller, idempotencyKey, CancellationToken.None) is not { } winner)
            {
                throw;
            }

            return Replay(http, winner, caller, valid);
        }

        return TypedResults.Created(Location(outgoing.Id), DocumentResponse.From(outgoing));
    }

    internal static Task<IResult> ListOutgoingAsync([AsParameters] PageQuery page, HttpContext http, AuthServerDbContext db, CancellationToken cancellationToken) =>
        ListAsync(page, http, db, DocumentDirection.Outgoing, cancellationToken);

    internal static Task<IResult> ListIncomingAsync([AsParameters] PageQuery page, HttpContext http, AuthServerDbContext db, CancellationToken cancellationToken) =>
        ListAsync(page, http, db, DocumentDirection.Incoming, cancellationToken);

    internal static async Task<IResult> GetAsync(string id, HttpContext http, AuthServerDbContext db, CancellationToken cancellationToken)
    {
        var document = Guid.TryParse(id, out var documentId)
            ? await db.Documents.AsNoTracking().ReadableBy(ApiCaller.From(http.User))
                .Where(d => d.Id == documentId)
                .Select(d => new DocumentDetailResponse(d.Id, d.ParticipantId, d.Direction, d.Type, d.Number, d.CounterpartyPeppolId,
                    d.Status, d.CreatedByClientId, d.CreatedAt, d.Body))
                .SingleOrDefaultAsync(cancellationToken)
            : null;
        return document is null ? NotFound(id) : TypedResults.Ok(document);
    }

    internal static async Task<IResult> MarkProcessedAsync(string id, HttpContext http, AuthServerDbContext db, CancellationToken cancellationToken)
    {
        var document = Guid.TryParse(id, out var documentId)
            ? await db.Documents.ProcessableBy(ApiCaller.From(http.User)).SingleOrDefaultAsync(d => d.Id == documentId, cancellationToken)
            : null;
        if (document is null)
        {
            return ApiProblems.NotFound($"There is no incoming document {id} that this token may see.");
        }

        if (document.Status != DocumentStatus.Processed)
        {
            document.Status = DocumentStatus.Processed;
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(DocumentResponse.From(document));
    }

    private static async Task<IResult> ListAsync(PageQuery page, HttpContext http, AuthServerDbContext db, DocumentDirection direction, CancellationToken cancellationToken)
    {
        var (limit, after, problem) = page.Parse();
        if (problem is not null)
        {
            return problem;
        }

        // Index (AccountId, Direction, CreatedAt): the access rules add the rest of the filter.
        var query = db.Documents.AsNoTracking().ReadableBy(ApiCaller.From(http.User)).Where(d => d.Direction == direction);
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

    private sealed record ValidDocument(Guid SenderId, string ReceiverPeppolId, string ReceiverKey, DocumentType Type, string Number, string Body);

    private static ValidDocument? Validate(SendDocumentRequest request, FieldErrors errors)
    {
        if (request.SenderParticipantId is null)
        {
            errors.Add("senderParticipantId", "senderParticipantId is required.");
        }

        var receiver = errors.Text("receiverPeppolId", request.ReceiverPeppolId, ParticipantRules.MaxPeppolIdLength, required: true);
        if (receiver is not null && !ParticipantRules.IsPeppolId(receiver))
        {
            errors.Add("receiverPeppolId", "receiverPeppolId must be scheme:value with a four-digit scheme, e.g. 0208:0123456789.");
        }

        DocumentType? type = request.Type switch
        {
            "invoice" => DocumentType.Invoice,
            "credit-note" => DocumentType.CreditNote,
            _ => null,
        };
        if (type is null)
        {
            errors.Add("type", string.IsNullOrEmpty(request.Type) ? "type is required." : "type must be invoice or credit-note.");
        }

        var number = errors.Text("number", request.Number, SendDocumentRequest.MaxNumberLength, required: true);
        if (string.IsNullOrWhiteSpace(request.Body))
        {
            errors.Add("body", "body is required.");
        }
        else if (DocumentBody.Check(request.Body, type) is { } bodyError)
        {
            errors.Add("body", bodyError);
        }

        return errors.Any
            ? null
            : new ValidDocument(request.SenderParticipantId!.Value, receiver!, IdentifierKey.Normalize(receiver)!, type!.Value, number!, request.Body!);
    }

    /// <returns>The key (null when none was sent), or the 400 when it is unusable.</returns>
    private static (string? Key, IResult? Problem) ReadIdempotencyKey(HttpRequest request)
    {
        var values = request.Headers[IdempotencyKeyHeader];
        if (values.Count == 0)
        {
            return (null, null);
        }

        var key = values.Count == 1 ? values[0]?.Trim() : null;
        return key is { Length: > 0 and <= MaxIdempotencyKeyLength } && key.All(c => c is >= ' ' and <= '~')
            ? (key, null)
            : (null, ValidationErrors.Single(IdempotencyKeyHeader,
                $"{IdempotencyKeyHeader} must be one value of 1 to {MaxIdempotencyKeyLength} printable ASCII characters, e.g. a UUID."));
    }

    private static Task<Document?> FindEarlierAsync(AuthServerDbContext db, ApiCaller caller, string key, CancellationToken cancellationToken) =>
        db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.CreatedByClientId == caller.ClientId && d.IdempotencyKey == key, cancellationToken);

    /// <summary>
    /// A repeat of the first request returns its document as it was answered then (201). The same key for a
    /// different request is a client bug that must not pass silently: 409.
    /// </summary>
    private static IResult Replay(HttpContext http, Document earlier, ApiCaller caller, ValidDocument request)
    {
        var same = earlier.AccountId == caller.AccountId && earlier.ParticipantId == request.SenderId && earlier.Type == request.Type &&
                   earlier.Number == request.Number && earlier.Body == request.Body &&
                   IdentifierKey.Normalize(earlier.CounterpartyPeppolId) == request.ReceiverKey;
        if (!same)
        {
            return ApiProblems.Result(StatusCodes.Status409Conflict, IdempotencyKeyReusedCode, "Conflict",
                $"This client already used this {IdempotencyKeyHeader} for a different document. Use a new key for each new document.");
        }

        http.Response.Headers[IdempotentReplayedHeader] = "true";
        return TypedResults.Created(Location(earlier.Id), DocumentResponse.From(earlier));
    }

    private static string Location(Guid id) => $"/api/documents/{id}";

    private static IResult NotFound(string id) => ApiProblems.NotFound($"There is no document {id} that this token may see.");
}
