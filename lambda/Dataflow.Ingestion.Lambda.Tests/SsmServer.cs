using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;

namespace Dataflow.Ingestion.Lambda.Tests;

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking SSM's JSON 1.1 protocol for <c>GetParameter</c>, so the function's actual
/// AWS SDK client is exercised: it answers from <see cref="Parameters"/> and counts the reads.
/// </summary>
internal sealed class SsmServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _reads;

    public SsmServer()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Client = new AmazonSimpleSystemsManagementClient(new BasicAWSCredentials("test", "test"),
            new AmazonSimpleSystemsManagementConfig { ServiceURL = $"http://127.0.0.1:{port}", AuthenticationRegion = "eu-west-1" });
        _loop = Task.Run(LoopAsync);
    }

    public Dictionary<string, string> Parameters { get; } = [];
    public int Reads => _reads;
    public IAmazonSimpleSystemsManagement Client { get; }
    public List<JsonElement> Requests { get; } = [];

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            using var body = JsonDocument.Parse(await reader.ReadToEndAsync());
            lock (Requests)
            {
                Requests.Add(body.RootElement.Clone());
            }

            var target = context.Request.Headers["X-Amz-Target"];
            var name = body.RootElement.GetProperty("Name").GetString()!;
            Interlocked.Increment(ref _reads);
            var (status, json) = target != "AmazonSSM.GetParameter"
                ? (400, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = "InvalidAction", ["message"] = target ?? "" }))
                : Parameters.TryGetValue(name, out var value)
                    ? (200, JsonSerializer.Serialize(new { Parameter = new { Name = name, Type = "SecureString", Value = value, Version = 1 } }))
                    : (400, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = "ParameterNotFound", ["message"] = $"{name} not found" }));
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/x-amz-json-1.1";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait();
        Client.Dispose();
    }
}
