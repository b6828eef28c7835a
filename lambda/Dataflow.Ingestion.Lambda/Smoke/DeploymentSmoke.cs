using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataflow.Ingestion.Lambda.Smoke;

/// <summary>Invokes a deployed function synchronously; <see cref="FunctionReply.FunctionError"/> as Lambda reports it.</summary>
public interface IFunctionInvoker
{
    Task<FunctionReply> InvokeAsync(string functionName, string payload, CancellationToken cancellationToken);
}

/// <summary>What the invocation returned: its payload, and Lambda's <c>FunctionError</c> when the handler threw.</summary>
public sealed record FunctionReply(string Payload, string? FunctionError);

/// <summary>The smoke test's verdict, a line per check.</summary>
public sealed record SmokeResult(bool Passed, IReadOnlyList<string> Lines);

/// <summary>
/// After <c>pulumi up</c>: does the deployed pipeline ingest? It invokes the function for the newest bar of one symbol
/// (one credit), then reads the run manifest the function says it wrote from the raw bucket and checks the symbol's
/// outcome. Each check is a line; the first failure ends the test with what was seen.
/// </summary>
public sealed class DeploymentSmoke(IFunctionInvoker lambda, IRawStore raw)
{
    public static string Event(string symbol) => new JsonObject { ["symbols"] = new JsonArray(symbol), ["latest_bars"] = 1 }.ToJsonString();

    public async Task<SmokeResult> RunAsync(string functionName, string symbol, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        SmokeResult Fail(string line) => new(false, [.. lines, $"FAIL {line}"]);

        var reply = await lambda.InvokeAsync(functionName, Event(symbol), cancellationToken);
        if (reply.FunctionError is { } error)
        {
            return Fail($"invoking {functionName} for {symbol}: {error}: {Shorten(reply.Payload)}");
        }

        JsonNode? result;
        try
        {
            result = JsonNode.Parse(reply.Payload);
        }
        catch (JsonException e)
        {
            return Fail($"{functionName} answered something that is not JSON ({e.Message}): {Shorten(reply.Payload)}");
        }

        if (result?["run_id"]?.GetValue<string>() is not { } runId || result["manifest_key"]?.GetValue<string>() is not { } manifestKey)
        {
            return Fail($"{functionName} answered without run_id and manifest_key: {Shorten(reply.Payload)}");
        }

        lines.Add($"ok   invoked {functionName}: run {runId}");
        if (await raw.GetAsync(manifestKey, cancellationToken) is not { } json)
        {
            return Fail($"no manifest at {raw.Location}/{manifestKey}: the function could not write the raw bucket");
        }

        var manifest = RunManifest.FromJson(json);
        lines.Add($"ok   manifest {raw.Location}/{manifestKey}");
        var outcome = manifest.Symbols.SingleOrDefault(s => s.Symbol == symbol);
        return outcome is { Outcome: SymbolOutcome.Succeeded or SymbolOutcome.NoData }
            ? new SmokeResult(true, [.. lines, $"ok   {symbol}: {outcome.Outcome}, {outcome.Bars} bars, {outcome.Keys.Count} raw objects"])
            : Fail($"{symbol}: {outcome?.Outcome.ToString() ?? "not in the manifest"} {outcome?.ErrorKind} {outcome?.Error}".TrimEnd());
    }

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
