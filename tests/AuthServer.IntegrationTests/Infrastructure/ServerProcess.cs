using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// The built server run as its own process, as a user runs it: real configuration loading from the
/// files beside the binaries and from environment variables, real console output.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public TimeSpan StartupTime { get; private set; }

    /// <summary>
    /// Waits until the console has printed <paramref name="text"/>: readiness is signalled by the banner's
    /// first line, and the lines after it arrive a moment later.
    /// </summary>
    public async Task<string> WaitForOutputAsync(string text)
    {
        for (var waited = 0; waited < 100 && !Output.Contains(text, StringComparison.Ordinal); waited++)
        {
            await Task.Delay(50);
        }

        return Output;
    }

    public static async Task<ServerProcess> StartAsync(IDictionary<string, string> environment)
    {
        var port = FreePort();
        var hostDll = Path.Combine(HostBinaries(), "AuthServer.dll");
        var info = new ProcessStartInfo("dotnet", [hostDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var watch = Stopwatch.StartNew();
        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var finished = await Task.WhenAny(server._ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (finished != server._ready.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("The server did not become ready:\n" + server.Output);
        }

        server.StartupTime = watch.Elapsed;
        return server;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("AuthServer is ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    /// <summary>The host's own build output (same configuration as this test assembly).</summary>
    private static string HostBinaries()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(RepoPaths.Root, "src", "AuthServer", "bin", configuration, "net10.0");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
