using AuthServer.Core.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Razor.Settings;

/// <summary>
/// Base of every page that acts in the current account (/settings, /developers): signed-in users only,
/// bound to the current account, checked on every request, so a removed member is refused at once.
/// Pages that manage credentials, members or the audit log set <see cref="AdminOnly"/>; a Member then
/// gets the access-denied page, which names the account's Admins (SPEC §2).
/// </summary>
[Authorize]
public abstract class SettingsPageModel : PageModel
{
    public AccountMembershipView Account { get; private set; } = null!;

    /// <summary>Only the account's Admins may open the page.</summary>
    protected virtual bool AdminOnly => false;

    /// <summary>A destructive action waiting for its confirmation step; the layout shows it above the page.</summary>
    public Confirmation? PendingConfirmation { get; private set; }

    protected string UserId => CurrentAccount.UserId(User)!;

    /// <summary>The signed-in user and their network address, for the audit log.</summary>
    protected AuditActor Actor => AuditActor.User(UserId, HttpContext.Connection.RemoteIpAddress?.ToString());

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var current = context.HttpContext.RequestServices.GetRequiredService<CurrentAccount>();
        var account = await current.GetAsync(User, context.HttpContext.RequestAborted);
        if (account is null || (AdminOnly && !account.IsAdmin))
        {
            context.Result = new ForbidResult();
            return;
        }

        Account = account;
        await next();
    }

    /// <summary>Shows the page (already loaded by the caller) with the confirmation step on top; nothing is changed.</summary>
    protected PageResult AskToConfirm(Confirmation confirmation)
    {
        PendingConfirmation = confirmation;
        return Page();
    }
}
