using System.Net;
using System.Net.Sockets;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback port that forwards to a real server (Redis) until it is cut: then every connection is
/// closed and new ones are refused, as when the server goes away; <see cref="Resume"/> brings it back.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly DnsEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public TcpRelay(string target)
    {
        var (host, port) = (target[..target.LastIndexOf(':')], int.Parse(target[(target.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        _target = new DnsEndPoint(host, port);
        Port = Listen(0);
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Closes every relayed connection and stops listening.</summary>
    public void Cut()
    {
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public void Resume() => Listen(Port);

    private int Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        _listener = listener;
        _accepting = AcceptAsync(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return; // Cut or disposed.
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(_target.Host, _target.Port, _stop.Token);
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (_open)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stop.Token);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or SocketException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}
