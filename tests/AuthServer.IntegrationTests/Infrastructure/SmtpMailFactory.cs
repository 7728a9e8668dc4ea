using System.Globalization;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// A host that sends its mail through a real SMTP server in the test process (<see cref="Smtp"/>), with
/// credentials, on the public origin of <see cref="PublicOriginFactory"/>.
/// </summary>
public sealed class SmtpMailFactory : AuthServerFactory
{
    public SmtpMailFactory()
    {
        Smtp = new SmtpSink();
        WithSetting("Auth:Issuer", PublicOriginFactory.Origin)
            .WithSetting("Mail:Smtp:Host", "127.0.0.1")
            .WithSetting("Mail:Smtp:Port", Smtp.Port.ToString(CultureInfo.InvariantCulture))
            // Clear text to a loopback relay: the in-process server has no certificate a client would trust.
            .WithSetting("Mail:Smtp:Security", "None")
            .WithSetting("Mail:Smtp:UserName", SmtpSink.UserName)
            .WithSetting("Mail:Smtp:Password", SmtpSink.Password);
    }

    public SmtpSink Smtp { get; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Smtp.Dispose();
        }
    }
}
