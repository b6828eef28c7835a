using System.Text.Json;
using Dataflow.Ingestion;
using Dataflow.Ingestion.Lambda;
using Dataflow.Ingestion.TwelveData;

namespace Dataflow.Ingestion.Lambda.Tests;

public sealed class EmbeddedMetricsTests
{
    private static readonly RunManifest Manifest = new("20261127T223000Z-twelvedata", "twelvedata", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
        "1day", "latest 5 bars",
    [
        new SymbolResult("AAPL", SymbolOutcome.Succeeded, 1, 5, 200, 1, ["k1"], 1000, null, null),
        new SymbolResult("EUR/USD", SymbolOutcome.NoData, 1, 0, 200, 1, ["k2"], 90, ApiErrorKind.NoData, "No data"),
        new SymbolResult("NOPE", SymbolOutcome.Skipped, 1, 0, 200, 1, ["k3"], 120, ApiErrorKind.SymbolNotFound, "not found"),
        new SymbolResult("LATE", SymbolOutcome.NotAttempted, 0, 0, 0, 0, [], 0, ApiErrorKind.DailyQuota, "daily"),
    ]);

    [Test]
    public void The_record_follows_the_emf_specification_and_carries_the_run_totals()
    {
        using var doc = JsonDocument.Parse(EmbeddedMetrics.Render("prod", "1day", Manifest, [12.34, 56.78], DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)));
        var root = doc.RootElement;
        var directive = root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("_aws").GetProperty("Timestamp").GetInt64(), Is.EqualTo(1_700_000_000_000));
            Assert.That(directive.GetProperty("Namespace").GetString(), Is.EqualTo("Dataflow/Ingestion"));
            Assert.That(directive.GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()), Is.EqualTo(new[] { "Stack", "Interval" }));
            foreach (var dimension in new[] { "Stack", "Interval" })
            {
                Assert.That(root.TryGetProperty(dimension, out _), dimension + " must be a top-level member");
            }

            var names = directive.GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString()!).ToArray();
            Assert.That(names, Is.EqualTo(new[] { "ApiLatencyMs", "SymbolsSucceeded", "SymbolsFailed", "BarsIngested", "CreditsUsed", "RawBytesWritten" }));
            Assert.That(names.All(n => root.TryGetProperty(n, out _)), "every declared metric has a value");
            Assert.That(root.GetProperty("ApiLatencyMs").EnumerateArray().Select(v => v.GetDouble()), Is.EqualTo(new[] { 12.3, 56.8 }));
            Assert.That(root.GetProperty("SymbolsSucceeded").GetInt32(), Is.EqualTo(2), "bars or an honest no-data");
            Assert.That(root.GetProperty("SymbolsFailed").GetInt32(), Is.EqualTo(2), "skipped and not attempted");
            Assert.That(root.GetProperty("BarsIngested").GetInt32(), Is.EqualTo(5));
            Assert.That(root.GetProperty("CreditsUsed").GetInt32(), Is.EqualTo(3));
            Assert.That(root.GetProperty("RawBytesWritten").GetInt64(), Is.EqualTo(1210));
        });
    }

    [Test]
    public void The_failure_rule_fails_only_a_rejected_key_or_a_total_transient_outage()
    {
        SymbolResult Failed(string s, ApiErrorKind kind) => new(s, SymbolOutcome.Failed, 1, 0, 502, 1, [], 0, kind, $"{kind}");

        Assert.That(FailureRule.Reason(Manifest), Is.Null, "skips, no data and a daily stop are outcomes");
        Assert.That(FailureRule.Reason(Manifest with { Symbols = [Failed("A", ApiErrorKind.Transient), Failed("B", ApiErrorKind.Transient)] }),
            Does.StartWith("every symbol failed transiently"));
        Assert.That(FailureRule.Reason(Manifest with { Symbols = [Manifest.Symbols[0], Failed("B", ApiErrorKind.Transient)] }), Is.Null,
            "a partial failure writes what succeeded and reports the rest");
        Assert.That(FailureRule.Reason(Manifest with { Symbols = [Failed("A", ApiErrorKind.Unauthorized)] }), Does.Contain("401"));
    }
}
