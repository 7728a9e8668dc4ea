using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Razor.Settings;

/// <summary>
/// Base of every /settings page: signed-in users only, bound to the current account. Pages that manage
/// credentials, members or affiliate IDs set <see cref="AdminOnly"/>; a Member then gets 403 (SPEC §2).
/// </summary>
[Authorize]
public abstract class SettingsPageModel : PageModel
{
    public AccountMembershipView Account { get; private set; } = null!;

    /// <summary>Only the account's Admins may open the page.</summary>
    protected virtual bool AdminOnly => false;

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
}
