using System.Net;
using AuthServer.Core.Participants;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static AuthServer.IntegrationTests.Infrastructure.ApiClients;

namespace AuthServer.IntegrationTests.Api;

/// <summary>SPEC §6 participants: shape, admin writes with normalized keys, server-wide peppolId, isolation.</summary>
public sealed class ParticipantsTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    private static string NewPeppolId() => "0208:" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);

    [Fact]
    public async Task GetParticipant_ReadParticipantInfo_ReturnsExactlyTheSpecShape()
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "read_participant_info"));
        var id = await ParticipantIdAsync(host, DemoBvPeppolId);

        using var response = await client.GetAsync($"/api/participants/{id}");
        var body = await BodyAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["address", "countryCode", "email", "euVatId", "id", "name", "peppolId", "rn", "status"],
            body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Demo Company BV", body.GetProperty("name").GetString());
        Assert.Equal("BE0123456789", body.GetProperty("euVatId").GetString());
        Assert.Equal("0123456789", body.GetProperty("rn").GetString());
        Assert.Equal("BE", body.GetProperty("countryCode").GetString());
        Assert.Equal(DemoBvPeppolId, body.GetProperty("peppolId").GetString());
        Assert.Equal("invoices@demo-company.test", body.GetProperty("email").GetString());
        Assert.Equal("Rue de la Loi 1, 1000 Brussels", body.GetProperty("address").GetString());
        Assert.Equal("verified", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ListParticipants_ApiKey_OnlyItsOwnAccountsInPages()
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "read_participant_info"));
        var demoIds = await host.WithDbAsync(db => db.Participants.Where(p => p.Account!.Name == DemoAccount).Select(p => p.Id).ToListAsync());

        var listed = Ids(await ListAllAsync(client, "/api/participants", limit: 1)).ToList();

        Assert.Equal(demoIds.Select(id => id.ToString()).Order(), listed.Order());
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    [Fact]
    public async Task CreateParticipant_Admin_Returns201WithNormalizedKeysAndIsListed()
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "admin"));
        var peppolId = NewPeppolId();

        using var response = await client.PostAsync("/api/participants", Json($$"""
            {"name":" Nieuw BV ","countryCode":"nl","peppolId":" {{peppolId.ToLowerInvariant()}} ","euVatId":"nl 8888 88888 b01","rn":"8888 8888","email":"ap@nieuw.test","address":"Dam 2"}
            """));
        var body = await BodyAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/participants/{body.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        Assert.Equal("Nieuw BV", body.GetProperty("name").GetString());
        Assert.Equal("NL", body.GetProperty("countryCode").GetString());
        var stored = await host.WithDbAsync(db => db.Participants.AsNoTracking().SingleAsync(p => p.Id == body.GetProperty("id").GetGuid()));
        Assert.Equal(IdentifierKey.Normalize(peppolId), stored.PeppolIdKey);
        Assert.Equal("NL888888888B01", stored.EuVatIdKey);
        Assert.Equal("88888888", stored.RnKey);
        Assert.Contains(body.GetProperty("id").GetString(), Ids(await ListAllAsync(client, "/api/participants")));
        Assert.True(await host.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "participant.created" && e.Target == "participant:" + stored.Id)));
    }

    [Theory]
    [InlineData("9929: cz 12345678")] // Demo Company's own participant, spelled differently
    [InlineData("0106:12345678")] // Integrator Ltd's: peppolId is unique on the whole server
    public async Task CreateParticipant_PeppolIdAlreadyOnServer_409PeppolIdTaken(string peppolId)
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "admin"));

        await AssertProblemAsync(await client.PostAsync("/api/participants", Json($$"""{"name":"Copy","countryCode":"CZ","peppolId":"{{peppolId}}"}""")),
            HttpStatusCode.Conflict, "PeppolIdTaken");
    }

    [Theory]
    [InlineData("""{"countryCode":"BE","peppolId":"0208:1"}""", "name")]
    [InlineData("""{"name":"X","peppolId":"0208:1"}""", "countryCode")]
    [InlineData("""{"name":"X","countryCode":"XX","peppolId":"0208:1"}""", "countryCode")]
    [InlineData("""{"name":"X","countryCode":"BEL","peppolId":"0208:1"}""", "countryCode")]
    [InlineData("""{"name":"X","countryCode":"BE"}""", "peppolId")]
    [InlineData("""{"name":"X","countryCode":"BE","peppolId":"0208"}""", "peppolId")]
    [InlineData("""{"name":"X","countryCode":"BE","peppolId":"208:123"}""", "peppolId")]
    [InlineData("""{"name":"X","countryCode":"BE","peppolId":"ABCD:123"}""", "peppolId")]
    [InlineData("""{"name":"X","countryCode":"BE","peppolId":"0208:"}""", "peppolId")]
    [InlineData("""{"name":"X","countryCode":"BE","peppolId":"0208:1","email":"not-an-address"}""", "email")]
    [InlineData("""{"name":"X","countryCode":"BE","peppolId":"0208:1","email":"Ann <ann@x.test>"}""", "email")]
    [InlineData("""{"name":"X","countryCode":"BE","peppolId":"0208:1","euVatId":"BE0123456789012345678901234567890123456789012345678"}""", "euVatId")]
    public async Task CreateParticipant_InvalidField_400NamingTheField(string json, string field)
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "admin"));
        var before = await host.WithDbAsync(db => db.Participants.CountAsync());

        var body = await AssertProblemAsync(await client.PostAsync("/api/participants", Json(json)), HttpStatusCode.BadRequest, "ValidationFailed");

        Assert.Equal([field], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(before, await host.WithDbAsync(db => db.Participants.CountAsync()));
    }

    [Fact]
    public async Task UpdateParticipant_Admin_ReplacesDetailsAndKeys()
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "admin"));
        using var created = await client.PostAsync("/api/participants", Json($$"""{"name":"Before","countryCode":"BE","peppolId":"{{NewPeppolId()}}","email":"a@b.test"}"""));
        var id = (await BodyAsync(created)).GetProperty("id").GetString();
        var newPeppolId = NewPeppolId();

        using var response = await client.PutAsync($"/api/participants/{id}", Json($$"""{"name":"After","countryCode":"fr","peppolId":"{{newPeppolId}}"}"""));
        var body = await BodyAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("After", body.GetProperty("name").GetString());
        Assert.Equal("FR", body.GetProperty("countryCode").GetString());
        Assert.Equal(newPeppolId, body.GetProperty("peppolId").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("email").ValueKind); // PUT replaces: left out is empty
        Assert.Equal(IdentifierKey.Normalize(newPeppolId), await host.WithDbAsync(db => db.Participants.Where(p => p.Id == Guid.Parse(id!)).Select(p => p.PeppolIdKey).SingleAsync()));
    }

    [Fact]
    public async Task UpdateParticipant_ToAnotherParticipantsPeppolId_409AndUnchanged()
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "admin"));
        var id = await ParticipantIdAsync(host, DemoCzPeppolId);

        await AssertProblemAsync(await client.PutAsync($"/api/participants/{id}", Json("""{"name":"Taken","countryCode":"CZ","peppolId":"0208:0123456789"}""")),
            HttpStatusCode.Conflict, "PeppolIdTaken");

        Assert.Equal("Demo Company CZ s.r.o.", await host.WithDbAsync(db => db.Participants.Where(p => p.Id == id).Select(p => p.Name).SingleAsync()));
    }

    [Fact]
    public async Task Participants_AnotherAccountsId_NotFoundForReadAndWrite()
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "admin"));
        var theirs = await ParticipantIdAsync(host, IntegratorPeppolId);

        await AssertProblemAsync(await client.GetAsync($"/api/participants/{theirs}"), HttpStatusCode.NotFound, "NotFound");
        await AssertProblemAsync(await client.PutAsync($"/api/participants/{theirs}", Json("""{"name":"Mine now","countryCode":"NL","peppolId":"0106:12345678"}""")),
            HttpStatusCode.NotFound, "NotFound");
        await AssertProblemAsync(await client.GetAsync("/api/participants/not-a-guid"), HttpStatusCode.NotFound, "NotFound");
        Assert.Equal("Integrator Ltd", await host.WithDbAsync(db => db.Participants.Where(p => p.Id == theirs).Select(p => p.Name).SingleAsync()));
    }
}
