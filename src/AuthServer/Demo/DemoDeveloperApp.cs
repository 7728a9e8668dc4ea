namespace AuthServer.Demo;

public sealed class DemoDeveloperApp
{
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public string Name { get; set; } = "Demo Invoicing App";
    public List<string> RedirectUris { get; set; } = [];
    public List<string> Scopes { get; set; } = [];
}
