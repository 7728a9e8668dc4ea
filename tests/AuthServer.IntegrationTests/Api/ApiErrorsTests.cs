using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static AuthServer.IntegrationTests.Infrastructure.ApiClients;

namespace AuthServer.IntegrationTests.Api;

/// <summary>A host whose body limit is small, so the limit itself can be tested without megabytes.</summary>
public sealed class SmallBodyLimitHost : AuthServerFactory
{
    public const int Limit = 4096;

    public SmallBodyLimitHost() => WithSetting("Api:MaxBodyBytes", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>SPEC §5: bad input gets a 4xx problem+json that says what is wrong, never a 500, and stores nothing.</summary>
public sealed class ApiErrorsTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    private async Task<HttpClient> AdminAsync() => Client(host, await ApiKeyTokenAsync(host, "admin"));

    private async Task<string> ValidDocumentJsonAsync(Action<JsonObject>? change = null)
    {
        var json = JsonNode.Parse(SendJson(await ParticipantIdAsync(host, DemoBvPeppolId), "0088:5790000000001", "ERR-1"))!.AsObject();
        change?.Invoke(json);
        return json.ToJsonString();
    }

    [Theory]
    [InlineData("/api/documents", "{\"senderParticipantId\":")]
    [InlineData("/api/documents", "{'type':'invoice'}")]
    [InlineData("/api/documents", "not json at all")]
    [InlineData("/api/documents", "")]
    [InlineData("/api/documents", "null")]
    [InlineData("/api/participants", "{\"name\":\"X\",}")]
    [InlineData("/api/participants", "[1,2,3]")]
    public async Task PostBody_MalformedJson_400MalformedJson(string path, string json)
    {
        using var client = await AdminAsync();
        var before = await host.WithDbAsync(db => db.Documents.CountAsync());

        await AssertProblemAsync(await client.PostAsync(path, Json(json)), HttpStatusCode.BadRequest, "MalformedJson");

        Assert.Equal(before, await host.WithDbAsync(db => db.Documents.CountAsync()));
    }

    [Theory]
    [InlineData("senderParticipantId", "\"not-a-guid\"")]
    [InlineData("number", "42")]
    [InlineData("body", "{\"nested\":true}")]
    public async Task SendDocument_MemberOfWrongJsonType_400NamingTheMember(string member, string value)
    {
        using var client = await AdminAsync();

        var body = await AssertProblemAsync(
            await client.PostAsync("/api/documents", Json(await ValidDocumentJsonAsync(j => j[member] = JsonNode.Parse(value)))),
            HttpStatusCode.BadRequest, "MalformedJson");

        Assert.True(body.GetProperty("errors").TryGetProperty(member, out _), body.ToString());
    }

    [Theory]
    [InlineData("senderParticipantId")]
    [InlineData("receiverPeppolId")]
    [InlineData("type")]
    [InlineData("number")]
    [InlineData("body")]
    public async Task SendDocument_MissingField_400NamingIt(string field)
    {
        using var client = await AdminAsync();

        var body = await AssertProblemAsync(
            await client.PostAsync("/api/documents", Json(await ValidDocumentJsonAsync(j => j.Remove(field)))),
            HttpStatusCode.BadRequest, "ValidationFailed");

        Assert.Equal([field], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("type", "\"bill\"")]
    [InlineData("type", "\"Invoice\"")]
    [InlineData("receiverPeppolId", "\"12345678\"")]
    [InlineData("number", "\"   \"")]
    public async Task SendDocument_InvalidFieldValue_400NamingIt(string field, string value)
    {
        using var client = await AdminAsync();

        var body = await AssertProblemAsync(
            await client.PostAsync("/api/documents", Json(await ValidDocumentJsonAsync(j => j[field] = JsonNode.Parse(value)))),
            HttpStatusCode.BadRequest, "ValidationFailed");

        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { "invoice", "<Invoice><ID>1</ID>" }, // not closed
        { "invoice", "<Invoice><ID>1</Id></Invoice>" }, // mismatched tags
        { "invoice", "<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>" }, // not an invoice
        { "credit-note", Ubl("Invoice") }, // root does not match the type
        { "invoice", "<?xml version=\"1.0\"?><!DOCTYPE Invoice [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><Invoice>&xxe;</Invoice>" }, // XXE
        { "invoice", "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><Invoice>&lol2;</Invoice>" }, // entity expansion
        { "invoice", "{\"invoice\": " }, // broken JSON
        { "invoice", "plain text" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task SendDocument_BadXmlOrJsonBody_400NamingBodyAndNothingStored(string type, string documentBody)
    {
        using var client = await AdminAsync();
        var before = await host.WithDbAsync(db => db.Documents.CountAsync());

        var body = await AssertProblemAsync(
            await client.PostAsync("/api/documents", Json(await ValidDocumentJsonAsync(j => { j["type"] = type; j["body"] = documentBody; }))),
            HttpStatusCode.BadRequest, "ValidationFailed");

        Assert.Equal(["body"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("root:", body.ToString(), StringComparison.Ordinal); // /etc/passwd never leaks into an answer
        Assert.Equal(before, await host.WithDbAsync(db => db.Documents.CountAsync()));
    }

    [Theory]
    [InlineData("credit-note", "<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\"><ID>C1</ID></CreditNote>")]
    [InlineData("invoice", "<inv:Invoice xmlns:inv=\"urn:example:any-namespace\"/>")]
    [InlineData("invoice", "{\"invoiceNumber\":\"J-1\",\"lines\":[{\"amount\":10}]}")]
    public async Task SendDocument_UblInAnyNamespaceOrJsonBody_201(string type, string documentBody)
    {
        using var client = await AdminAsync();

        using var response = await client.PostAsync("/api/documents", Json(await ValidDocumentJsonAsync(j => { j["type"] = type; j["body"] = documentBody; })));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(type, (await BodyAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task SendDocument_BodyOverDefaultLimit_413PayloadTooLarge()
    {
        Assert.Equal(10 * 1024 * 1024, host.Services.GetRequiredService<IOptions<AuthServer.Api.ApiOptions>>().Value.MaxBodyBytes);
        using var client = await AdminAsync();
        var huge = await ValidDocumentJsonAsync(j => j["body"] = "<Invoice>" + new string('x', 10 * 1024 * 1024) + "</Invoice>");

        await AssertProblemAsync(await client.PostAsync("/api/documents", Json(huge)), HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
    }

    [Theory]
    [InlineData("/api/documents", "Idempotency-Key", "x")]
    [InlineData("/api/documents", "Idempotency-Key", "a key with\u00e9 non-ascii")]
    public async Task SendDocument_UnusableIdempotencyKey_400NamingTheHeader(string path, string header, string value)
    {
        using var client = await AdminAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(await ValidDocumentJsonAsync()) };
        request.Headers.TryAddWithoutValidation(header, value == "x" ? new string('x', 201) : value);

        var body = await AssertProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest, "ValidationFailed");

        Assert.True(body.GetProperty("errors").TryGetProperty(header, out _));
    }

    [Fact]
    public async Task PostBody_NotJsonContentType_415Problem()
    {
        using var client = await AdminAsync();

        await AssertProblemAsync(await client.PostAsync("/api/documents", new StringContent(await ValidDocumentJsonAsync(), Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
    }

    [Theory]
    [InlineData("GET", "/api/no-such-thing", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("DELETE", "/api/documents/outgoing", HttpStatusCode.MethodNotAllowed, "MethodNotAllowed")]
    [InlineData("GET", "/api/documents/not-a-guid", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("POST", "/api/documents/00000000-0000-0000-0000-000000000000/processed", HttpStatusCode.NotFound, "NotFound")]
    public async Task Api_UnknownRouteMethodOrId_Problem(string method, string path, HttpStatusCode status, string code)
    {
        using var client = await AdminAsync();

        await AssertProblemAsync(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), status, code);
    }

    public static TheoryData<string> Garbage() => new()
    {
        "{\"senderParticipantId\":\"00000000-0000-0000-0000-000000000000\",\"receiverPeppolId\":\"0208:1\",\"type\":\"invoice\",\"number\":\"1\",\"body\":\"<Invoice/>\"}",
        new string('[', 5000) + new string(']', 5000),
        "{\"body\":\"" + new string('<', 3000) + "\"}",
        "{\"number\":\"\\u0000\",\"type\":\"\\ud800\"}",
        "{\"senderParticipantId\":null,\"receiverPeppolId\":[],\"type\":{},\"number\":true,\"body\":1e999}",
        "\"just a string\"",
        "12345",
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task WriteEndpoints_Garbage_Never500(string json)
    {
        using var client = await AdminAsync();
        var participant = await ParticipantIdAsync(host, DemoBvPeppolId);

        foreach (var (method, path) in new[] { ("POST", "/api/documents"), ("POST", "/api/participants"), ("PUT", $"/api/participants/{participant}") })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(json) });
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task WriteEndpoints_InvalidUtf8_400()
    {
        using var client = await AdminAsync();
        var content = new ByteArrayContent([.. "{\"name\":\""u8, 0xC3, 0x28, .. "\"}"u8]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        await AssertProblemAsync(await client.PostAsync("/api/participants", content), HttpStatusCode.BadRequest, "MalformedJson");
    }
}

/// <summary><c>Api:MaxBodyBytes</c> is the limit, for bodies with and without Content-Length.</summary>
public sealed class BodyLimitTests(SmallBodyLimitHost host) : IClassFixture<SmallBodyLimitHost>
{
    private async Task<string> DocumentJsonAsync(int bodyLength) =>
        SendJson(await ParticipantIdAsync(host, DemoBvPeppolId), "0088:5790000000001", "LIM-" + bodyLength,
            body: "<Invoice>" + new string('x', bodyLength) + "</Invoice>");

    [Fact]
    public async Task SendDocument_UnderConfiguredLimit_201()
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "send_documents"));

        using var response = await client.PostAsync("/api/documents", Json(await DocumentJsonAsync(SmallBodyLimitHost.Limit - 400)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SendDocument_OverConfiguredLimit_413(bool withContentLength)
    {
        using var client = Client(host, await ApiKeyTokenAsync(host, "send_documents"));
        var bytes = Encoding.UTF8.GetBytes(await DocumentJsonAsync(SmallBodyLimitHost.Limit));
        // A StreamContent over a non-seekable stream has no length: the body goes chunked.
        HttpContent content = withContentLength ? new ByteArrayContent(bytes) : new StreamContent(new NonSeekableStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        Assert.Equal(withContentLength, content.Headers.ContentLength is not null);

        await AssertProblemAsync(await client.PostAsync("/api/documents", content), HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
    }

    [Fact]
    public async Task ApiMaxBodyBytes_OutOfRange_StopsTheStart()
    {
        await using var bad = new AuthServerFactory().WithSetting("Api:MaxBodyBytes", "0");

        var error = Assert.ThrowsAny<Exception>(() => bad.CreateClient());

        Assert.IsType<OptionsValidationException>(error.GetBaseException());
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
