namespace AuthServer.Demo;

public sealed class DemoApiKey
{
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public List<string> RedirectUris { get; set; } = [];
}
