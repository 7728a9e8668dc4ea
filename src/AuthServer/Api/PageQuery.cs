using System.ComponentModel;
using System.Globalization;
using AuthServer.Core.Validation;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Api;

/// <summary>
/// <c>?cursor=&amp;limit=</c> of every list. Bound as text and parsed here, so a bad value is our 400
/// naming the parameter rather than the framework's bare one.
/// </summary>
public sealed class PageQuery
{
    [FromQuery(Name = "cursor"), Description("The nextCursor of the previous page; leave out for the first page.")]
    public string? Cursor { get; init; }

    [FromQuery(Name = "limit"), Description("Items per page, 1 to 200 (default 50).")]
    public string? Limit { get; init; }

    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <returns>The limit and the position to continue after, or the 400 to answer.</returns>
    public (int Limit, Cursor? After, BadRequestProblem? Problem) Parse()
    {
        var errors = new FieldErrors();
        var limit = DefaultLimit;
        if (Limit is not null && (!int.TryParse(Limit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors.Add("limit", $"limit must be a whole number from 1 to {MaxLimit}.");
        }

        Cursor? after = null;
        if (!string.IsNullOrEmpty(Cursor) && (after = Api.Cursor.TryDecode(Cursor)) is null)
        {
            errors.Add("cursor", "cursor is not one this API returned: pass nextCursor from the previous page as it is.");
        }

        return errors.Any ? (0, null, BadRequestProblem.Validation(errors)) : (limit, after, null);
    }

    /// <summary>Builds the page from up to <c>limit + 1</c> rows: the extra row only says another page exists.</summary>
    public static Page<T> From<T>(List<T> rows, int limit, Func<T, Cursor> position)
    {
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }

        rows.RemoveAt(limit);
        return new Page<T>(rows, position(rows[^1]).Encode());
    }
}
