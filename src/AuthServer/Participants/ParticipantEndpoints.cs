using AuthServer.Api;
using AuthServer.Core;
using AuthServer.Core.Audit;
using AuthServer.Core.Data;
using AuthServer.Core.Participants;
using AuthServer.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Participants;

/// <summary>
/// <c>/api/participants</c> (SPEC §3, §6): reading needs <c>read_participant_info</c>, creating and editing
/// <c>admin</c>. Only the token's account exists here, and for a Developer Application token only the
/// participants its grant approved; anything else is 404.
/// </summary>
public static class ParticipantEndpoints
{
    /// <summary>409: the peppolId is already registered on this server (by any account).</summary>
    public const string PeppolIdTakenCode = "PeppolIdTaken";

    public const string CreatedAction = "participant.created";
    public const string UpdatedAction = "participant.updated";

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
            .WithName("CreateParticipant").WithSummary("Registers a participant in the token's account; its peppolId must be new to this server.")
            .AcceptsJson<ParticipantInput>(endpoints)
            .Produces<ParticipantResponse>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status409Conflict);
        group.MapPut("{id}", UpdateAsync).RequireScope(Scopes.Admin)
            .WithName("UpdateParticipant").WithSummary("Replaces a participant's details: members left out become empty.")
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
                Participant = new ParticipantResponse(p.Id, p.Name, p.EuVatId, p.Rn, p.CountryCode, p.PeppolId, p.Email, p.Address),
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

    /// <summary>The body, parsed and validated: create and replace take the same input.</summary>
    private static async Task<(ParticipantInput? Input, IResult? Problem)> ReadInputAsync(HttpContext http)
    {
        var (body, problem) = await JsonBody.ReadAsync<ParticipantInput>(http);
        if (problem is not null)
        {
            return (null, problem);
        }

        var errors = new ValidationErrors();
        return body!.Validate(errors) is { } input ? (input, null) : (null, errors.ToResult());
    }

    internal static async Task<IResult> CreateAsync(HttpContext http, AuthServerDbContext db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var (input, problem) = await ReadInputAsync(http);
        if (problem is not null)
        {
            return problem;
        }

        var caller = ApiCaller.From(http.User);
        var participant = new Participant { AccountId = caller.AccountId, Name = input!.Name!, CreatedAt = time.GetUtcNow().UtcDateTime };
        input.ApplyTo(participant);
        if (await PeppolIdTakenAsync(db, participant, cancellationToken))
        {
            return PeppolIdTaken(input.PeppolId!);
        }

        db.Participants.Add(participant);
        audit.Record(caller.AccountId, "client:" + caller.ClientId, CreatedAction, participant.Id.ToString(), ip: http.Connection.RemoteIpAddress?.ToString());
        return await SaveAsync(db, participant, cancellationToken) ??
               TypedResults.Created($"/api/participants/{participant.Id}", ParticipantResponse.From(participant));
    }

    internal static async Task<IResult> UpdateAsync(string id, HttpContext http, AuthServerDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        var caller = ApiCaller.From(http.User);
        var participant = Guid.TryParse(id, out var participantId)
            ? await Visible(db.Participants, caller).SingleOrDefaultAsync(p => p.Id == participantId, cancellationToken)
            : null;
        if (participant is null)
        {
            return NotFound(id);
        }

        var (input, problem) = await ReadInputAsync(http);
        if (problem is not null)
        {
            return problem;
        }

        input!.ApplyTo(participant);
        if (await PeppolIdTakenAsync(db, participant, cancellationToken))
        {
            return PeppolIdTaken(input.PeppolId!);
        }

        audit.Record(caller.AccountId, "client:" + caller.ClientId, UpdatedAction, participant.Id.ToString(), ip: http.Connection.RemoteIpAddress?.ToString());
        return await SaveAsync(db, participant, cancellationToken) ?? TypedResults.Ok(ParticipantResponse.From(participant));
    }

    /// <summary>The token's account, narrowed to the grant's participants for a Developer Application token.</summary>
    private static IQueryable<Participant> Visible(IQueryable<Participant> participants, ApiCaller caller)
    {
        var accountId = caller.AccountId;
        var query = participants.Where(p => p.AccountId == accountId);
        return caller.ParticipantIds is { } approved ? query.Where(p => approved.Contains(p.Id)) : query;
    }

    private static Task<bool> PeppolIdTakenAsync(AuthServerDbContext db, Participant participant, CancellationToken cancellationToken) =>
        db.Participants.AsNoTracking().AnyAsync(p => p.PeppolIdKey == participant.PeppolIdKey && p.Id != participant.Id, cancellationToken);

    /// <returns>Null when saved; 409 when another request took the peppolId in the meantime (the unique index).</returns>
    private static async Task<IResult?> SaveAsync(AuthServerDbContext db, Participant participant, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException)
        {
            if (!await PeppolIdTakenAsync(db, participant, CancellationToken.None))
            {
                throw;
            }

            return PeppolIdTaken(participant.PeppolId);
        }
    }

    private static IResult NotFound(string id) => ApiProblems.NotFound($"There is no participant {id} that this token may see.");

    private static IResult PeppolIdTaken(string peppolId) => ApiProblems.Result(StatusCodes.Status409Conflict, PeppolIdTakenCode, "Conflict",
        $"The peppolId {peppolId} is already registered on this access point.", new Dictionary<string, string[]> { ["peppolId"] = ["Already registered."] });
}
