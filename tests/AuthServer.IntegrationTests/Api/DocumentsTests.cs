using System.Net;
using AuthServer.Core.Documents;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static AuthServer.IntegrationTests.Infrastructure.ApiClients;

namespace AuthServer.IntegrationTests.Api;

/// <summary>SPEC §3 and §6 for documents: who sees what, delivery on this server, idempotency, paging.</summary>
public sealed class DocumentsTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    /// <summary>A receiver that is not on this access point: sending to it creates no incoming document here.</summary>
    private const string ExternalPeppolId = "0088:5790000000001";

    private static string NewNumber(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task SendDocuments_TwoClientsOfOneAccount_EachSeesOnlyItsOwnAndReadAllSeesBoth()
    {
        var bv = await ParticipantIdAsync(host, DemoBvPeppolId);
        var cz = await ParticipantIdAsync(host, DemoCzPeppolId);
        using var apiKey = Client(host, await ApiKeyTokenAsync(host, "send_documents"));
        using var app = Client(host, await DeveloperAppTokenAsync(host, DemoAccount, [bv, cz], "send_documents"));

        var byApiKey = (await SendAsync(apiKey, bv, ExternalPeppolId, NewNumber("KEY"))).GetProperty("id").GetString()!;
        var byApp = (await SendAsync(app, bv, ExternalPeppolId, NewNumber("APP"))).GetProperty("id").GetString()!;

        var apiKeyList = Ids(await ListAllAsync(apiKey, "/api/documents/outgoing")).ToList();
        Assert.Contains(byApiKey, apiKeyList);
        Assert.DoesNotContain(byApp, apiKeyList);
        Assert.Equal(HttpStatusCode.NotFound, (await apiKey.GetAsync($"/api/documents/{byApp}")).StatusCode);

        var appList = Ids(await ListAllAsync(app, "/api/documents/outgoing")).ToList();
        Assert.Contains(byApp, appList);
        Assert.DoesNotContain(byApiKey, appList);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"/api/documents/{byApiKey}")).StatusCode);

        using var readAll = Client(host, await ApiKeyTokenAsync(host, "read_all_documents"));
        Assert.Superset(new HashSet<string> { byApiKey, byApp }, Ids(await ListAllAsync(readAll, "/api/documents/outgoing")).ToHashSet());
        Assert.Equal(HttpStatusCode.OK, (await readAll.GetAsync($"/api/documents/{byApp}")).StatusCode);
        using var appReadAll = Client(host, await DeveloperAppTokenAsync(host, DemoAccount, [bv, cz], "read_all_documents"));
        Assert.Superset(new HashSet<string> { byApiKey, byApp }, Ids(await ListAllAsync(appReadAll, "/api/documents/outgoing")).ToHashSet());
    }

    [Fact]
    public async Task SendDocument_ReceiverOnThisServer_OutgoingSentAndIncomingNewInReceiversAccount()
    {
        using var integrator = Client(host, await ApiKeyTokenAsync(host, "send_documents", IntegratorApiKey, IntegratorApiKeySecret));
        var sender = await ParticipantIdAsync(host, IntegratorPeppolId);
        var number = NewNumber("INV");

        // Any spelling of the receiver's peppolId reaches it: matching is on the normalized key.
        var sent = await SendAsync(integrator, sender, "9929: cz12345678", number);

        Assert.Equal(sender.ToString(), sent.GetProperty("participantId").GetString());
        Assert.Equal("outgoing", sent.GetProperty("direction").GetString());
        Assert.Equal("invoice", sent.GetProperty("type").GetString());
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        Assert.Equal(DemoCzPeppolId, sent.GetProperty("counterpartyPeppolId").GetString());
        Assert.Equal(IntegratorApiKey, sent.GetProperty("createdByClientId").GetString());
        Assert.Equal(
            ["counterpartyPeppolId", "createdAt", "createdByClientId", "direction", "id", "number", "participantId", "status", "type"],
            sent.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        using var demo = Client(host, await ApiKeyTokenAsync(host, "receive_documents"));
        var incoming = Assert.Single(await ListAllAsync(demo, "/api/documents/incoming"), d => d.GetProperty("number").GetString() == number);
        Assert.Equal(await ParticipantIdAsync(host, DemoCzPeppolId), incoming.GetProperty("participantId").GetGuid());
        Assert.Equal("incoming", incoming.GetProperty("direction").GetString());
        Assert.Equal("new", incoming.GetProperty("status").GetString());
        Assert.Equal(IntegratorPeppolId, incoming.GetProperty("counterpartyPeppolId").GetString());
        Assert.Equal(IntegratorApiKey, incoming.GetProperty("createdByClientId").GetString());

        using var detail = await demo.GetAsync($"/api/documents/{incoming.GetProperty("id").GetString()}");
        var body = await BodyAsync(detail);
        Assert.Equal(Ubl("Invoice", number), body.GetProperty("body").GetString());
    }

    [Fact]
    public async Task ReceiveDocuments_ProcessedDocument_LeavesNewListAndStaysInAllList()
    {
        using var integrator = Client(host, await ApiKeyTokenAsync(host, "send_documents", IntegratorApiKey, IntegratorApiKeySecret));
        var number = NewNumber("RCV");
        await SendAsync(integrator, await ParticipantIdAsync(host, IntegratorPeppolId), DemoBvPeppolId, number);
        using var receive = Client(host, await ApiKeyTokenAsync(host, "receive_documents"));
        using var receiveAll = Client(host, await ApiKeyTokenAsync(host, "receive_all_documents"));
        var id = Assert.Single(await ListAllAsync(receive, "/api/documents/incoming"), d => d.GetProperty("number").GetString() == number)
            .GetProperty("id").GetString();

        using var processed = await receive.PostAsync($"/api/documents/{id}/processed", null);

        Assert.Equal(HttpStatusCode.OK, processed.StatusCode);
        Assert.Equal("processed", (await BodyAsync(processed)).GetProperty("status").GetString());
        var newList = await ListAllAsync(receive, "/api/documents/incoming");
        Assert.DoesNotContain(id, Ids(newList));
        Assert.All(newList, d => Assert.Equal("new", d.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await receive.GetAsync($"/api/documents/{id}")).StatusCode);
        var all = Assert.Single(await ListAllAsync(receiveAll, "/api/documents/incoming"), d => d.GetProperty("id").GetString() == id);
        Assert.Equal("processed", all.GetProperty("status").GetString());
        // Marking it again is harmless for a token that can still see it.
        Assert.Equal(HttpStatusCode.OK, (await receiveAll.PostAsync($"/api/documents/{id}/processed", null)).StatusCode);
    }

    [Fact]
    public async Task Documents_AnotherAccountsIds_NotFoundAndNeverListed()
    {
        using var integrator = Client(host, await ApiKeyTokenAsync(host, "send_documents", IntegratorApiKey, IntegratorApiKeySecret));
        var integratorsOutgoing = (await SendAsync(integrator, await ParticipantIdAsync(host, IntegratorPeppolId), ExternalPeppolId, NewNumber("ISO")))
            .GetProperty("id").GetString()!;
        using var demoToIntegrator = Client(host, await ApiKeyTokenAsync(host, "send_documents"));
        await SendAsync(demoToIntegrator, await ParticipantIdAsync(host, DemoBvPeppolId), IntegratorPeppolId, NewNumber("ISO"));
        var integratorsIncoming = (await host.WithDbAsync(db => db.Documents
            .Where(d => d.Direction == DocumentDirection.Incoming && d.Account!.Name == IntegratorAccount)
            .Select(d => d.Id).FirstAsync())).ToString();
        using var demoAdmin = Client(host, await ApiKeyTokenAsync(host, "admin"));

        foreach (var id in new[] { integratorsOutgoing, integratorsIncoming })
        {
            await AssertProblemAsync(await demoAdmin.GetAsync($"/api/documents/{id}"), HttpStatusCode.NotFound, "NotFound");
            await AssertProblemAsync(await demoAdmin.PostAsync($"/api/documents/{id}/processed", null), HttpStatusCode.NotFound, "NotFound");
        }

        var listed = Ids(await ListAllAsync(demoAdmin, "/api/documents/outgoing")).Concat(Ids(await ListAllAsync(demoAdmin, "/api/documents/incoming"))).ToList();
        Assert.DoesNotContain(integratorsOutgoing, listed);
        Assert.DoesNotContain(integratorsIncoming, listed);
        var demoAccountId = await host.WithDbAsync(db => db.Accounts.Where(a => a.Name == DemoAccount).Select(a => a.Id).SingleAsync());
        var demoDocuments = await host.WithDbAsync(db => db.Documents.Where(d => d.AccountId == demoAccountId).Select(d => d.Id).ToListAsync());
        Assert.Equal(demoDocuments.Select(id => id.ToString()).Order(), listed.Order());

        // Sending as another account's participant is refused the same way.
        await AssertProblemAsync(await demoAdmin.PostAsync("/api/documents", Json(SendJson(await ParticipantIdAsync(host, IntegratorPeppolId), ExternalPeppolId, "X-1"))),
            HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task DeveloperAppToken_RestrictedToParticipantA_CanNeitherSendAsNorReadParticipantB()
    {
        var a = await ParticipantIdAsync(host, DemoBvPeppolId);
        var b = await ParticipantIdAsync(host, DemoCzPeppolId);
        using var restricted = Client(host, await DeveloperAppTokenAsync(host, DemoAccount, [a],
            "send_documents", "receive_all_documents", "read_all_documents", "read_participant_info"));
        using var integrator = Client(host, await ApiKeyTokenAsync(host, "send_documents", IntegratorApiKey, IntegratorApiKeySecret));
        using var apiKey = Client(host, await ApiKeyTokenAsync(host, "send_documents"));
        var integratorParticipant = await ParticipantIdAsync(host, IntegratorPeppolId);
        var toA = NewNumber("TOA");
        var toB = NewNumber("TOB");
        await SendAsync(integrator, integratorParticipant, DemoBvPeppolId, toA);
        await SendAsync(integrator, integratorParticipant, DemoCzPeppolId, toB);
        var sentAsB = (await SendAsync(apiKey, b, ExternalPeppolId, NewNumber("ASB"))).GetProperty("id").GetString();

        await AssertProblemAsync(await restricted.PostAsync("/api/documents", Json(SendJson(b, ExternalPeppolId, NewNumber("NO")))), HttpStatusCode.NotFound, "NotFound");
        var sentAsA = await SendAsync(restricted, a, ExternalPeppolId, NewNumber("YES"));
        Assert.Equal(a.ToString(), sentAsA.GetProperty("participantId").GetString());

        var incoming = await ListAllAsync(restricted, "/api/documents/incoming");
        var outgoing = await ListAllAsync(restricted, "/api/documents/outgoing");
        Assert.All(incoming.Concat(outgoing), d => Assert.Equal(a.ToString(), d.GetProperty("participantId").GetString()));
        Assert.Contains(incoming, d => d.GetProperty("number").GetString() == toA);
        Assert.DoesNotContain(incoming, d => d.GetProperty("number").GetString() == toB);
        Assert.Equal(HttpStatusCode.NotFound, (await restricted.GetAsync($"/api/documents/{sentAsB}")).StatusCode);

        var participants = await ListAllAsync(restricted, "/api/participants");
        Assert.Equal([a.ToString()], Ids(participants));
        await AssertProblemAsync(await restricted.GetAsync($"/api/participants/{b}"), HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task IdempotencyKey_SameRequestTwice_CreatesOneDocument()
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "send_documents"));
        var sender = await ParticipantIdAsync(host, DemoBvPeppolId);
        var number = NewNumber("IDEM");
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync(client, sender, IntegratorPeppolId, number, key);
        using var repeat = new HttpRequestMessage(HttpMethod.Post, "/api/documents") { Content = Json(SendJson(sender, IntegratorPeppolId, number)) };
        repeat.Headers.Add("Idempotency-Key", key);
        using var second = await client.SendAsync(repeat);

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetProperty("id").GetString(), (await BodyAsync(second)).GetProperty("id").GetString());
        Assert.Equal($"/api/documents/{first.GetProperty("id").GetString()}", second.Headers.Location?.OriginalString);
        // One outgoing document, and the receiver got one incoming document, not two.
        Assert.Equal(2, await host.WithDbAsync(db => db.Documents.CountAsync(d => d.Number == number)));
    }

    [Fact]
    public async Task IdempotencyKey_ConcurrentRepeats_CreateOneDocument()
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "send_documents"));
        var sender = await ParticipantIdAsync(host, DemoBvPeppolId);
        var number = NewNumber("RACE");
        var key = Guid.NewGuid().ToString();

        var ids = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            (await SendAsync(client, sender, ExternalPeppolId, number, key)).GetProperty("id").GetString())));

        Assert.Single(ids.Distinct());
        Assert.Equal(1, await host.WithDbAsync(db => db.Documents.CountAsync(d => d.Number == number)));
    }

    [Fact]
    public async Task IdempotencyKey_ReusedForDifferentDocument_Conflict()
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "send_documents"));
        var sender = await ParticipantIdAsync(host, DemoBvPeppolId);
        var key = Guid.NewGuid().ToString();
        await SendAsync(client, sender, ExternalPeppolId, NewNumber("K1"), key);

        using var other = new HttpRequestMessage(HttpMethod.Post, "/api/documents") { Content = Json(SendJson(sender, ExternalPeppolId, NewNumber("K2"))) };
        other.Headers.Add("Idempotency-Key", key);

        await AssertProblemAsync(await client.SendAsync(other), HttpStatusCode.Conflict, "IdempotencyKeyReused");
    }

    [Fact]
    public async Task DocumentLists_PagedWithSmallLimit_ReturnEveryDocumentOnceInTheSameOrder()
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "send_documents read_all_documents"));
        var sender = await ParticipantIdAsync(host, DemoCzPeppolId);
        for (var i = 0; i < 7; i++)
        {
            // Several documents share a timestamp (the test clock stands still), so the id breaks ties.
            if (i % 3 == 0)
            {
                host.Time.Advance(TimeSpan.FromMilliseconds(1));
            }

            await SendAsync(client, sender, ExternalPeppolId, NewNumber("PAGE"));
        }

        var whole = Ids(await ListAllAsync(client, "/api/documents/outgoing", limit: 200)).ToList();
        var paged = Ids(await ListAllAsync(client, "/api/documents/outgoing", limit: 2)).ToList();

        Assert.True(whole.Count >= 7);
        Assert.Equal(whole, paged);
        Assert.Equal(whole.Count, whole.Distinct().Count());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=AAAA", "cursor")]
    public async Task DocumentLists_BadPagingParameter_400NamingIt(string query, string field)
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "read_all_documents"));

        var body = await AssertProblemAsync(await client.GetAsync("/api/documents/incoming?" + query), HttpStatusCode.BadRequest, "ValidationFailed");

        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task DocumentLists_DefaultLimit_Is50()
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "send_documents read_all_documents"));
        var sender = await ParticipantIdAsync(host, DemoCzPeppolId);
        var existing = (await ListAllAsync(client, "/api/documents/outgoing")).Count;
        for (var i = existing; i < 51; i++)
        {
            await SendAsync(client, sender, ExternalPeppolId, NewNumber("FIFTY"));
        }

        using var response = await client.GetAsync("/api/documents/outgoing");
        var body = await BodyAsync(response);

        Assert.Equal(50, body.GetProperty("items").GetArrayLength());
        Assert.NotNull(body.GetProperty("nextCursor").GetString());
    }
}
