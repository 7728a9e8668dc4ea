using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Identity;

/// <summary>
/// What our Identity pages with one form share: the form, bound on post, and Identity's verdicts (password
/// rules, a code that does not fit), which name no field and so are shown above it.
/// </summary>
/// <typeparam name="TInput">The page's form.</typeparam>
public abstract class IdentityFormPageModel<TInput> : PageModel
    where TInput : new()
{
    [BindProperty]
    public TInput Input { get; set; } = new();

    protected void ShowErrors(IEnumerable<IdentityError> errors)
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError(string.Empty, error.Description);
        }
    }
}
