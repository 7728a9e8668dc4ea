using AuthServer.Api;
using AuthServer.Core;
using AuthServer.Core.Audit;
using AuthServer.Core.Participants;
using AuthServer.Razor.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuthServer.Participants;

/// <summary>
/// <c>/api/participants</c> (SPEC §3, §6): reading needs <c>read_participant_info</c>, creating and editing
/// <c>admin</c>. Only the token's account exists here, and for a Developer Application token only the
/// verified participants its grant approved; anything else is 404. The account's own API key sees pending
/// and rejected participants too, with their <c>status</c>, so its owner can manage them.
/// </summary>
public static class ParticipantEndpoints
{
    /// <summary>409: a verified participant (of any account) holds the peppolId, or this account already claims it.</summary>
    public const string PeppolIdTakenCode = "PeppolIdTaken";

    public static IEndpointRouteBuilder MapParticipantEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/participants").BearerApi().WithTags("Participants");

        group.MapGet("", ListAsync).RequireScope(Scopes.ReadParticipantInfo)
            .WithName("ListParticipants").WithSummary("The participants this token may see, oldest first.");
        group.MapGet("{id}", GetAsync).RequireScope(Scopes.ReadParticipantInfo)
            .WithName("GetParticipant").WithSummary("One participant, with email, registration number and address.");
        group.MapPost("", CreateAsync).RequireScope(Scopes.Admin)
            .WithName("CreateParticipant").WithSummary("Registers a participant in the token's account, pending until the access point's operators verify it; " +
                "a peppolId held by a verified participant is refused.")
            .AcceptsJson<ParticipantInput>(endpoints);
        group.MapPut("{id}", UpdateAsync).RequireScope(Scopes.Admin)
            .WithName("UpdateParticipant").WithSummary("Replaces a participant's details: members left out become empty. " +
                "Changing a verified participant's euVatId, rn, countryCode or peppolId makes it pending again.")
            .AcceptsJson<ParticipantInput>(endpoints);
        return endpoints;
    }

    internal static async Task<Results<Ok<Page<ParticipantResponse>>, BadRequestProblem>> ListAsync([AsParameters] PageQuery page, ApiCaller caller,
        AuthServerDbContext db, CancellationToken cancellationToken)
    {
        var (limit, after, problem) = page.Parse();
        if (problem is not null)
        {
            return problem;
        }

        var query = Visible(db.Participants.AsNoTracking(), caller);
        if (after is { } cursor)
        {
            query = query.Where(p => p.CreatedAt > cursor.CreatedAt || (p.CreatedAt == cursor.CreatedAt && p.Id.CompareTo(cursor.Id) > 0));
        }

        var rows = await query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Take(limit + 1)
            .Select(p => new
            {
                Participant = new ParticipantResponse(p.Id, p.Name, p.EuVatId, p.Rn, p.CountryCode, p.PeppolId, p.Email, p.Address, p.Status),
                p.CreatedAt,
            })
            .ToListAsync(cancellationToken);
        var result = PageQuery.From(rows, limit, r => new Cursor(r.CreatedAt, r.Participant.Id));
        return TypedResults.Ok(new Page<ParticipantResponse>([.. result.Items.Select(r => r.Participant)], result.NextCursor));
    }

    internal static async Task<Results<Ok<ParticipantResponse>, NotFoundProblem>> GetAsync(string id, ApiCaller caller, AuthServerDbContext db,
        CancellationToken cancellationToken)
    {
        var participant = Guid.TryParse(id, out var participantId)
            ? await Visible(db.Participants.AsNoTracking(), caller).SingleOrDefaultAsync(p => p.Id == participantId, cancellationToken)
            : null;
        return participant is null ? NotFound(id) : TypedResults.Ok(ParticipantResponse.From(participant));
    }

    internal static async Task<Results<Created<ParticipantResponse>, JsonBodyProblem, BadRequestProblem, ConflictProblem>> CreateAsync(ApiCaller caller,
        HttpContext http, ParticipantService participants, OperatorMail mail, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ParticipantInput>(http);
        if (problem is not null)
        {
            return problem;
        }

        var result = await participants.CreateAsync(caller.AccountId, body!.ToDetails(), Actor(http, caller), cancellationToken);
        await mail.ClaimsRejectedAsync(http.Request, result.RejectedClaims);
        return result.Outcome switch
        {
            ParticipantWriteOutcome.Saved => TypedResults.Created($"/api/participants/{result.Participant!.Id}", ParticipantResponse.From(result.Participant)),
            ParticipantWriteOutcome.PeppolIdTaken => PeppolIdTaken(body!),
            _ => BadRequestProblem.Validation(result.Errors!),
        };
    }

    internal static async Task<Results<Ok<ParticipantResponse>, JsonBodyProblem, BadRequestProblem, NotFoundProblem, ConflictProblem>> UpdateAsync(string id,
        ApiCaller caller, HttpContext http, AuthServerDbContext db, ParticipantService participants, OperatorMail mail, CancellationToken cancellationToken)
    {
        var participant = Guid.TryParse(id, out var participantId)
            ? await Visible(db.Participants, caller).SingleOrDefaultAsync(p => p.Id == participantId, cancellationToken)
            : null;
        if (participant is null)
        {
            return NotFound(id);
        }

        var (body, problem) = await JsonBody.ReadAsync<ParticipantInput>(http);
        if (problem is not null)
        {
            return problem;
        }

        var result = await participants.UpdateAsync(participant, body!.ToDetails(), Actor(http, caller), cancellationToken);
        await mail.ClaimsRejectedAsync(http.Request, result.RejectedClaims);
        return result.Outcome switch
        {
            ParticipantWriteOutcome.Saved => TypedResults.Ok(ParticipantResponse.From(result.Participant!)),
            ParticipantWriteOutcome.PeppolIdTaken => PeppolIdTaken(body!),
            _ => BadRequestProblem.Validation(result.Errors!),
        };
    }

    private static AuditActor Actor(HttpContext http, ApiCaller caller) => AuditActor.Client(caller.ClientId, http.Connection.RemoteIpAddress?.ToString());

    /// <summary>The token's account, narrowed to the grant's verified participants for a Developer Application token.</summary>
    private static IQueryable<Participant> Visible(IQueryable<Participant> participants, ApiCaller caller)
    {
        var accountId = caller.AccountId;
        var query = participants.Where(p => p.AccountId == accountId);
        return caller.ParticipantIds is { } approved ? query.Where(p => approved.Contains(p.Id) && p.Status == ParticipantStatus.Verified) : query;
    }

    private static NotFoundProblem NotFound(string id) => new($"There is no participant {id} that this token may see.");

    private static ConflictProblem PeppolIdTaken(ParticipantInput input) => new(PeppolIdTakenCode,
        $"The peppolId {input.PeppolId!.Trim()} is already registered on this access point (verified, or claimed by this account).",
        new Dictionary<string, string[]> { ["peppolId"] = ["Already registered."] });
}
