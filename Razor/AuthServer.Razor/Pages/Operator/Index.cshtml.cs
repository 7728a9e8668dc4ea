using AuthServer.Core.Operators;
using AuthServer.Core.Participants;
using AuthServer.Razor.Operators;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Razor.Pages.Operator;

/// <summary>
/// <c>/operator</c> (SPEC §7): the server operators' console. Pending participants with their account,
/// identifiers and who added them, to verify or reject with a reason; every account with its members and
/// participants, to suspend or reinstate with a reason; and the operator log. Each action is audited in the
/// account's log and the operator log, and mailed to the account's Admins.
/// </summary>
public sealed class IndexModel(
    OperatorConsole console,
    OperatorLog log,
    ParticipantService participants,
    AccountSuspensions suspensions,
    OperatorMail mail) : OperatorPageModel
{
    public IReadOnlyList<PendingParticipant> Pending { get; private set; } = [];

    public int PendingTotal { get; private set; }

    /// <summary>Whether the pending participant has its card (with Verify and Reject) in the queue shown above.</summary>
    public bool IsQueued(Guid participantId) => Pending.Any(p => p.Id == participantId);

    public IReadOnlyList<OperatorAccount> Accounts { get; private set; } = [];

    public int AccountsTotal { get; private set; }

    public IReadOnlyList<OperatorLogRow> Log { get; private set; } = [];

    public long? OlderLog { get; private set; }

    /// <summary>The accounts search (<c>?q=</c>): name, participant name or Peppol ID, member email.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public string? ErrorMessage { get; private set; }

    /// <summary>The participant or account whose form was refused: its reason field shows the error.</summary>
    public Guid? FailedForm { get; private set; }

    public string OperatorEmail => Operator.Email;

    public Task OnGetAsync(string? before, CancellationToken cancellationToken) => LoadAsync(OperatorLog.Cursor(before), cancellationToken);

    public async Task<IActionResult> OnPostVerifyAsync(Guid id, CancellationToken cancellationToken)
    {
        var change = await participants.VerifyAsync(id, Operator, cancellationToken);
        switch (change.Outcome)
        {
            case OperatorOutcome.Done:
                var participant = change.Participant!;
                await mail.ParticipantVerifiedAsync(Request, participant, await AccountNameAsync(participant.AccountId, cancellationToken));
                await mail.ClaimsRejectedAsync(Request, change.Rejected);
                return Done($"Verified {participant.Name} ({participant.PeppolId})." +
                            (change.Rejected.Count == 0 ? "" : $" {change.Rejected.Count} other claim{(change.Rejected.Count == 1 ? " on it was" : "s on it were")} rejected."));
            case OperatorOutcome.Unchanged:
                return Done($"{change.Participant!.Name} was already verified.");
            case OperatorOutcome.PeppolIdTaken:
                return await FailAsync(StatusCodes.Status409Conflict, id,
                    $"{change.Participant!.Name} cannot be verified: another participant already holds {change.Participant.PeppolId} verified. Reject one of them.", cancellationToken);
            default:
                return NotFound();
        }
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, string? reason, CancellationToken cancellationToken)
    {
        var change = await participants.RejectAsync(id, reason, Operator, cancellationToken);
        switch (change.Outcome)
        {
            case OperatorOutcome.Done:
                var participant = change.Participant!;
                await mail.ParticipantRejectedAsync(Request, participant.AccountId, participant.Name, participant.PeppolId, participant.StatusReason!);
                return Done($"Rejected {participant.Name} ({participant.PeppolId}).");
            case OperatorOutcome.Unchanged:
                return Done($"{change.Participant!.Name} was already rejected.");
            case OperatorOutcome.ReasonRequired:
                return await FailAsync(StatusCodes.Status400BadRequest, id, OperatorReason.Problem, cancellationToken);
            default:
                return NotFound();
        }
    }

    public Task<IActionResult> OnPostSuspendAsync(Guid accountId, string? reason, CancellationToken cancellationToken) =>
        SuspensionAsync(suspensions.SuspendAsync(accountId, reason, Operator, cancellationToken), "Suspended", "was already suspended",
            (result) => mail.AccountSuspendedAsync(Request, result.AccountId, result.AccountName!, result.Reason!), cancellationToken);

    public Task<IActionResult> OnPostReinstateAsync(Guid accountId, string? reason, CancellationToken cancellationToken) =>
        SuspensionAsync(suspensions.ReinstateAsync(accountId, reason, Operator, cancellationToken), "Reinstated", "was not suspended",
            (result) => mail.AccountReinstatedAsync(Request, result.AccountId, result.AccountName!, result.Reason!), cancellationToken);

    private async Task<IActionResult> SuspensionAsync(Task<SuspensionResult> change, string done, string unchanged, Func<SuspensionResult, Task> notify,
        CancellationToken cancellationToken)
    {
        var result = await change;
        switch (result.Outcome)
        {
            case OperatorOutcome.Done:
                await notify(result);
                return Done($"{done} {result.AccountName}.");
            case OperatorOutcome.Unchanged:
                return Done($"{result.AccountName} {unchanged}.");
            case OperatorOutcome.ReasonRequired:
                return await FailAsync(StatusCodes.Status400BadRequest, result.AccountId, OperatorReason.Problem, cancellationToken);
            default:
                return NotFound();
        }
    }

    private RedirectToPageResult Done(string message)
    {
        StatusMessage = message;
        return RedirectToPage(new { q = Search });
    }

    private async Task<IActionResult> FailAsync(int status, Guid form, string message, CancellationToken cancellationToken)
    {
        ErrorMessage = message;
        FailedForm = form;
        Response.StatusCode = status;
        await LoadAsync(null, cancellationToken);
        return Page();
    }

    private async Task<string> AccountNameAsync(Guid accountId, CancellationToken cancellationToken) =>
        (await console.AccountNameAsync(accountId, cancellationToken)) ?? accountId.ToString();

    private async Task LoadAsync(long? before, CancellationToken cancellationToken)
    {
        (Pending, PendingTotal) = await console.PendingAsync(cancellationToken);
        (Accounts, AccountsTotal) = await console.AccountsAsync(Search, cancellationToken);
        (Log, OlderLog) = await log.PageAsync(before, cancellationToken);
    }
}
