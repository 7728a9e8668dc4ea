using System.Globalization;
using System.Text;
using AuthServer.Core.Audit;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AuthServer.Razor.Pages.Settings;

/// <summary>
/// <c>/settings/audit-log</c> (SPEC §2, §7), for Admins: the account's events newest first, who did what,
/// when and from which network; filtered by kind and UTC days, paged by keyset, and downloadable as CSV
/// (every row of the filtered view, not just the page shown).
/// </summary>
public sealed class AuditLogModel(AuditTrail trail, IOptions<AuditOptions> options) : SettingsPageModel
{
    protected override bool AdminOnly => true;

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public AuditPage Events { get; private set; } = new([], null);

    public int RetentionDays => options.Value.RetentionDays;

    /// <summary>The filter as query values, for the paging and CSV links.</summary>
    public Dictionary<string, string?> FilterValues => new()
    {
        ["kind"] = AuditKind.Find(Kind)?.Key,
        ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Filter() is { } filter)
        {
            Events = await trail.PageAsync(Account.AccountId, filter, Cursor, cancellationToken);
        }
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        if (Filter() is not { } filter)
        {
            return BadRequest();
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"audit-log-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = name }.ToString();
        Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await writer.WriteAsync(Csv.Line(["time_utc", "event", "action", "who", "actor", "target", "detail", "outcome", "network"]));
        await foreach (var row in trail.AllAsync(Account.AccountId, filter, cancellationToken))
        {
            await writer.WriteAsync(Csv.Line([row.At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), row.Description, row.Action,
                row.Who, row.Actor, row.Target, row.Detail, row.Outcome == AuditOutcome.Success ? "success" : "failure", row.Ip]));
        }

        return new EmptyResult();
    }

    /// <returns>The filter, or null with the reasons in ModelState.</returns>
    private AuditFilter? Filter()
    {
        var kind = AuditKind.Find(Kind);
        if (!string.IsNullOrEmpty(Kind) && kind is null)
        {
            ModelState.AddModelError(nameof(Kind), "Choose a kind from the list.");
        }

        if (From is { } from && To is { } to && from > to)
        {
            ModelState.AddModelError(nameof(To), "The end date is before the start date.");
        }

        // Binding failures (a date that is not one) are already in ModelState.
        return ModelState.IsValid ? new AuditFilter(kind, From, To) : null;
    }
}
