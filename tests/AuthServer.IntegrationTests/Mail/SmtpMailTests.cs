using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AuthServer.IntegrationTests.Infrastructure;
using AuthServer.Mail;
using MailKit.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AuthServer.IntegrationTests.Mail;

/// <summary>
/// Mail through a real SMTP server (<see cref="SmtpSink"/>, in this process): what arrives is parsed with
/// MimeKit as any mail client or relay would, and the transport refuses to fall back to clear text.
/// </summary>
public sealed class SmtpMailTests(SmtpMailFactory host) : IClassFixture<SmtpMailFactory>
{
    [Fact]
    public async Task PasswordReset_ThroughSmtp_WellFormedWithTextAndHtmlPartsAndPublicOriginLink()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        // A browser on the public origin (any other host is refused, or in Development left to link to itself).
        using var browser = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(PublicOriginFactory.Origin) });
        var page = await HtmlPage.GetAsync(browser, "/Identity/Account/ForgotPassword");

        using var response = await page.SubmitAsync(browser, "form", new Dictionary<string, string> { ["Input.Email"] = company.AdminEmail });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = await host.Smtp.WaitForAsync(company.AdminEmail);
        var message = mail.Message;
        Assert.Equal(SmtpSink.UserName, mail.AuthenticatedUser);
        Assert.Equal("no-reply@auth.example", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal(company.AdminEmail, Assert.Single(message.To.Mailboxes).Address);
        Assert.InRange(message.Date, host.Time.GetUtcNow().AddMinutes(-1), host.Time.GetUtcNow().AddMinutes(1));
        Assert.Matches("^[^@<>\\s]+@auth\\.example$", message.MessageId);
        Assert.Equal(new Version(1, 0), message.MimeVersion);
        Assert.Contains("\r\nMIME-Version: 1.0\r\n", "\r\n" + mail.Raw, StringComparison.Ordinal);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Contains("password", message.Subject, StringComparison.OrdinalIgnoreCase);

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(part => part.ContentType.MimeType));
        Assert.All(alternative, part => Assert.Equal("utf-8", part.ContentType.Charset, ignoreCase: true));
        var link = Assert.Single(Mailbox.Links(message.HtmlBody!));
        Assert.StartsWith(PublicOriginFactory.Origin + "Identity/Account/ResetPassword?", link.AbsoluteUri, StringComparison.Ordinal);
        // The text part says the same and carries the same link, so a text-only reader can follow it.
        Assert.Contains("<" + link.OriginalString + ">", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<a ", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invitation_NonAsciiNames_Utf8SubjectEncodedOnTheWireAndReadBackExactly()
    {
        var company = await TestAccounts.NewCompanyAsync(host, "Société Générale Čechy " + Guid.NewGuid().ToString("N")[..6]);
        using var admin = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);
        var invitee = $"zoë-{Guid.NewGuid():N}@company.test".Replace("ë", "e", StringComparison.Ordinal);
        var page = await HtmlPage.GetAsync(admin, "/settings/members");

        using var response = await page.SubmitAsync(admin, "#invite-form", new Dictionary<string, string> { ["Input.Email"] = invitee, ["Input.Role"] = "Member" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = await host.Smtp.WaitForAsync(invitee);
        Assert.Equal($"{company.AdminEmail} invited you to {company.Name} on AuthServer", mail.Message.Subject);
        // RFC 2047 on the wire: the raw header is ASCII, the words encoded as UTF-8.
        var rawSubject = mail.Raw.Split("\r\n").SkipWhile(line => !line.StartsWith("Subject:", StringComparison.Ordinal))
            .TakeWhile((line, index) => index == 0 || line.StartsWith(' ') || line.StartsWith('\t'));
        Assert.Contains("=?utf-8?", string.Concat(rawSubject), StringComparison.OrdinalIgnoreCase);
        Assert.All(mail.Raw, c => Assert.True(c < 128, "the message must be 7-bit: any relay takes it"));
        Assert.Contains(company.Name, mail.Message.TextBody, StringComparison.Ordinal);
        Assert.StartsWith(PublicOriginFactory.Origin + "invitations/", Assert.Single(Mailbox.Links(mail.Message.HtmlBody!)).AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTls_ServerWithoutStartTls_RefusedNothingSentInClear()
    {
        using var plain = new SmtpSink();
        var delivery = Delivery(plain.Port, SmtpSecurity.StartTls);

        await Assert.ThrowsAsync<NotSupportedException>(() => delivery.DeliverAsync(Message(), CancellationToken.None));

        Assert.Equal(0, plain.Count);
    }

    [Fact]
    public async Task StartTls_UntrustedCertificate_RefusedNothingSent()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var exportable = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        using var selfSigned = new SmtpSink(exportable);
        var delivery = Delivery(selfSigned.Port, SmtpSecurity.StartTls);

        await Assert.ThrowsAsync<SslHandshakeException>(() => delivery.DeliverAsync(Message(), CancellationToken.None));

        Assert.Equal(0, selfSigned.Count);
    }

    private static SmtpDelivery Delivery(int port, SmtpSecurity security) =>
        new(Options.Create(new MailOptions
        {
            Smtp = new SmtpOptions
            {
                Host = "127.0.0.1",
                Port = port,
                Security = security,
                UserName = SmtpSink.UserName,
                Password = SmtpSink.Password,
                Timeout = TimeSpan.FromSeconds(10),
            },
        }), NullLogger<SmtpDelivery>.Instance);

    private MimeMessage Message() => host.Services.GetRequiredService<MailComposer>().Compose("someone@company.test", "Test", "<p>Test</p>");
}
