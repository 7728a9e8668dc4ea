using AuthServer.Core.Affiliates;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace AuthServer.Razor.Pages.Settings;

/// <summary>
/// <c>/settings/affiliate-ids</c> (SPEC §4 method 4, §7): an account's Admins create, label, limit and
/// revoke the IDs their public pages pass to <c>/api/lookup</c>, and see each one's usage.
/// </summary>
public sealed class AffiliateIdsModel(AffiliateIdService service, IOptions<LookupOptions> options) : SettingsPageModel
{
    protected override bool AdminOnly => true;

    public IReadOnlyList<AffiliateIdSummary> Items { get; private set; } = [];

    public int DefaultPermitPerMinute => options.Value.PermitPerMinute;

    [BindProperty]
    public AffiliateIdInput Input { get; set; } = new();

    /// <summary>The form whose post failed validation, shown again with the values typed: <see cref="Guid.Empty"/> is the create form.</summary>
    public Guid? FailedForm { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (Validate() is not { } settings)
        {
            await LoadAsync(cancellationToken);
            return Redisplay(Guid.Empty);
        }

        var created = await service.CreateAsync(Account.AccountId, settings, Actor, cancellationToken);
        StatusMessage = $"Created affiliate ID {created.Id} ({created.Label}).";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUpdateAsync(Guid id, CancellationToken cancellationToken)
    {
        // Another account's ID, or a revoked one, is answered as if it did not exist.
        if (Validate() is not { } settings)
        {
            await LoadAsync(cancellationToken);
            return Items.Any(i => i.Id == id && !i.IsRevoked) ? Redisplay(id) : NotFound();
        }

        if (!await service.UpdateAsync(Account.AccountId, id, settings, Actor, cancellationToken))
        {
            return NotFound();
        }

        StatusMessage = $"Saved {settings.Label}. Lookups use the new settings from now on.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, bool confirm, CancellationToken cancellationToken)
    {
        if (!confirm)
        {
            await LoadAsync(cancellationToken);
            return Items.FirstOrDefault(i => i.Id == id && !i.IsRevoked) is { } item
                ? AskToConfirm(new Confirmation($"Revoke the affiliate ID {item.Label}?",
                    $"Lookups with {item.Id} are refused within 5 seconds, on every page and widget that uses it. This cannot be undone.",
                    "Revoke", new Dictionary<string, string> { ["id"] = id.ToString() }, "Revoke affiliate ID"))
                : NotFound();
        }

        if (!await service.RevokeAsync(Account.AccountId, id, Actor, cancellationToken))
        {
            return NotFound();
        }

        StatusMessage = $"Revoked affiliate ID {id}. Lookups with it are refused within 5 seconds.";
        return RedirectToPage();
    }

    /// <summary>The values a card's edit form shows: what was just typed if its post failed, else what is stored.</summary>
    public AffiliateIdInput FormValues(AffiliateIdSummary item) => FailedForm == item.Id ? Input : AffiliateIdInput.From(item);

    public IEnumerable<string> Errors(Guid form, string field) =>
        FailedForm == form && ModelState.TryGetValue($"{nameof(Input)}.{field}", out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    /// <summary>Whether the limit or origins of <paramref name="form"/> were refused, so their folded section opens.</summary>
    public bool OptionsFailed(Guid form) =>
        Errors(form, nameof(AffiliateIdInput.PermitPerMinute)).Any() || Errors(form, nameof(AffiliateIdInput.AllowedOrigins)).Any();

    private AffiliateIdSettings? Validate()
    {
        var (origins, errors) = Core.Affiliates.AllowedOrigins.Parse(Input.AllowedOrigins);
        foreach (var error in errors)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(AffiliateIdInput.AllowedOrigins)}", error);
        }

        return ModelState.IsValid ? new AffiliateIdSettings(Input.Label.Trim(), Input.PermitPerMinute, origins) : null;
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Items = await service.ListAsync(Account.AccountId, cancellationToken);

    private PageResult Redisplay(Guid form)
    {
        FailedForm = form;
        return Page();
    }
}
