using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using AngleSharp.Html.Parser;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>
/// SPEC §5, issue 11 item 5: bad input never gives a 5xx, at any endpoint or page. A bounded, seeded fuzz
/// over real HTTP (Kestrel on loopback): every routed endpoint and page, every form the pages render
/// (posted with a valid antiforgery token and session, so the handlers run), the OAuth endpoints with
/// the bodies that once threw, and raw bytes no client library would send.
/// </summary>
public sealed class MalformedRequestTests(ITestOutputHelper output)
{
    private const int Seed = 11;
    private const int MinimumRequests = 2000;

    /// <summary>Values a field should never see: encodings, NUL, sizes, types, redirects, markup.</summary>
    private static readonly string[] BadValues =
    [
        "", " ", "\0", "a\0b", "admin", "2", "-1", "true,false", "99999999999999999999999", new('x', 5000),
        "../../etc/passwd", "<script>alert(1)</script>", "%", "%ZZ", "00000000-0000-0000-0000-000000000000",
        "https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "\u202e\u0000", "😀",
        "null", "{}", "[]", "' OR 1=1 --", "\r\nX-Injected: 1",
    ];

    /// <summary>Form bodies written out by hand: broken percent-encoding and invalid UTF-8 no encoder produces.</summary>
    private static readonly string[] RawFormBodies =
    [
        "%FF%FE=%C0%80", "a=%ED%A0%80", "=", "&&&", "a", "a=1&a=2&a=3", "%00=%00", "x=%", "client_id=%ZZ&client_secret=%",
        string.Join('&', Enumerable.Range(0, 1100).Select(i => $"k{i}=v")), new string('k', 3000) + "=v",
        "grant_type=client_credentials&client_id=demo-api-key&client_secret=" + new string('s', 20_000),
    ];

    private static readonly string[] JsonBodies =
    [
        "{", "[]", "null", "\"text\"", "{\"grant_type\":\"\\ud800\"}", "{\"\\udc00\":\"x\"}", "{\"refresh_token\":\"\\u0000\"}",
        "{\"grant_type\":[\"a\",\"b\"]}", "{\"a\":1,\"a\":2}", new string('[', 2000) + new string(']', 2000), "{\"n\":1e999999}",
        "{\"senderParticipantId\":\"not-a-guid\",\"type\":7,\"body\":{}}", "{\"name\":\"" + new string('x', 100_000) + "\"}",
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];

