using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AuthServer.IntegrationTests.Mail;

/// <summary>Without <c>Mail:Smtp:Host</c>, mail is a file in the pickup folder that any relay can send as it is.</summary>
public sealed class PickupFolderTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task Pickup_WritesSevenBitCrlfMimeFile_WithHeadersAndBothParts()
    {
        var to = $"pickup-{Guid.NewGuid():N}@company.test";

        await host.Services.GetRequiredService<IEmailSender>().SendEmailAsync(to, "Grüße from Łódź",
            "<p>Hello <strong>there</strong>.</p><p><a href=\"https://auth.example/x?a=1&amp;b=2\">Open it</a></p>");

        var file = Directory.GetFiles(host.MailFolder).Single(f => File.ReadAllText(f).Contains(to, StringComparison.Ordinal));
        Assert.EndsWith(".eml", file, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.All(bytes, b => Assert.True(b < 128, "pickup files are 7-bit"));
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        Assert.DoesNotMatch("[^\r]\n", text);
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("Grüße from Łódź", message.Subject);
        Assert.Equal("no-reply@localhost", Assert.Single(message.From.Mailboxes).Address);
        Assert.False(string.IsNullOrEmpty(message.MessageId));
        Assert.Equal("Hello there.\n\nOpen it <https://auth.example/x?a=1&b=2>\n", message.TextBody!.ReplaceLineEndings("\n"));
        Assert.Contains("<a href=\"https://auth.example/x?a=1&amp;b=2\">Open it</a>", message.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mail:From", "not an address")]
    [InlineData("Mail:Smtp:Port", "70000")]
    [InlineData("Mail:Smtp:Security", "Sometimes")]
    [InlineData("Mail:Smtp:Password", "a password without a user name")]
    public async Task MailSettings_Invalid_StopTheStart(string key, string value)
    {
        await using var invalid = new AuthServerFactory().WithSetting("Mail:Smtp:Host", "127.0.0.1").WithSetting(key, value);

        var error = Assert.ThrowsAny<Exception>(() => invalid.CreateClient());

        // Out of range or unparseable: the options validation, or the binder naming the key.
        var chain = new List<Exception>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            chain.Add(e);
        }

        Assert.True(chain.Any(e => e is OptionsValidationException || e.Message.Contains(key, StringComparison.Ordinal)), error.ToString());
    }

    [Fact]
    public async Task SmtpCredentials_InClearToAnotherMachine_StopTheStart()
    {
        await using var invalid = new AuthServerFactory()
            .WithSetting("Mail:Smtp:Host", "smtp.example").WithSetting("Mail:Smtp:Security", "None")
            .WithSetting("Mail:Smtp:UserName", "user").WithSetting("Mail:Smtp:Password", "secret");

        var error = Assert.ThrowsAny<Exception>(() => invalid.CreateClient());

        var validation = Assert.IsType<OptionsValidationException>(error.GetBaseException());
        Assert.Contains("would travel in clear", validation.Message, StringComparison.Ordinal);
    }
}
