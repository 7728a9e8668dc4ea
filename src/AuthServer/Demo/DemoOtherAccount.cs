namespace AuthServer.Demo;

public sealed class DemoOtherAccount
{
    public string Name { get; set; } = "";
    public string UserEmail { get; set; } = "";
    public string UserPassword { get; set; } = "";
    public DemoApiKey ApiKey { get; set; } = new();
    public List<DemoParticipant> Participants { get; set; } = [];
}
