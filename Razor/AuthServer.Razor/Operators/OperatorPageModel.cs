using AuthServer.Core.Operators;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AuthServer.Razor.Operators;

/// <summary>Base of the /operator pages: operators only (everyone else 404), who are known to the page as <see cref="Operator"/>.</summary>
[OperatorOnly]
public abstract class OperatorPageModel : PageModel
{
    protected OperatorActor Operator => OperatorOnlyAttribute.ActorOf(HttpContext);
}