    private static readonly string[] AuthorizationHeaders =
    [
        "Bearer", "Bearer ", "Bearer a.b.c", "Bearer " + new string('a', 8000), "Basic !!!", "Basic " + Convert.ToBase64String([0xFF, 0xFE, 0x3A]),
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":")), "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("%ZZ:%")),
        "Digest x", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
    ];

    /// <summary>The OAuth endpoints are OpenIddict's, not routed endpoints: listed by hand.</summary>
    private static readonly string[] OAuthPaths =
    [
        "/api/auth/authorize", "/api/auth/token", "/api/auth/renew", "/api/auth/revoke", "/api/auth/introspect",
        "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration", "/.well-known/jwks.json",
    ];

    private readonly Random _random = new(Seed);
    private readonly List<(string Request, int Status)> _results = [];

    [Fact]
    public async Task MalformedRequests_EveryEndpointAndPage_NoAnswerIs5xx()
    {
        await using var host = new KestrelAuthServerFactory();
        using var anonymous = Client(host, cookies: null);
        var jar = new CookieContainer();
        using var signedIn = Client(host, jar);
        await SignInAsync(signedIn);

        var paths = RoutedPaths(host).Concat(OAuthPaths).Distinct(StringComparer.Ordinal).ToList();
        foreach (var path in paths)
        {
            await FuzzEndpointAsync(anonymous, path);
        }

        foreach (var path in OAuthPaths.Take(5))
        {
            await FuzzOAuthBodiesAsync(anonymous, path);
        }

        foreach (var (client, path) in paths.Where(p => !p.Contains('{', StringComparison.Ordinal))
                     .SelectMany(p => new[] { (anonymous, p), (signedIn, p) }))
        {
            await FuzzFormsAsync(client, path);
        }

        await FuzzRawBytesAsync(host);

        output.WriteLine($"{_results.Count} requests over {paths.Count} paths; statuses: " +
                         string.Join(", ", _results.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} x {g.Count()}")));
        Assert.True(_results.Count >= MinimumRequests, $"only {_results.Count} requests");
        var failures = _results.Where(r => r.Status >= 500).Select(r => $"{r.Status} {r.Request}").ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} x 5xx:\n" + string.Join("\n", failures.Take(30)));
    }

    private static HttpClient Client(KestrelAuthServerFactory host, CookieContainer? cookies) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = new Uri(host.BaseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };

    private static async Task SignInAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/Identity/Account/Login");
        using var response = await client.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = SignedIn.AdminEmail,
            ["Input.Password"] = SignedIn.AdminPassword,
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Every routed endpoint and page, with its route parameters filled by good and bad values.</summary>
    private List<string> RoutedPaths(KestrelAuthServerFactory host)
    {
        var sources = host.Services.GetRequiredService<EndpointDataSource>();
        var paths = new List<string>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            if (pattern.Parameters.Count == 0)
            {
                paths.Add("/" + pattern.RawText!.Trim('/'));
                continue;
            }

            foreach (var value in new[] { Guid.NewGuid().ToString(), "not-a-guid", "%00", "%FF%FE", "..%2F..", new string('9', 40) })
            {
                var path = string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => value,
                    _ => "",
                }))));
                paths.Add("/" + path);
            }
        }

        return paths;
    }

    /// <summary>Methods, query strings, content types and Authorization headers the endpoint does not expect.</summary>
    private async Task FuzzEndpointAsync(HttpClient client, string path)
    {
        foreach (var method in Methods)
        {
            await SendAsync(client, new HttpRequestMessage(new HttpMethod(method), path), $"{method} {path}");
        }

        foreach (var query in new[] { "?a=%00", "?returnUrl=https://evil.example/&returnUrl=//evil", "?%FF%FE=%C0%80", "?" + new string('q', 6000) + "=1",
                     "?cursor=!!&limit=-1", "?limit=99999999999999", "?affiliateId=%203f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f", "?code=%ZZ&userId=%00" })
        {
            await SendAsync(client, new HttpRequestMessage(HttpMethod.Get, path + query), $"GET {path}{Shorten(query)}");
        }

        await SendAsync(client, Post(path, new StringContent(Pick(RawFormBodies), Encoding.UTF8, "application/x-www-form-urlencoded")), $"POST form {path}");
        await SendAsync(client, Post(path, new StringContent(Pick(JsonBodies), Encoding.UTF8, "application/json")), $"POST json {path}");
        await SendAsync(client, Post(path, new ByteArrayContent(RandomBytes(512)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }), $"POST bytes {path}");
        await SendAsync(client, Post(path, new StringContent("--x\r\nContent-Disposition: form-data\r\n\r\n", Encoding.UTF8, "multipart/form-data")), $"POST multipart {path}");
        await SendAsync(client, Post(path, Chunked(1024 * 1024)), $"POST chunked 1 MB {path}");
        await SendAsync(client, ExpectingContinue(Post(path, Chunked(1024 * 1024))), $"POST chunked 1 MB, Expect: 100-continue {path}");

        foreach (var authorization in AuthorizationHeaders.OrderBy(_ => _random.Next()).Take(3))
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            await SendAsync(client, request, $"GET {path} Authorization: {Shorten(authorization)}");
        }
    }

    /// <summary>The OAuth endpoints with every body kind that once threw there (issue 11, classes 1 and 2).</summary>
    private async Task FuzzOAuthBodiesAsync(HttpClient client, string path)
    {
        foreach (var body in RawFormBodies)
        {
            await SendAsync(client, Post(path, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded")), $"POST {path} form {Shorten(body)}");
        }

        foreach (var body in JsonBodies)
        {
            await SendAsync(client, Post(path, new StringContent(body, Encoding.UTF8, "application/json")), $"POST {path} json {Shorten(body)}");
        }

        foreach (var grant in new[] { "client_credentials", "authorization_code", "refresh_token", "password", "", "\0" })
        {
            var fields = new Dictionary<string, string>
            {
                ["grant_type"] = grant, ["client_id"] = Pick(["demo-api-key", "demo-developer-app", "", "\0", "x"]), ["client_secret"] = Pick(BadValues),
                ["code"] = Pick(BadValues), ["refresh_token"] = Pick(BadValues), ["code_verifier"] = Pick(BadValues), ["redirect_uri"] = Pick(BadValues),
                ["scope"] = Pick(BadValues), ["token"] = Pick(BadValues), ["response_type"] = Pick(["code", "token", "", "\0"]),
            };
            await SendAsync(client, Post(path, new FormUrlEncodedContent(fields)), $"POST {path} grant {grant}");
            await SendAsync(client, new HttpRequestMessage(HttpMethod.Get, Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, fields!)), $"GET {path} grant {grant}");
        }

        await SendAsync(client, Post(path, Chunked(40 * 1024, "application/x-www-form-urlencoded")), $"POST {path} chunked 40 KB form");
        await SendAsync(client, Post(path, new StringContent("{}", Encoding.UTF8, "text/plain")), $"POST {path} text/plain");
        await SendAsync(client, Post(path, new StringContent("grant_type=x", Encoding.Unicode, "application/x-www-form-urlencoded")), $"POST {path} utf-16");
    }

    /// <summary>
    /// Each form the page renders, posted back with its antiforgery token and session, one field at a time
    /// replaced by a bad value, then all of them, then repeated and without the token.
    /// </summary>
    private async Task FuzzFormsAsync(HttpClient client, string path)
    {
        using var page = await client.GetAsync(path);
        if (page.StatusCode != HttpStatusCode.OK || page.Content.Headers.ContentType?.MediaType != "text/html")
        {
            return;
        }

        var document = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
        foreach (var form in document.Forms.Where(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase)))
        {
            var action = form.GetAttribute("action") is { Length: > 0 } a ? WebUtility.HtmlDecode(a) : path;
            // Signing out would end the session the other forms need.
            if (action.Contains("Logout", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var fields = form.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name))
                .Select(i => (Name: i.Name!, Value: i.Value)).ToList();
            var names = fields.Select(f => f.Name).Where(n => n != "__RequestVerificationToken").Distinct().ToList();
            foreach (var name in names)
            {
                foreach (var bad in BadValues.OrderBy(_ => _random.Next()).Take(3))
                {
                    await SendAsync(client, Post(action, Form(fields, (name, bad))), $"POST {action} {name}={Shorten(bad)}");
                }
            }

            await SendAsync(client, Post(action, Form(fields, [.. names.Select(n => (n, Pick(BadValues)))])), $"POST {action} every field bad");
            await SendAsync(client, Post(action, Form([.. fields, .. fields], [])), $"POST {action} every field twice");
            await SendAsync(client, Post(action, Form(fields.Where(f => f.Name != "__RequestVerificationToken"), [])), $"POST {action} without antiforgery");
        }
    }

    /// <summary>Bytes in the request line and headers that no HTTP client library would send.</summary>
    private async Task FuzzRawBytesAsync(KestrelAuthServerFactory host)
    {
        var uri = new Uri(host.BaseUrl);
        string[] requests =
        [
            "GET /\xff\xfe HTTP/1.1", "GET /Identity/Account/Login?returnUrl=\xc0\x80 HTTP/1.1", "GET /api/auth/authorize?client_id=\x00 HTTP/1.1",
            "POST /api/auth/token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\n\xff\xfe\x00=\x80",
            "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1", "GET /api/lookup?affiliateId=\t HTTP/1.1", "BREW /coffee HTTP/1.1",
            "GET / HTTP/1.1\r\nAuthorization: Bearer \xff\xfe", "GET / HTTP/1.1\r\nCookie: .AspNetCore.Antiforgery=\x00\xff; authserver.session=!!!",
            "POST /api/auth/token HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n",
        ];
        foreach (var line in requests)
        {
            var raw = line.Contains("\r\n\r\n", StringComparison.Ordinal)
                ? line.Replace("HTTP/1.1\r\n", $"HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: close\r\n", StringComparison.Ordinal)
                : $"{line}\r\nHost: {uri.Authority}\r\nConnection: close\r\n\r\n";
            _results.Add(($"raw {Shorten(line)}", await SendRawAsync(uri, Encoding.Latin1.GetBytes(raw))));
        }
    }

    private static async Task<int> SendRawAsync(Uri uri, byte[] request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, uri.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var status = await reader.ReadLineAsync(timeout.Token) ?? "";
        // "HTTP/1.1 400 Bad Request"; a server that closes without answering counts as a failure.
        return status.Split(' ') is [_, var code, ..] && int.TryParse(code, out var parsed) ? parsed : 599;
    }

    private async Task SendAsync(HttpClient client, HttpRequestMessage request, string description)
    {
        using (request)
        {
            try
            {
                using var response = await client.SendAsync(request);
                _results.Add((description, (int)response.StatusCode));
            }
            catch (HttpRequestException exception) when (request.Content is StreamContent)
            {
                // A body the server did not wait for: it answered early and closed the connection while the
                // client was still sending (the same request with Expect: 100-continue reads that answer).
                _results.Add(($"{description} (connection closed while sending: {exception.HttpRequestError})", 499));
            }
        }
    }

    private static HttpRequestMessage Post(string path, HttpContent content) => new(HttpMethod.Post, path) { Content = content };

    /// <summary>The client waits for the server's word before sending the body, so an early answer is read, not cut off.</summary>
    private static HttpRequestMessage ExpectingContinue(HttpRequestMessage request)
    {
        request.Headers.ExpectContinue = true;
        return request;
    }

    private static FormUrlEncodedContent Form(IEnumerable<(string Name, string Value)> fields, IEnumerable<(string Name, string Value)> replaced)
    {
        var replacements = replaced.ToDictionary(r => r.Name, r => r.Value, StringComparer.Ordinal);
        return new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, replacements.TryGetValue(f.Name, out var bad) ? bad : f.Value)));
    }

    private static FormUrlEncodedContent Form(IEnumerable<(string Name, string Value)> fields, (string Name, string Value) replaced) =>
        Form(fields, [replaced]);

    /// <summary>A body without Content-Length: the server only learns its size while reading.</summary>
    private static StreamContent Chunked(int size, string contentType = "application/json")
    {
        var content = new StreamContent(new NonSeekableStream(new byte[size]));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + $"…({text.Length})";

    private sealed class NonSeekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
