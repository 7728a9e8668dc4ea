using System.Net;
using AuthServer.IntegrationTests.Infrastructure;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>
/// Issue 11 items 10 and 12: a consent decision counts only for the request the form showed, and the
/// authorization endpoint takes POST (RFC 6749 §3.1) without the decision losing its antiforgery check.
/// </summary>
public sealed class ConsentBindingTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    private readonly OAuthFlow _flow = new(factory);

    [Theory]
    [InlineData("state", "state-of-request-b")]
    [InlineData("scope", "send_documents")]
    [InlineData("client_id", OAuthFlow.DemoApiKey)]
    [InlineData("code_challenge", "Q9yH1q1yWf5nCXc7s2DG5jZXb6Wc3i6H4tNQhqCl6sA")]
    public async Task ConsentForm_RepostedWithAnotherRequestsField_RefusedNothingIssued(string field, string otherValue)
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var shown = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge, state: "state-of-request-a"));
        var tampered = shown with { Html = Retarget(shown.Html, field, otherValue) };

        using var response = await OAuthFlow.PostAsync(browser, tampered, "approve", participants: shown.OfferedParticipants.Take(1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("does not belong to the request it was shown for", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsentForm_PostedAsShown_Approves()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var shown = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge, state: "as-shown"));

        var redirect = await OAuthFlow.ApproveAsync(browser, shown, participants: shown.OfferedParticipants.Take(1));

        Assert.Equal("as-shown", redirect["state"]);
        Assert.True(redirect.ContainsKey("code"));
    }

    [Fact]
    public async Task ConsentForm_DecisionWithoutBinding_Refused()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var shown = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge));
        var unbound = shown with { Html = shown.Html.Replace("name=\"Input.Binding\"", "name=\"Input.Other\"", StringComparison.Ordinal) };

        using var response = await OAuthFlow.PostAsync(browser, unbound, "deny");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task AuthorizationRequestByPost_ShowsConsent_DecisionWithoutAntiforgeryRefused()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var request = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = OAuthFlow.DemoApp,
            ["redirect_uri"] = OAuthFlow.DemoRedirect,
            ["scope"] = "read_participant_info",
            ["state"] = "posted",
            ["code_challenge"] = OAuthFlow.NewPkce().Challenge,
            ["code_challenge_method"] = "S256",
        };

        using var shown = await browser.PostAsync("/api/auth/authorize", new FormUrlEncodedContent(request));
        var html = await shown.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("id=\"consent-form\"", html, StringComparison.Ordinal);

        // Another site's form: the consent form's own fields and binding, but no antiforgery token.
        var forged = Forms.HiddenFields(html, "#consent-form");
        forged.Add(new("Input.Scopes", "read_participant_info"));
        using var decision = await browser.PostAsync("/api/auth/authorize?handler=approve", new FormUrlEncodedContent(forged));

        Assert.Equal(HttpStatusCode.BadRequest, decision.StatusCode);
        Assert.Null(decision.Headers.Location);
        Assert.Contains("did not come from this site", await decision.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The consent page with one of the request's hidden fields changed, as a tampered re-post would carry it.</summary>
    private static string Retarget(string html, string field, string value)
    {
        var hidden = Forms.HiddenFields(html, "#consent-form").Single(f => f.Key == field);
        var encoded = System.Text.Encodings.Web.HtmlEncoder.Default.Encode(hidden.Value);
        return html.Replace($"name=\"{field}\" value=\"{encoded}\"", $"name=\"{field}\" value=\"{value}\"", StringComparison.Ordinal);
    }
}
