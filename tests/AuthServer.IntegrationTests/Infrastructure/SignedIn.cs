using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>A cookie-keeping client signed in through the real login form, as a browser would be.</summary>
public static class SignedIn
{
    public const string AdminEmail = "admin@demo.test";
    public const string AdminPassword = "Demo-Admin-2026";
    public const string MemberEmail = "member@demo.test";
    public const string MemberPassword = "Demo-Member-2026";
    public const string IntegratorEmail = "dev@integrator.test";
    public const string IntegratorPassword = "Demo-Integrator-2026";

    /// <summary>The demo operator (<c>Demo:OperatorEmail</c>), in <c>Operator:Emails</c> while demo data is on.</summary>
    public const string OperatorEmail = "operator@authserver.test";
    public const string OperatorPassword = "Demo-Operator-2026";

    public static async Task<HttpClient> ClientAsync(AuthServerFactory factory, string email, string password)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/Identity/Account/Login");
        using var response = await client.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Posts a form of <paramref name="path"/> the way its page would, with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string handler, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var form = Forms.WithFormToken(page, fields);
        form["__RequestVerificationToken"] = Forms.AntiforgeryToken(page);
        return await client.PostAsync($"{path}?handler={handler}", new FormUrlEncodedContent(form));
    }
}
