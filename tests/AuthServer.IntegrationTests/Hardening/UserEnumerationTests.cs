using System.Diagnostics;
using System.Net;
using AuthServer.Core.Accounts;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>
/// Issue 11 item 8: login, register and forgot-password answer the same, doing the same work before they
/// answer, for an email that has an account and one that does not. The work is what the answer's time is
/// made of (a password hash costs ~100 ms, a query a millisecond), so it is counted rather than timed; the
/// times are printed for a person to look at.
/// </summary>
public sealed class UserEnumerationTests(UserEnumerationTests.Host host, ITestOutputHelper output) : IClassFixture<UserEnumerationTests.Host>
{
    private HttpClient Browser() => host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task Login_UnknownEmailAndWrongPassword_SameAnswerSameHashing()
    {
        var known = await LoginAsync("member@demo.test", "not-the-password");
        var unknown = await LoginAsync("nobody-" + Guid.NewGuid().ToString("N") + "@example.test", "not-the-password");

        Assert.Equal(known.Status, unknown.Status);
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Contains("Invalid login attempt.", unknown.Html, StringComparison.Ordinal);
        Assert.Contains("Invalid login attempt.", known.Html, StringComparison.Ordinal);
        Assert.Equal(1, known.PasswordChecks);
        Assert.Equal(1, unknown.PasswordChecks);

        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            knownTimes.Add((await LoginAsync("member@demo.test", "not-the-password")).Milliseconds);
            unknownTimes.Add((await LoginAsync($"nobody{i}@example.test", "not-the-password")).Milliseconds);
        }

        output.WriteLine($"login median: known {Median(knownTimes):F0} ms, unknown {Median(unknownTimes):F0} ms");
    }

    [Fact]
    public async Task Login_UnconfirmedAccountWrongPassword_AnsweredAsAnyFailure()
    {
        var email = "unconfirmed-" + Guid.NewGuid().ToString("N") + "@example.test";
        await host.WithDbAsync(async _ =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            return await users.CreateAsync(new AppUser { UserName = email, Email = email }, "Unconfirmed-2026");
        });

        var wrong = await LoginAsync(email, "not-the-password");
        var right = await LoginAsync(email, "Unconfirmed-2026");

        Assert.Contains("Invalid login attempt.", wrong.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("login-unconfirmed", wrong.Html, StringComparison.Ordinal);
        Assert.Equal(1, wrong.PasswordChecks);
        Assert.Contains("id=\"login-unconfirmed\"", right.Html, StringComparison.Ordinal); // told only to whoever knows the password
    }

    [Fact]
    public async Task Register_ExistingAndNewEmail_SameAnswerBeforeAnyHashing_OwnerToldByMail()
    {
        var fresh = "new-" + Guid.NewGuid().ToString("N") + "@example.test";
        RegisterResult existing, created;

        // Hashing is held: both forms must still be answered, so neither answer waited for an account to be made.
        using (host.Hasher.Hold())
        {
            existing = await RegisterAsync(SignedIn.MemberEmail);
            created = await RegisterAsync(fresh);
        }

        Assert.Equal(HttpStatusCode.Redirect, existing.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(
            existing.Headers.Location!.OriginalString.Replace(SignedIn.MemberEmail, "EMAIL", StringComparison.Ordinal),
            created.Headers.Location!.OriginalString.Replace(fresh, "EMAIL", StringComparison.Ordinal));
        Assert.Equal("You already have an account", (await Mailbox.WaitForAsync(host.MailFolder, SignedIn.MemberEmail)).Subject);
        Assert.Equal("Confirm your email", (await Mailbox.WaitForAsync(host.MailFolder, fresh)).Subject);
    }

    [Fact]
    public async Task ForgotPassword_KnownAndUnknownEmail_SameAnswer_OnlyKnownGetsMail()
    {
        var unknown = "nobody-" + Guid.NewGuid().ToString("N") + "@example.test";

        using var known = await ForgotAsync(SignedIn.IntegratorEmail);
        using var missing = await ForgotAsync(unknown);

        Assert.Equal(HttpStatusCode.Redirect, known.StatusCode);
        Assert.Equal(known.Headers.Location, missing.Headers.Location);
        Assert.Equal("Reset your password", (await Mailbox.WaitForAsync(host.MailFolder, SignedIn.IntegratorEmail)).Subject);
        await Task.Delay(300);
        Assert.Empty(Mailbox.To(host.MailFolder, unknown));
    }

    private async Task<(HttpStatusCode Status, string Html, int PasswordChecks, double Milliseconds)> LoginAsync(string email, string password)
    {
        using var browser = Browser();
        var page = await browser.GetStringAsync("/Identity/Account/Login");
        var before = host.Hasher.Verifications;
        var clock = Stopwatch.StartNew();
        using var response = await browser.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), host.Hasher.Verifications - before, elapsed);
    }

    private async Task<RegisterResult> RegisterAsync(string email)
    {
        using var browser = Browser();
        var page = await browser.GetStringAsync("/Identity/Account/Register");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var response = await browser.PostAsync("/Identity/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.CompanyName"] = "Enumeration Test Co",
            ["Input.Email"] = email,
            ["Input.Password"] = "Enumeration-2026",
            ["Input.ConfirmPassword"] = "Enumeration-2026",
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }), timeout.Token);
        return new RegisterResult(response.StatusCode, response.Headers);
    }

    private sealed record RegisterResult(HttpStatusCode StatusCode, System.Net.Http.Headers.HttpResponseHeaders Headers);

    private async Task<HttpResponseMessage> ForgotAsync(string email)
    {
        using var browser = Browser();
        var page = await browser.GetStringAsync("/Identity/Account/ForgotPassword");
        return await browser.PostAsync("/Identity/Account/ForgotPassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>The host with a password hasher that counts its work.</summary>
    public sealed class Host : AuthServerFactory
    {
        public CountingPasswordHasher Hasher { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<AppUser>>(provider =>
            {
                Hasher.Inner = new PasswordHasher<AppUser>(provider.GetService<IOptions<PasswordHasherOptions>>());
                return Hasher;
            }));
        }
    }

    public sealed class CountingPasswordHasher : IPasswordHasher<AppUser>
    {
        private readonly ManualResetEventSlim _running = new(initialState: true);
        private int _verifications;

        /// <summary>Holds every hash and verification until disposed.</summary>
        public IDisposable Hold()
        {
            _running.Reset();
            return new Release(_running);
        }

        public IPasswordHasher<AppUser> Inner { get; set; } = new PasswordHasher<AppUser>();

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(AppUser user, string password)
        {
            _running.Wait();
            return Inner.HashPassword(user, password);
        }

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            _running.Wait();
            Interlocked.Increment(ref _verifications);
            return Inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }

        private sealed class Release(ManualResetEventSlim running) : IDisposable
        {
            public void Dispose() => running.Set();
        }
    }
}
