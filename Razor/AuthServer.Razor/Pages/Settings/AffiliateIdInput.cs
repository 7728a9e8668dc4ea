using System.ComponentModel.DataAnnotations;
using AuthServer.Core.Affiliates;

namespace AuthServer.Razor.Pages.Settings;

/// <summary>What the create and edit forms post.</summary>
public sealed class AffiliateIdInput
{
    [Required(ErrorMessage = "Give the ID a label, e.g. the site or widget that uses it.")]
    [StringLength(200, ErrorMessage = "The label may have at most 200 characters.")]
    [Display(Name = "Label")]
    public string Label { get; set; } = "";

    [Range(1, LookupOptions.MaxPermitPerMinute, ErrorMessage = "The limit is a whole number of lookups a minute, from 1 to 1,000,000.")]
    [Display(Name = "Lookups per minute")]
    public int? PermitPerMinute { get; set; }

    [Display(Name = "Allowed browser origins")]
    public string? AllowedOrigins { get; set; }

    public static AffiliateIdInput From(AffiliateIdSummary item) => new()
    {
        Label = item.Label,
        PermitPerMinute = item.PermitPerMinute,
        AllowedOrigins = string.Join('\n', item.AllowedOrigins),
    };
}
