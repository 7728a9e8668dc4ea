using System.Net;
using AuthServer.Core.Documents;
using Microsoft.EntityFrameworkCore;
using AuthServer.IntegrationTests.Infrastructure;
using static AuthServer.IntegrationTests.Infrastructure.ApiClients;

namespace AuthServer.IntegrationTests.Api;

/// <summary>
/// SPEC §3's scope table, run through real HTTP: for each endpoint and each single-scope token of the demo
/// API key (client credentials), the status it gets. Placeholders name what each row is tried on:
/// {participant} one of Demo Company's participants; {outgoing} a document this same client sent;
/// {incoming} a new incoming document of Demo Company (sent to it by Integrator Ltd); fresh for every row.
/// 403 means the token has none of the endpoint's scopes (InsufficientScope); 404 that its scopes open the
/// endpoint but do not let it see that document.
/// </summary>
public sealed class ScopeMatrixTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    private const string Matrix = """
        endpoint                                   admin  read_participant_info  send_documents  receive_documents  receive_all_documents  read_all_documents
        GET  /api/account                          200    200                    200             200                200                    200
        GET  /api/participants                     200    200                    403             403                403                    403
        GET  /api/participants/{participant}       200    200                    403             403                403                    403
        POST /api/participants                     201    403                    403             403                403                    403
        PUT  /api/participants/{participant}       200    403                    403             403                403                    403
        POST /api/documents                        201    403                    201             403                403                    403
        GET  /api/documents/outgoing               200    403                    200             403                403                    200
        GET  /api/documents/incoming               200    403                    403             200                200                    200
        GET  /api/documents/{outgoing}             200    403                    200             404                404                    200
        GET  /api/documents/{incoming}             200    403                    404             200                200                    200
        POST /api/documents/{incoming}/processed   200    403                    403             200                200                    403
        POST /api/documents/{outgoing}/processed   404    403                    403             404                404                    403
        """;

    public static TheoryData<string, string, string, int> Cases()
    {
        var lines = Matrix.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var scopes = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        var data = new TheoryData<string, string, string, int>();
        foreach (var line in lines[1..])
        {
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2 + scopes.Length, cells.Length);
            for (var i = 0; i < scopes.Length; i++)
            {
                data.Add(cells[0], cells[1], scopes[i], int.Parse(cells[2 + i], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ScopeMatrix_SingleScopeApiKeyToken_GetsTheTablesStatus(string method, string path, string scope, int expected)
    {
        var participant = await ParticipantIdAsync(host, DemoBvPeppolId);
        var url = path.Replace("{participant}", participant.ToString(), StringComparison.Ordinal);
        if (url.Contains("{outgoing}", StringComparison.Ordinal))
        {
            using var sender = Client(host, await ApiKeyTokenAsync(host, "send_documents"));
            var outgoing = await SendAsync(sender, participant, IntegratorPeppolId, "OUT-" + Guid.NewGuid().ToString("N")[..8]);
            url = url.Replace("{outgoing}", outgoing.GetProperty("id").GetString(), StringComparison.Ordinal);
        }

        if (url.Contains("{incoming}", StringComparison.Ordinal))
        {
            url = url.Replace("{incoming}", await IncomingForDemoAsync(), StringComparison.Ordinal);
        }

        using var client = Client(host, await ApiKeyTokenAsync(host, scope));
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = BodyFor(method, path, participant) };
        using var response = await client.SendAsync(request);

        Assert.True(expected == (int)response.StatusCode,
            $"{method} {path} with {scope}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (expected == 403)
        {
            await AssertProblemAsync(response, HttpStatusCode.Forbidden, "InsufficientScope");
        }
        else if (expected == 404)
        {
            await AssertProblemAsync(response, HttpStatusCode.NotFound, "NotFound");
        }
    }

    /// <summary>Integrator Ltd's API key sends to Demo Company BV: a new incoming document in Demo Company.</summary>
    private async Task<string> IncomingForDemoAsync()
    {
        using var integrator = Client(host, await ApiKeyTokenAsync(host, "send_documents", IntegratorApiKey, IntegratorApiKeySecret));
        var number = "IN-" + Guid.NewGuid().ToString("N")[..8];
        await SendAsync(integrator, await ParticipantIdAsync(host, IntegratorPeppolId), DemoBvPeppolId, number);
        return (await host.WithDbAsync(db => db.Documents
            .Where(d => d.Number == number && d.Direction == DocumentDirection.Incoming)
            .Select(d => d.Id).SingleAsync())).ToString();
    }

    private static StringContent? BodyFor(string method, string path, Guid participant) => (method, path) switch
    {
        ("POST", "/api/participants") => Json($$"""{"name":"Matrix Co","countryCode":"BE","peppolId":"0208:{{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}}"}"""),
        ("PUT", _) => Json($$"""{"name":"Demo Company BV","countryCode":"BE","peppolId":"{{DemoBvPeppolId}}","euVatId":"BE0123456789","rn":"0123456789","email":"invoices@demo-company.test","address":"Rue de la Loi 1, 1000 Brussels"}"""),
        ("POST", "/api/documents") => Json(SendJson(participant, IntegratorPeppolId, "M-" + Guid.NewGuid().ToString("N")[..8])),
        _ => null,
    };
}
