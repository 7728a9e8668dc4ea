using System.ComponentModel.DataAnnotations;
using AuthServer.Core.Clients;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AuthServer.Razor.Developers;

/// <summary>The Developer Application form (create and edit) as posted.</summary>
public sealed class AppInput
{
    public const int MaxRedirectUris = 10;

    [Required, StringLength(100)]
    public string Name { get; set; } = "";

    [StringLength(1000)]
    public string? Description { get; set; }

    [Required, StringLength(500), Display(Name = "Homepage")]
    public string HomepageUrl { get; set; } = "";

    /// <summary>Fixed once the app exists: changing it would change what its secrets and tokens mean.</summary>
    public AppClientType ClientType { get; set; } = AppClientType.Confidential;

    /// <summary>For confidential apps; recommended (RFC 9700 §2.1.1), so on by default.</summary>
    public bool RequirePkce { get; set; } = true;

    public List<string> Scopes { get; set; } = [];

    [Required, Display(Name = "Redirect URIs")]
    public string RedirectUris { get; set; } = "";

    /// <summary>Checks what attributes cannot, adding errors under the fields' names.</summary>
    /// <returns>The redirect URIs, one per line, trimmed and without repeats.</returns>
    public IReadOnlyList<string> Validate(ModelStateDictionary modelState)
    {
        if (!string.IsNullOrWhiteSpace(HomepageUrl) &&
            (!Uri.TryCreate(HomepageUrl.Trim(), UriKind.Absolute, out var homepage) || homepage.Scheme != Uri.UriSchemeHttps || homepage.UserInfo.Length > 0))
        {
            modelState.AddModelError("Input.HomepageUrl", "The homepage must be an https address.");
        }

        if (Scopes.Count == 0)
        {
            modelState.AddModelError("Input.Scopes", "Choose at least one scope the application may ask for.");
        }
        else if (Scopes.FirstOrDefault(s => !Core.Scopes.IsKnown(s)) is { } unknown)
        {
            modelState.AddModelError("Input.Scopes", $"'{unknown}' is not a scope of this server.");
        }

        var lines = (RedirectUris ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length > MaxRedirectUris)
        {
            modelState.AddModelError("Input.RedirectUris", $"At most {MaxRedirectUris} redirect URIs.");
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (RedirectUriRules.Check(lines[i]) is { } reason)
            {
                modelState.AddModelError("Input.RedirectUris", $"Line {i + 1} ({lines[i]}) {reason}.");
            }
        }

        return [.. lines.Distinct(StringComparer.Ordinal)];
    }
}
