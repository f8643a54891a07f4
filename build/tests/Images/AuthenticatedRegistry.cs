using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Strata.Tests.Images;

/// <summary>
/// A second registry (the distro's docker-registry) that demands basic auth, on a free loopback port, so the
/// no-credentials path of a fork pull request runs against a real refusal. The user is in testdata/registry.htpasswd.
/// </summary>
public sealed class AuthenticatedRegistry : IAsyncLifetime
{
    public const string Username = "strata";
    public const string Password = "strata-test-password";

    readonly string _root = Directory.CreateTempSubdirectory("strata-auth-registry-").FullName;
    Process? _process;

    public string Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        Host = $"127.0.0.1:{port}";
        var config = Path.Combine(_root, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(_root, "data")}
            http:
              addr: {Host}
              secret: strata-tests
            auth:
              htpasswd:
                realm: strata-tests
                path: {TestData.File("registry.htpasswd")}
            """);
        _process = Process.Start(new ProcessStartInfo("docker-registry", ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("cannot start docker-registry (apt-get install docker-registry)");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(15) && !_process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"docker-registry did not listen on {Host} (exited: {_process.HasExited})");
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process?.Dispose();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
