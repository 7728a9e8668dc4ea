using AuthServer.Api;
using AuthServer.Core;
using AuthServer.Core.Audit;
using AuthServer.Core.Data;
using AuthServer.Core.Participants;
using AuthServer.Hosting;
using AuthServer.Razor.Operators;
using Microsoft.EntityFrameworkCore;

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
            .WithName("ListParticipants").WithSummary("The participants this token may see, oldest first.")
            .Produces<Page<ParticipantResponse>>().ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapGet("{id}", GetAsync).RequireScope(Scopes.ReadParticipantInfo)
            .WithName("GetParticipant").WithSummary("One participant, with email, registration number and address.")
            .Produces<ParticipantResponse>().ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("", CreateAsync).RequireScope(Scopes.Admin)
            .WithName("CreateParticipant").WithSummary("Registers a participant in the token's account, pending until the access point's operators verify it; " +
                "a peppolId held by a verified participant is refused.")
            .AcceptsJson<ParticipantInput>(endpoints)
            .Produces<ParticipantResponse>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status409Conflict);
        group.MapPut("{id}", UpdateAsync).RequireScope(Scopes.Admin)
            .WithName("UpdateParticipant").WithSummary("Replaces a participant's details: members left out become empty. " +
                "Changing a verified participant's euVatId, rn, countryCode or peppolId makes it pending again.")
            .AcceptsJson<ParticipantInput>(endpoints)
            .Produces<ParticipantResponse>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return endpoints;
    }

    internal static async Task<IResult> ListAsync([AsParameters] PageQuery page, HttpContext http, AuthServerDbContext db, CancellationToken cancellationToken)
    {
        var (limit, after, problem) = page.Parse();
        if (problem is not null)
        {
            return problem;
        }

        var query = Visible(db.Participants.AsNoTracking(), ApiCaller.From(http.User));
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

    internal static async Task<IResult> GetAsync(string id, HttpContext http, AuthServerDbContext db, CancellationToken cancellationToken)
    {
        var participant = Guid.TryParse(id, out var participantId)
            ? await Visible(db.Participants.AsNoTracking(), ApiCaller.From(http.User)).SingleOrDefaultAsync(p => p.Id == participantId, cancellationToken)
            : null;
        return participant is null ? NotFound(id) : TypedResults.Ok(ParticipantResponse.From(participant));
    }

    internal static async Task<IResult> CreateAsync(HttpContext http, ParticipantService participants, OperatorMail mail, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ParticipantInput>(http);
        if (problem is not null)
        {
            return problem;
        }

        var caller = ApiCaller.From(http.User);
        var result = await participants.CreateAsync(caller.AccountId, body!.ToDetails(), Actor(http, caller), cancellationToken);
        await mail.ClaimsRejectedAsync(http.Request, result.RejectedClaims);
        return Answer(result, body, saved => TypedResults.Created($"/api/participants/{saved.Id}", ParticipantResponse.From(saved)));
    }

    internal static async Task<IResult> UpdateAsync(string id, HttpContext http, AuthServerDbContext db, ParticipantService participants,
        OperatorMail mail, CancellationToken cancellationToken)
    {
        var caller = ApiCaller.From(http.User);
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
        return Answer(result, body, saved => TypedResults.Ok(ParticipantResponse.From(saved)));
    }

    private static AuditActor Actor(HttpContext http, ApiCaller caller) => AuditActor.Client(caller.ClientId, http.Connection.RemoteIpAddress?.ToString());

    private static IResult Answer(ParticipantWrite result, ParticipantInput input, Func<Participant, IResult> saved) => result.Outcome switch
    {
        ParticipantWriteOutcome.Saved => saved(result.Participant!),
        ParticipantWriteOutcome.PeppolIdTaken => PeppolIdTaken(input.PeppolId!.Trim()),
        _ => result.Errors!.ToResult(),
    };

    /// <summary>The token's account, narrowed to the grant's verified participants for a Developer Application token.</summary>
    private static IQueryable<Participant> Visible(IQueryable<Participant> participants, ApiCaller caller)
    {
        var accountId = caller.AccountId;
        var query = participants.Where(p => p.AccountId == accountId);
        return caller.ParticipantIds is { } approved ? query.Where(p => approved.Contains(p.Id) && p.Status == ParticipantStatus.Verified) : query;
    }

    private static IResult NotFound(string id) => ApiProblems.NotFound($"There is no participant {id} that this token may see.");

    private static IResult PeppolIdTaken(string peppolId) => ApiProblems.Result(StatusCodes.Status409Conflict, PeppolIdTakenCode, "Conflict",
        $"The peppolId {peppolId} is already registered on this access point (verified, or claimed by this account).",
        new Dictionary<string, string[]> { ["peppolId"] = ["Already registered."] });
}
