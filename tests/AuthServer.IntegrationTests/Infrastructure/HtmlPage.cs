using System.Net;
using System.Net.Http.Headers;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Io;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// A server-rendered page as a browser without JavaScript sees it (parsed by AngleSharp): its elements,
/// and its forms, submitted the way the browser would submit them (every successful control, the pressed
/// button's name and formaction).
/// </summary>
public sealed class HtmlPage
{
    private HtmlPage(HttpStatusCode status, IDocument document, HttpResponseMessage response)
    {
        Status = status;
        Document = document;
        Response = response;
    }

    public HttpStatusCode Status { get; }

    public IDocument Document { get; }

    public HttpResponseMessage Response { get; }

    public static async Task<HtmlPage> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return await FromAsync(client, response);
    }

    /// <summary>The page a response holds (its HTML, parsed at the request's address).</summary>
    public static async Task<HtmlPage> FromAsync(HttpClient client, HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var address = response.RequestMessage?.RequestUri ?? client.BaseAddress!;
        return new HtmlPage(response.StatusCode, await ParseAsync(html, address), response);
    }

    /// <summary>HTML already read (e.g. a <see cref="ConsentPage"/>), as if served at <paramref name="address"/>.</summary>
    public static async Task<HtmlPage> FromHtmlAsync(string html, string address = "http://localhost/") =>
        new(HttpStatusCode.OK, await ParseAsync(html, new Uri(address)), new HttpResponseMessage());

    private static Task<IDocument> ParseAsync(string html, Uri address) =>
        BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html).Address(address.AbsoluteUri));

    public IElement? Find(string selector) => Document.QuerySelector(selector);

    public IElement Single(string selector) =>
        Document.QuerySelectorAll(selector) is { Length: 1 } found ? found[0] : throw new InvalidOperationException($"not exactly one '{selector}' on the page");

    public IReadOnlyList<IElement> All(string selector) => [.. Document.QuerySelectorAll(selector)];

    public string Text(string selector) => Single(selector).TextContent.Trim();

    /// <summary>The antiforgery token of the page's forms, for a post the page itself does not offer.</summary>
    public string AntiforgeryToken =>
        Document.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value") ?? throw new InvalidOperationException("the page has no antiforgery token");

    /// <summary>The page's visible words, whitespace collapsed.</summary>
    public string MainText => string.Join(' ', (Document.QuerySelector("main") ?? Document.Body!).TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// Submits the form matched by <paramref name="formSelector"/>: its controls as the page has them, with
    /// <paramref name="values"/> set first (by control name; a checkbox is ticked or not by "true"/"false"),
    /// pressing <paramref name="buttonSelector"/> (its name, value and formaction) or the first submit button.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string formSelector, IDictionary<string, string>? values = null,
        string? buttonSelector = null)
    {
        var form = Document.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"no form '{formSelector}'");
        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            var controls = form.Elements.Where(e => e.GetAttribute("name") == name).ToList();
            if (controls.Count == 0)
            {
                throw new InvalidOperationException($"the form has no control '{name}'");
            }

            foreach (var control in controls)
            {
                switch (control)
                {
                    case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                        box.IsChecked = box.Value == value || value == "true";
                        break;
                    case IHtmlInputElement input:
                        input.Value = value;
                        break;
                    case IHtmlTextAreaElement area:
                        area.Value = value;
                        break;
                    case IHtmlSelectElement select:
                        select.Value = value;
                        break;
                }
            }
        }

        var button = buttonSelector is null ? null
            : form.QuerySelector<IHtmlElement>(buttonSelector) ?? throw new InvalidOperationException($"no button '{buttonSelector}' in the form");
        var submission = (button is null ? form.GetSubmission() : form.GetSubmission(button)) ?? throw new InvalidOperationException("the form cannot be submitted");
        return await SendAsync(client, submission);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, DocumentRequest submission)
    {
        var post = submission.Method == AngleSharp.Io.HttpMethod.Post;
        var request = new HttpRequestMessage(post ? System.Net.Http.HttpMethod.Post : System.Net.Http.HttpMethod.Get, submission.Target.Href);
        if (post)
        {
            submission.Body.Position = 0;
            var content = new StreamContent(submission.Body);
            if (submission.Headers.TryGetValue(HeaderNames.ContentType, out var contentType))
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            request.Content = content;
        }

        return await client.SendAsync(request);
    }
}
