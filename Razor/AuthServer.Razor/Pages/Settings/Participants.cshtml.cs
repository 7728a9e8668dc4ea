using AuthServer.Core.Participants;
using AuthServer.Razor.Operators;
using AuthServer.Razor.Participants;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AuthServer.Razor.Pages.Settings;

/// <summary>
/// <c>/settings/participants</c> (SPEC §2, §7): the account's participants; Admins add, edit and remove
/// them, Members read. Every write goes through <see cref="ParticipantService"/>, the API's own rules. A
/// participant with documents cannot be removed; removing one ends its place in every grant, so
/// Developer Application tokens lose it at their next refresh. Each participant shows its verification status,
/// and a rejected one the operators' reason.
/// </summary>
public sealed class ParticipantsModel(ParticipantService participants, OperatorMail mail, IOptions<ParticipantsOptions> options) : SettingsPageModel
{
    /// <summary>New participants wait for an operator (<c>Participants:Verification=Operator</c>).</summary>
    public bool VerifiedByOperator => options.Value.Verification == VerificationMode.Operator;

    public IReadOnlyList<Participant> Items { get; private set; } = [];

    public IReadOnlyDictionary<Guid, int> Documents { get; private set; } = new Dictionary<Guid, int>();

    [BindProperty]
    public ParticipantForm Input { get; set; } = new();

    /// <summary>The form whose post was refused, shown again as typed: <see cref="Guid.Empty"/> is the add form.</summary>
    public Guid? FailedForm { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public string? ErrorMessage { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        if (!Account.IsAdmin)
        {
            return Forbid();
        }

        var result = await participants.CreateAsync(Account.AccountId, Input.ToDetails(), Actor, cancellationToken);
        return await AnswerAsync(result, Guid.Empty, $"Added {result.Participant?.Name}." + AwaitsVerification(result), cancellationToken);
    }

    public async Task<IActionResult> OnPostUpdateAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!Account.IsAdmin)
        {
            return Forbid();
        }

        // Another account's participant is answered as if it did not exist.
        if (await participants.FindAsync(Account.AccountId, id, cancellationToken) is not { } participant)
        {
            return NotFound();
        }

        var status = participant.Status;
        var result = await participants.UpdateAsync(participant, Input.ToDetails(), Actor, cancellationToken);
        return await AnswerAsync(result, id, $"Saved {participant.Name}." + (status == participant.Status ? "" : AwaitsVerification(result)), cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, bool confirm, CancellationToken cancellationToken)
    {
        if (!Account.IsAdmin)
        {
            return Forbid();
        }

        await LoadAsync(cancellationToken);
        if (Items.FirstOrDefault(p => p.Id == id) is not { } participant)
        {
            return NotFound();
        }

        if (Documents.GetValueOrDefault(id) is > 0 and var count)
        {
            ErrorMessage = CannotRemove(participant.Name, count);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        if (!confirm)
        {
            return AskToConfirm(new Confirmation($"Remove {participant.Name}?",
                $"{participant.PeppolId} leaves {Account.AccountName}. Applications approved for it lose it at their next token refresh; its peppolId becomes free to register again.",
                "Remove", new Dictionary<string, string> { ["id"] = id.ToString() }, "Remove participant"));
        }

        var removal = await participants.RemoveAsync(Account.AccountId, id, Actor, cancellationToken);
        switch (removal.Outcome)
        {
            case ParticipantRemovalOutcome.NotFound:
                return NotFound();
            case ParticipantRemovalOutcome.HasDocuments:
                await LoadAsync(cancellationToken);
                ErrorMessage = CannotRemove(participant.Name, removal.Documents);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                StatusMessage = $"Removed {removal.Name}.";
                return RedirectToPage();
        }
    }

    /// <summary>The values a card's edit form shows: what was just typed if its post failed, else what is stored.</summary>
    public ParticipantForm FormValues(Participant participant) => FailedForm == participant.Id ? Input : ParticipantForm.From(participant);

    public IEnumerable<string> Errors(Guid form, string field) =>
        FailedForm == form && ModelState.TryGetValue($"{nameof(Input)}.{field}", out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    private async Task<IActionResult> AnswerAsync(ParticipantWrite result, Guid form, string saved, CancellationToken cancellationToken)
    {
        switch (result.Outcome)
        {
            case ParticipantWriteOutcome.Saved:
                await mail.ClaimsRejectedAsync(Request, result.RejectedClaims);
                StatusMessage = saved;
                return RedirectToPage();
            case ParticipantWriteOutcome.PeppolIdTaken:
                ModelState.AddModelError($"{nameof(Input)}.{nameof(ParticipantForm.PeppolId)}",
                    $"{Input.PeppolId?.Trim()} is already registered on this access point (by this or another account).");
                break;
            default:
                foreach (var (field, messages) in result.Errors!.ByField)
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError($"{nameof(Input)}.{ParticipantForm.FieldOf[field]}", message);
                    }
                }

                break;
        }

        FailedForm = form;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private static string AwaitsVerification(ParticipantWrite result) =>
        result.Participant?.Status == ParticipantStatus.Pending
            ? " It awaits verification by this access point's operators: until then it is not found by lookups and cannot send or receive documents."
            : "";

    private static string CannotRemove(string name, int documents) =>
        $"{name} cannot be removed: {documents} document{(documents == 1 ? " was" : "s were")} sent or received as it, and they stay on record with it.";

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Items = await participants.ListAsync(Account.AccountId, cancellationToken);
        Documents = await participants.DocumentCountsAsync(Account.AccountId, cancellationToken);
    }
}
