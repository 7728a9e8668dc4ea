using System.Net;
using AuthServer.IntegrationTests.Infrastructure;

namespace AuthServer.IntegrationTests.Operators;

/// <summary>
/// The demo operator signed in to /operator, pressing its buttons the way a browser without JavaScript would
/// (each form as the page renders it, with its antiforgery token).
/// </summary>
public sealed class OperatorSession(HttpClient client) : IDisposable
{
    public const string Path = "/operator";

    public HttpClient Client { get; } = client;

    public static async Task<OperatorSession> SignInAsync(AuthServerFactory factory) =>
        new(await SignedIn.ClientAsync(factory, SignedIn.OperatorEmail, SignedIn.OperatorPassword));

    /// <param name="search">The accounts search, so an account of this test is among the 50 shown.</param>
    public async Task<HtmlPage> OpenAsync(string? search = null)
    {
        var page = await HtmlPage.GetAsync(Client, search is null ? Path : $"{Path}?q={Uri.EscapeDataString(search)}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page;
    }

    public async Task<HttpResponseMessage> VerifyAsync(Guid participantId, string? search = null) =>
        await (await OpenAsync(search)).SubmitAsync(Client, $"[data-participant-id='{participantId}'] form.verify-form");

    public async Task<HttpResponseMessage> RejectAsync(Guid participantId, string reason, string? search = null) =>
        await (await OpenAsync(search)).SubmitAsync(Client, $"[data-participant-id='{participantId}'] form.reject-form",
            new Dictionary<string, string> { ["reason"] = reason });

    /// <summary>Suspends or reinstates (whichever the account's card offers) the account found by <paramref name="accountName"/>.</summary>
    public async Task<HttpResponseMessage> SuspendOrReinstateAsync(Guid accountId, string accountName, string reason) =>
        await (await OpenAsync(accountName)).SubmitAsync(Client, $"#account-{accountId} form.suspension-form",
            new Dictionary<string, string> { ["reason"] = reason });

    /// <summary>Asserts the post redirected back to the console, and returns the page it shows then.</summary>
    public async Task<HtmlPage> FollowAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return await HtmlPage.GetAsync(Client, response.Headers.Location!.OriginalString);
        }
    }

    public void Dispose() => Client.Dispose();
}
