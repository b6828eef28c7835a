using System.Text.Json.Nodes;
using Dataflow.Contracts;
using Dataflow.Contracts.Testing;

namespace Dataflow.Glue.Tests;

/// <summary>
/// The Glue driver's plan, holds and commit, run by python3 on the real pipeline.json: the same decisions the twin
/// makes (IncrementalEtl), on a ledger and manifests written out here.
/// </summary>
public sealed class GlueIncrementalTests
{
    private static readonly string Script = Path.Combine(Checkout.Repository.Root, "glue", "jobs", "awsdataflowjob.py");

    private static string Run(string run) => Checkout.Layout.RunIds.Parse(run).Value;

    private static string Key(string symbol, string run) =>
        Checkout.Layout.RawTimeSeriesKey("1day", symbol, Checkout.Layout.RunIds.Parse(run).IngestDate, run);

    private static JsonObject Exec(string body) =>
        JsonNode.Parse(GlueDriverHarness.Exec(Script, PipelineContract.Load(Checkout.Repository).ToJson(), body))!.AsObject();

    private const string R1 = "20260105T220000Z-sample";
    private const string R2 = "20260106T220000Z-sample";
    private const string R3 = "20260107T220000Z-sample";

    private static string Scenario => $$"""
        def manifest(run, started):
            return {"run_id": run, "interval": "1day", "started_utc": started, "symbols": [
                {"symbol": "AAPL", "keys": ["{{Key("AAPL", R1)}}".replace("{{R1}}", run).replace("2026-01-05", started[:10])]},
                {"symbol": "BTC/USD", "keys": ["{{Key("BTC/USD", R1)}}".replace("{{R1}}", run).replace("2026-01-05", started[:10])]}]}
        manifests = [manifest("{{R3}}", "2026-01-07T22:00:00Z"), manifest("{{R1}}", "2026-01-05T22:00:00Z"), manifest("{{R2}}", "2026-01-06T22:00:00Z")]
        aapl_r2 = manifests[2]["symbols"][0]["keys"][0]
        commit = {"version": "v2", "tables": {}, "processed_runs": [{"run_id": "{{R1}}"}, {"run_id": "{{R2}}"}],
                  "holds": [{"symbol": "AAPL", "interval": "1day", "since_version": "v2", "since_utc": "t2", "rules": ["r"],
                             "pending_objects": [aapl_r2], "released": False}]}
        zones = {"AAPL": "America/New_York", "BTC/USD": "UTC"}

        """;

    [Test]
    public void A_run_reads_the_new_runs_objects_and_the_held_symbols_pending_ones_only()
    {
        var result = Exec(Scenario + """
            listed = [m["run_id"] for m in manifests]
            read = job.runs_to_read(pipeline, commit, listed, False)
            todo = job.plan(pipeline, commit, [m for m in manifests if m["run_id"] in read], zones, False)
            full = job.plan(pipeline, commit, manifests, zones, True)
            print(json.dumps({"read": read, "new": todo["new_runs"], "objects": sorted(o["source_key"] for o in todo["objects"]),
                              "full": len(full["objects"]), "as_of": {o["symbol"]: o["run_as_of_date"] for o in todo["objects"] if o["ingest_run_id"] == "20260107T220000Z-sample"}}))
            """);

        Assert.That(result["read"]!.AsArray().Select(r => (string)r!), Is.EqualTo(new[] { R2, R3 }), "the new run and the one with pending objects; R1 is not read");
        Assert.That(result["new"]!.AsArray().Select(r => (string)r!), Is.EqualTo(new[] { R3 }));
        Assert.That(result["objects"]!.AsArray().Select(o => (string)o!),
            Is.EquivalentTo(new[] { Key("AAPL", R2), Key("AAPL", R3), Key("BTC/USD", R3) }));
        Assert.That((int)result["full"]!, Is.EqualTo(6), "a full rebuild reads every manifested object");
        // 22:00 UTC on 7 January is 17:00 in New York: the same date; a run at 03:00 UTC would be the day before there.
        Assert.That((string?)result["as_of"]!["AAPL"], Is.EqualTo("2026-01-07"));
        Assert.That((string?)Exec("""print(json.dumps({"d": job.as_of_date("2026-01-08T03:00:00Z", "America/New_York")}))""")["d"], Is.EqualTo("2026-01-07"));
    }

