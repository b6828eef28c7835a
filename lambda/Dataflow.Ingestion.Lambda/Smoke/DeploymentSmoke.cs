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
/// Where the ETL publishes (the curated bucket and lake.yaml's commit key) and how long to wait for it: the run's
/// manifest starts the Glue workflow by itself, so the test waits for the commit to list the run.
/// </summary>
public sealed record EtlCheck(IRawStore Curated, string CommitKey, TimeSpan Timeout, TimeSpan PollEvery, TimeProvider Time);

/// <summary>
/// After <c>pulumi up</c>: does the deployed pipeline ingest and publish? It invokes the function for the newest bar of
/// one symbol (one credit), reads the run manifest the function says it wrote from the raw bucket and checks the
/// symbol's outcome; then (with an <see cref="EtlCheck"/>) waits for the curated commit to list the run with the symbol
/// not held, and (with an <see cref="AthenaCheck"/>) queries the bar through Athena. Each check is a line; the first
/// failure ends the test with what was seen.
/// </summary>
public sealed class DeploymentSmoke(IFunctionInvoker lambda, IRawStore raw)
{
    public static string Event(string symbol) => new JsonObject { ["symbols"] = new JsonArray(symbol), ["latest_bars"] = 1 }.ToJsonString();

    public async Task<SmokeResult> RunAsync(string functionName, string symbol, CancellationToken cancellationToken, EtlCheck? etl = null, AthenaCheck? athena = null)
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
        if (outcome is not { Outcome: SymbolOutcome.Succeeded or SymbolOutcome.NoData })
        {
            return Fail($"{symbol}: {outcome?.Outcome.ToString() ?? "not in the manifest"} {outcome?.ErrorKind} {outcome?.Error}".TrimEnd());
        }

        lines.Add($"ok   {symbol}: {outcome.Outcome}, {outcome.Bars} bars, {outcome.Keys.Count} raw objects");
        if (etl is null)
        {
            return new SmokeResult(true, lines);
        }

        var published = await PublishedAsync(etl, runId, symbol, manifest.Interval, cancellationToken);
        if (!published.StartsWith("ok", StringComparison.Ordinal))
        {
            return Fail(published);
        }

        lines.Add(published);
        if (athena is null)
        {
            return new SmokeResult(true, lines);
        }

        var (passed, queried) = await athena.RunAsync(symbol, manifest.Interval, runId, cancellationToken);
        lines.AddRange(passed ? queried : queried.SkipLast(1));
        return passed ? new SmokeResult(true, lines) : Fail(queried[^1]);
    }

    /// <summary>Polls the curated commit until it lists the run; the symbol must not be held.</summary>
    private static async Task<string> PublishedAsync(EtlCheck etl, string runId, string symbol, string interval, CancellationToken cancellationToken)
    {
        var deadline = etl.Time.GetUtcNow() + etl.Timeout;
        for (var polls = 1; ; polls++)
        {
            if (await etl.Curated.GetAsync(etl.CommitKey, cancellationToken) is { } json && JsonNode.Parse(json) is JsonObject commit
                && (commit["processed_runs"]?.AsArray() ?? []).Any(r => r?["run_id"]?.GetValue<string>() == runId))
            {
                var held = (commit["holds"]?.AsArray() ?? []).FirstOrDefault(h => h?["symbol"]?.GetValue<string>() == symbol && h["interval"]?.GetValue<string>() == interval);
                return held is null
                    ? $"ok   published by the ETL: commit {commit["version"]} lists run {runId} (poll {polls})"
                    : $"the ETL processed run {runId} but HELD {symbol} ({interval}): {held["rules"]?.ToJsonString()}";
            }

            if (etl.Time.GetUtcNow() + etl.PollEvery > deadline)
            {
                return $"the ETL did not publish run {runId} within {etl.Timeout.TotalMinutes:0} minutes ({etl.Curated.Location}/{etl.CommitKey}): see the Glue workflow's runs";
            }

            await Task.Delay(etl.PollEvery, etl.Time, cancellationToken);
        }
    }

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
