using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;

namespace Dataflow.Testing;

/// <summary>
/// s3rver (npm), a real S3-protocol server, started on 127.0.0.1 for the tests that need S3. Installs its package on
/// first use when <c>.ci/run</c> has not already, so <c>dotnet test</c> works on a fresh machine with Node.js.
/// </summary>
public sealed class S3Server : IDisposable
{
    private readonly Process _process;

    private S3Server(Process process, int port)
    {
        _process = process;
        Client = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
        {
            ServiceURL = $"http://127.0.0.1:{port}",
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
        });
    }

    public IAmazonS3 Client { get; }

    public static S3Server Start(params string[] buckets)
    {
        var folder = Folder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "s3rver")))
        {
            Run("npm", "ci --silent --no-audit --no-fund", folder);
        }

        var start = new ProcessStartInfo("node", ["server.js", .. buckets])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // ListObjectsV2 continuation tokens need the legacy OpenSSL provider on Node 20 (tooling.md).
        start.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var line = process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"s3rver exited: {process.StandardError.ReadToEnd()}");
        using var ready = JsonDocument.Parse(line);
        return new S3Server(process, ready.RootElement.GetProperty("port").GetInt32());
    }

    /// <summary>The launcher's folder in the checkout the tests were built from (where <c>.ci/run</c> installs it).</summary>
    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "lambda", "Dataflow.Ingestion.Tests", "s3rver");
            if (File.Exists(Path.Combine(candidate, "server.js")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("lambda/Dataflow.Ingestion.Tests/s3rver not found above " + AppContext.BaseDirectory);
    }

    private static void Run(string file, string arguments, string folder)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = folder })
            ?? throw new InvalidOperationException($"{file} did not start");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed in {folder} (exit {process.ExitCode})");
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