    [Test]
    public void A_failing_held_symbol_keeps_waiting_with_its_new_objects_and_a_release_ends_the_hold()
    {
        var result = Exec(Scenario + """
            todo = job.plan(pipeline, commit, manifests, zones, False)
            failures = [("AAPL", "1day", "rule a")]
            still = job.holds_after(commit, failures, todo, "v3", "t3", set())
            released = job.holds_after(commit, failures, todo, "v3", "t3", {"AAPL"})
            passing = job.holds_after(commit, [], todo, "v3", "t3", set())
            document = job.next_commit(commit, "v3", "t3", {}, todo, still)
            print(json.dumps({"still": still, "released": released, "passing": passing, "ledger": document["processed_runs"][-1]}))
            """);

        var hold = result["still"]!.AsArray().Single()!;
        Assert.That(((string?)hold["since_version"], (string?)hold["symbol"]), Is.EqualTo(("v2", "AAPL")), "the hold keeps its start");
        Assert.That(hold["pending_objects"]!.AsArray().Select(k => (string)k!), Is.EqualTo(new[] { Key("AAPL", R2), Key("AAPL", R3) }));
        Assert.That(result["released"]!.AsArray(), Is.Empty);
        Assert.That(result["passing"]!.AsArray(), Is.Empty, "rows that pass end the hold");
        Assert.That(result["ledger"]!["run_id"]!.GetValue<string>(), Is.EqualTo(R3));
        Assert.That(result["ledger"]!["held"]!.AsArray().Select(h => (string)h!), Is.EqualTo(new[] { "AAPL (1day)" }));
    }

    [Test]
    public void Partitions_after_a_run_replace_the_changed_ones_and_drop_the_emptied_ones()
    {
        var result = Exec("""
            current = {"bar_interval=1day/year=2024": "t/run=v1/a/", "bar_interval=1day/year=2025": "t/run=v1/b/", "bar_interval=1day/year=2026": "t/run=v1/c/"}
            after = job.merged_partitions(current, {"bar_interval=1day/year=2025", "bar_interval=1day/year=2026"}, {"bar_interval=1day/year=2025": "t/run=v2/b/"})
            retired = job.retired_folders({"t": current}, {"t": after})
            print(json.dumps({"after": after, "retired": retired, "warn": job.is_warning({"severity": "WARN"}), "block": job.is_warning({"team": "x"}),
                              "version": job.version_prefix(pipeline, "daily_bars", "v2")}))
            """);

        Assert.That(result["after"]!.AsObject().Select(p => $"{p.Key} {p.Value}"),
            Is.EqualTo(new[] { "bar_interval=1day/year=2024 t/run=v1/a/", "bar_interval=1day/year=2025 t/run=v2/b/" }));
        Assert.That(result["retired"]!.AsArray().Select(f => (string)f!), Is.EqualTo(new[] { "t/run=v1/b/", "t/run=v1/c/" }));
        Assert.That(((bool)result["warn"]!, (bool)result["block"]!), Is.EqualTo((true, false)));
        Assert.That((string?)result["version"], Is.EqualTo(Checkout.Layout.CuratedVersionPrefix("daily_bars", "v2")));
    }

    [Test]
    public void A_recorded_split_sends_one_full_history_refetch_per_symbol_in_the_contracts_event_shape()
    {
        // The driver logs its warning on the same output: the result is the JSON line.
        var output = GlueDriverHarness.Exec(Script, PipelineContract.Load(Checkout.Repository).ToJson(), """
            import datetime
            class Events:
                def __init__(self): self.sent = []
                def put_events(self, Entries): self.sent += Entries
            class Row(dict):
                def asDict(self): return dict(self)
            class Table:
                def select(self, *columns): return self
                def collect(self): return [Row(symbol="AAPL", action="REFETCH_HISTORY"), Row(symbol="AAPL", action="REFETCH_HISTORY"),
                                           Row(symbol="MSFT", action="HISTORY_REFETCHED")]
            class Spark:
                def table(self, name): return Table()
            events = Events()
            job.request_refetches(events, pipeline, Spark(), datetime.date(2026, 12, 2))
            print(json.dumps({"sent": events.sent}))
            """);
        var result = JsonNode.Parse(output.Split('\n').Single(l => l.StartsWith('{')))!.AsObject();

        var sent = result["sent"]!.AsArray().Select(e => e!.AsObject()).ToArray();
        Assert.That(sent, Has.Length.EqualTo(1), "one event per symbol whose split asks for a re-fetch; a re-fetch's own row asks nothing");
        Assert.That((string)sent[0]["Source"]!, Is.EqualTo(Contracts.Ingestion.RefetchEvent.Source));
        Assert.That((string)sent[0]["DetailType"]!, Is.EqualTo(Contracts.Ingestion.RefetchEvent.DetailType));
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse((string)sent[0]["Detail"]!), JsonNode.Parse(Contracts.Ingestion.RefetchEvent.Detail(["AAPL"], new DateOnly(2026, 12, 2)))),
            Is.True, (string)sent[0]["Detail"]!);
    }
}
