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

    /// <summary>Starts the server (in Development unless the environment says otherwise) and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(IDictionary<string, string> environment)
    {
        var watch = Stopwatch.StartNew();
        var server = Launch(environment);
        var finished = await Task.WhenAny(server._ready.Task, server._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (finished != server._ready.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("The server did not become ready:\n" + server.Output);
        }

        server.StartupTime = watch.Elapsed;
        return server;
    }

    /// <summary>Starts the server expecting it to refuse: its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IDictionary<string, string> environment)
    {
        await using var server = Launch(environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await server._process.WaitForExitAsync(timeout.Token);
        return (server._process.ExitCode, server.Output);
    }

    /// <summary>A graceful stop, as a container runtime or systemd sends it (SIGTERM), waiting for the exit.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    private static ServerProcess Launch(IDictionary<string, string> environment)
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
        // "{port}" in a value is the port the server will listen on (e.g. for Auth__Issuer).
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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

    /// <summary>A loopback port nothing listens on right now, for a server a test starts.</summary>
    public static int FreePort()
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
