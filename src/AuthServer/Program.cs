using AuthServer.Api;
using AuthServer.Audit;
using AuthServer.Authorization;
using AuthServer.Docs;
using AuthServer.Documents;
using AuthServer.Identity;
using AuthServer.Keys;
using AuthServer.Lookup;
using AuthServer.Mail;
using AuthServer.OAuth;
using AuthServer.Operators;
using AuthServer.Participants;
using AuthServer.Redis;
using AuthServer.Telemetry;

// Culture-neutral formatting everywhere, as in globalization-invariant mode (off for SqlClient's sake).
System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
System.Globalization.CultureInfo.DefaultThreadCurrentUICulture = System.Globalization.CultureInfo.InvariantCulture;

// Settings are read once (UseRootSettingsFile), so nothing watches the content root: with the default
// watcher, every write to a SQLite file there woke a thread (measured: a sixth of /renew's CPU).
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
builder.Configuration.UseRootSettingsFile(builder.Environment);

builder.KeepSecretsOutOfLogs()
    .AddAuthServerDatabase()
    .AddAuthServerKeys()
    .AddAuthServerCore()
    .AddAuditLog()
    .AddAuthServerScaleOut()
    .AddAuthServerMail()
    .AddAuthServerIdentity()
    .AddAuthServerOpenIddict()
    .AddAuthServerAuthorization()
    .AddOperatorConsole()
    .AddAuthServerApi()
    .AddAuthServerHealth()
    .AddLookup()
    .AddApiDocs()
    .AddAuthServerTelemetry();

var app = builder.Build();
app.StartTelemetry();
await app.InitializeAuthServerAsync();

app.UseAuthServerPipeline();
app.MapStaticAssets();
app.MapHealthEndpoints();
app.MapAccountEndpoints();
app.MapParticipantEndpoints();
app.MapDocumentEndpoints();
app.MapRazorPages();
app.MapLookupEndpoints();
app.MapApiDocs();
app.MapTelemetry();
app.PrintStartupBanner();

await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
