using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on a free loopback port, requiring
/// authentication with <see cref="UserName"/>/<see cref="Password"/>; every message it accepts is kept.
/// With a certificate it offers STARTTLS with it.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    public const string UserName = "relay-user";
    public const string Password = "relay-password-0123456789";

    private readonly List<ReceivedMail> _received = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private int _disposed;

    public SmtpSink(X509Certificate2? certificate = null)
    {
        Port = ServerProcess.FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).AuthenticationRequired().AllowUnsecureAuthentication();
                if (certificate is not null)
                {
                    endpoint.Certificate(certificate);
                }
            })
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new DelegatingUserAuthenticator((context, user, password) =>
        {
            var valid = user == UserName && password == Password;
            if (valid)
            {
                context.Properties["user"] = user;
            }

            return valid;
        }));
        services.Add(new Store(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
        WaitUntilListening();
    }

    public int Port { get; }

    /// <summary>The first message to <paramref name="to"/> that arrives within 10 s.</summary>
    public async Task<ReceivedMail> WaitForAsync(string to)
    {
        for (var waited = 0; waited < 10_000; waited += 50)
        {
            lock (_received)
            {
                var found = _received.FirstOrDefault(m => m.Message.To.Mailboxes.Any(a => a.Address.Equals(to, StringComparison.OrdinalIgnoreCase)));
                if (found is not null)
                {
                    return found;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no mail to {to} reached the SMTP server on port {Port}");
    }

    public int Count
    {
        get
        {
            lock (_received)
            {
                return _received.Count;
            }
        }
    }

    /// <summary>Stops the server; a second call does nothing (a fixture factory is disposed both ways, and
    /// WebApplicationFactory's <c>DisposeAsync</c> and <c>Dispose</c> each call <c>Dispose(bool)</c>).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _server.Shutdown();
        try
        {
            _running.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(e => e is OperationCanceledException))
        {
        }

        _stop.Dispose();
    }

    private void WaitUntilListening()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException($"the SMTP server did not start on port {Port}");
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var bytes = buffer.ToArray();
            using var stream = new MemoryStream(bytes);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var user = context.Properties.TryGetValue("user", out var value) ? value as string : null;
            lock (sink._received)
            {
                sink._received.Add(new ReceivedMail(message, System.Text.Encoding.ASCII.GetString(bytes), user));
            }

            return SmtpResponse.Ok;
        }
    }
}
