using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AuthServer.Razor.Pages;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
