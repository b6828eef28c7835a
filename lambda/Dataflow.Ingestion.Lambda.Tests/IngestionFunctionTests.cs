using Dataflow.Contracts.Testing;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Ingestion.Lambda;
using Dataflow.Testing;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Ingestion.Lambda.Tests;

/// <summary>
/// The handler end to end, over real servers on 127.0.0.1: SSM (the key), the Twelve Data emulator and s3rver (the
/// raw bucket). Time is simulated, so credit waits cost nothing.
/// </summary>
public sealed class IngestionFunctionTests
{
    private const string Bucket = "dataflow-dev-raw-123456789012";
    private const string Parameter = "/dataflow/dev/twelvedata-api-key";
    private const string Key = "lambda-test-key-9c1e";
    private S3Server _s3 = null!;

    [OneTimeSetUp]
    public void StartS3() => _s3 = S3Server.Start(Bucket);

    [OneTimeTearDown]
    public void StopS3() => _s3.Dispose();

    private sealed record Setup(IngestionFunction Function, SsmServer Ssm, TwelveDataEmulator Emulator, StringWriter Output, SimulatedClock Clock);

    private async Task<T> WithFunction<T>(EmulatorPlan plan, Func<Setup, Task<T>> test, int? creditsPerMinute = 8, Action<EmulatedMarket>? shape = null, EmulatedMarket? market = null)
    {
        var clock = new SimulatedClock(new DateTimeOffset(2026, 11, 27, 22, 30, 0, TimeSpan.Zero));
        market ??= new EmulatedMarket();
        shape?.Invoke(market);
        await using var emulator = new TwelveDataEmulator(Key, plan, market, clock);
        using var ssm = new SsmServer { Parameters = { [Parameter] = Key } };
        using var http = new HttpClient();
        var output = new StringWriter();
        var settings = FunctionSettings.FromEnvironment(new Dictionary<string, string?>
        {
            ["RAW_BUCKET"] = Bucket,
            ["API_KEY_PARAMETER"] = Parameter,
            ["STACK"] = "dev",
            ["INTERVAL"] = "1day",
            ["SYMBOLS"] = "AAPL,MSFT,SPY,EUR/USD",
            ["CREDITS_PER_MINUTE"] = creditsPerMinute?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TWELVEDATA_BASE_URL"] = emulator.BaseUrl.ToString(),
        }.GetValueOrDefault, Checkout.Universe);
        var runtime = new FunctionRuntime(settings, _s3.Client, ssm.Client, http, clock, output);
        return await test(new Setup(new IngestionFunction(runtime), ssm, emulator, output, clock));
    }

    private static async Task<JsonElement> Invoke(IngestionFunction function, string payload)
    {
        await using var result = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(payload)));
        using var doc = await JsonDocument.ParseAsync(result);
        return doc.RootElement.Clone();
    }

    [Test]
    public Task A_scheduled_invocation_writes_the_raw_objects_and_the_manifest_and_emits_metrics() =>
        WithFunction(new EmulatorPlan(8, 800), async s =>
        {
            var result = await Invoke(s.Function, "{}");

            var manifestKey = result.GetProperty("manifest_key").GetString()!;
            Assert.That(manifestKey, Is.EqualTo(Checkout.Layout.RunManifestKey(new DateOnly(2026, 11, 27), result.GetProperty("run_id").GetString()!)));
            using var manifestObject = await _s3.Client.GetObjectAsync(Bucket, manifestKey);
            using var read = new MemoryStream();
            await manifestObject.ResponseStream.CopyToAsync(read);
            var manifest = RunManifest.FromJson(read.ToArray());
            Assert.That(manifest.Symbols.Select(x => x.Outcome), Is.All.EqualTo(SymbolOutcome.Succeeded));
            Assert.That(manifest.Totals.Bars, Is.EqualTo(4 * 5));

            var listing = await _s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = Checkout.Layout.RawTimeSeries.FolderPrefix });
            Assert.That(listing.S3Objects.Select(o => o.Key), Is.SupersetOf(manifest.Symbols.SelectMany(x => x.Keys)));

            var lines = s.Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
            var emf = lines.Single(l => l.TryGetProperty("_aws", out _));
            Assert.That(emf.GetProperty("BarsIngested").GetInt32(), Is.EqualTo(20));
            Assert.That(emf.GetProperty("CreditsUsed").GetInt32(), Is.EqualTo(4));
            Assert.That(emf.GetProperty("ApiLatencyMs").GetArrayLength(), Is.EqualTo(1), "one batch request");
            Assert.That(lines.Count(l => l.TryGetProperty("message", out var m) && m.GetString() == "symbol fetched"), Is.EqualTo(4));
            Assert.That(s.Output.ToString(), Does.Not.Contain(Key), "the key never reaches the logs");
            return 0;
        });

    [Test]
    public Task A_retried_schedule_is_the_same_run_and_fetches_nothing_it_already_stored() =>
        WithFunction(new EmulatorPlan(8, 800), async s =>
        {
            const string schedule = """{"scheduled_time":"2026-11-27T22:30:00Z"}""";
            var first = await Invoke(s.Function, schedule);
            var requestsAfterFirst = s.Emulator.Requests.Count;
            s.Clock.Advance(TimeSpan.FromMinutes(3));

            var retry = await Invoke(s.Function, schedule);
            var other = await Invoke(s.Function, "{}");

            Assert.That(first.GetProperty("run_id").GetString(), Does.StartWith("20261127T223000000Z-").And.EndWith("-scheduled"));
            Assert.That(retry.GetProperty("run_id").GetString(), Is.EqualTo(first.GetProperty("run_id").GetString()));
            Assert.That(retry.GetProperty("totals").GetProperty("succeeded").GetInt32(), Is.EqualTo(4));
            Assert.That(other.GetProperty("run_id").GetString(), Is.Not.EqualTo(first.GetProperty("run_id").GetString()), "an unscheduled run is a run of its own");
            Assert.That(s.Emulator.Requests.Count - requestsAfterFirst, Is.EqualTo(1), "only the unscheduled run asked the API: one batch");
            return 0;
        });

    [Test]
    public Task The_key_is_read_from_ssm_with_decryption_once_for_warm_invocations() =>
        WithFunction(new EmulatorPlan(8, 800), async s =>
        {
            await Invoke(s.Function, "{}");
            s.Clock.Advance(TimeSpan.FromMinutes(5));
            await Invoke(s.Function, """{"symbols":["AAPL"]}""");
            Assert.That(s.Ssm.Reads, Is.EqualTo(1));
            Assert.That(s.Ssm.Requests[0].GetProperty("WithDecryption").GetBoolean(), Is.True);

            s.Clock.Advance(ApiKeyProvider.Lifetime);
            await Invoke(s.Function, """{"symbols":["AAPL"]}""");
            Assert.That(s.Ssm.Reads, Is.EqualTo(2), "re-read after its lifetime, so a rotated key is picked up");
            return 0;
        });

    [Test]
    public Task A_partial_failure_succeeds_and_reports_what_failed() =>
        WithFunction(new EmulatorPlan(8, 800), async s =>
        {
            var result = await Invoke(s.Function, """{"symbols":["AAPL","SPY"]}""");

            Assert.That(result.GetProperty("totals").GetProperty("succeeded").GetInt32(), Is.EqualTo(1));
            Assert.That(result.GetProperty("totals").GetProperty("skipped").GetInt32(), Is.EqualTo(1));
            return 0;
        }, shape: market => market.Unknown.Add("SPY")); // configured, but the API no longer knows it (delisted, renamed)

    [Test]
    public Task A_total_outage_fails_the_invocation_so_lambda_retries_it() =>
        WithFunction(new EmulatorPlan(8, 800), async s =>
        {
            for (var i = 0; i < 4; i++)
            {
                s.Emulator.ScriptNext(EmulatorReply.Html(503));
            }

            var e = Assert.ThrowsAsync<IngestionFailedException>(() => Invoke(s.Function, """{"symbols":["AAPL","MSFT"]}"""));

            Assert.That(e!.Message, Does.Contain("every symbol failed transiently").And.Contain(Checkout.Layout.RunManifest.FolderPrefix));
            Assert.That(s.Output.ToString(), Does.Contain("\"level\":\"ERROR\""));
            return 0;
        });

    [Test]
    public Task Without_a_configured_budget_the_plan_is_read_from_api_usage() =>
        WithFunction(new EmulatorPlan(8, 800), async s =>
        {
            await Invoke(s.Function, "{}");

            Assert.That(s.Emulator.Requests.First().Path, Is.EqualTo("api_usage"));
            Assert.That(s.Emulator.MinuteLimitHits, Is.Zero);
            return 0;
        }, creditsPerMinute: null);

    [Test]
    public Task A_budgeted_backfill_event_returns_how_to_continue_and_its_continuations_finish_the_history_over_days() =>
        WithFunction(new EmulatorPlan(100, null), async s =>
        {
            var first = await Invoke(s.Function, """{"symbols":["AAPL"],"to":"2025-12-31","credits_per_day":3}""");
            var continueWith = first.GetProperty("continue_with").GetRawText();
            Assert.That(first.GetProperty("complete").GetBoolean(), Is.False);
            Assert.That(first.GetProperty("unfinished").GetInt32(), Is.EqualTo(1));
            Assert.That(continueWith, Does.Contain(first.GetProperty("backfill_id").GetString()).And.Contain("\"credits_per_day\":3"));

            var requests = s.Emulator.Requests.Count;
            var sameDay = await Invoke(s.Function, continueWith);
            Assert.That(s.Emulator.Requests, Has.Count.EqualTo(requests), "today's budget is spent: nothing is asked");
            Assert.That(sameDay.GetProperty("waiting").GetInt32(), Is.EqualTo(1));

            JsonElement last;
            var days = 0;
            do
            {
                s.Clock.Advance(TimeSpan.FromDays(1));
                last = await Invoke(s.Function, continueWith);
                days++;
            }
            while (!last.GetProperty("complete").GetBoolean() && days < 10);

            var pages = s.Emulator.Requests.Where(r => r.Path == "time_series").Select(r => r.Query["end_date"]).ToArray();
            Assert.That(last.GetProperty("complete").GetBoolean(), Is.True);
            Assert.That(pages, Is.Unique, "no page asked twice over the invocations");
            Assert.That(s.Emulator.Requests.Count(r => r.Path == "earliest_timestamp"), Is.EqualTo(1));
            var final = await Invoke(s.Function, continueWith);
            Assert.That(final.GetProperty("complete").GetBoolean(), Is.True);
            Assert.That(final.GetProperty("continue_with").ValueKind, Is.EqualTo(JsonValueKind.Null));
            return 0;
        }, creditsPerMinute: 100, market: new EmulatedMarket { FirstDay = new DateOnly(1985, 1, 1) });

    /// <summary>What Lambda does with the handler in-process: its result, or the exception as a FunctionError.</summary>
    private sealed class InProcess(IngestionFunction function) : Smoke.IFunctionInvoker
    {
        public async Task<Smoke.FunctionReply> InvokeAsync(string functionName, string payload, CancellationToken cancellationToken)
        {
            try
            {
                await using var result = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(payload)));
                return new Smoke.FunctionReply(await new StreamReader(result).ReadToEndAsync(cancellationToken), null);
            }
            catch (Exception e) when (e is IngestionFailedException or FormatException)
            {
                return new Smoke.FunctionReply(JsonSerializer.Serialize(new { errorType = e.GetType().Name, errorMessage = e.Message }), "Unhandled");
            }
        }
    }

    [Test]
    public Task The_post_deploy_smoke_test_passes_on_a_working_function_and_reads_its_manifest() =>
        WithFunction(new EmulatorPlan(8, 800), async s =>
        {
            var result = await new Smoke.DeploymentSmoke(new InProcess(s.Function), new S3RawStore(_s3.Client, Bucket))
                .RunAsync("dataflow-dev-ingestion", "AAPL", CancellationToken.None);

            Assert.That(result.Passed, Is.True, string.Join("\n", result.Lines));
            Assert.That(result.Lines[^1], Does.Contain("AAPL: Succeeded, 1 bars"));
            Assert.That(s.Emulator.Requests.Single(r => r.Path == "time_series").Query["outputsize"], Is.EqualTo("1"), "one bar, one credit");
            return 0;
        });

    [Test]
    public Task The_smoke_test_fails_with_the_functions_own_error_when_the_key_is_rejected() =>
        WithFunction(new EmulatorPlan(8, 800), async s =>
        {
            s.Ssm.Parameters[Parameter] = "wrong-key";

            var result = await new Smoke.DeploymentSmoke(new InProcess(s.Function), new S3RawStore(_s3.Client, Bucket))
                .RunAsync("dataflow-dev-ingestion", "AAPL", CancellationToken.None);

            Assert.That(result.Passed, Is.False);
            Assert.That(result.Lines[^1], Does.StartWith("FAIL invoking dataflow-dev-ingestion for AAPL: Unhandled").And.Contain("401"));
            return 0;
        });

    /// <summary>The curated bucket as the ETL leaves it: no commit for the first polls, then the one the test wrote.</summary>
    private sealed class CommitAfter(int polls, string key, Func<string> commit) : IRawStore
    {
        private int _gets;

        public string Location => "s3://curated";

        public Task PutAsync(string k, ReadOnlyMemory<byte> body, string contentType, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the smoke test only reads");

        public Task<byte[]?> GetAsync(string k, CancellationToken cancellationToken) =>
            Task.FromResult(k == key && ++_gets > polls ? Encoding.UTF8.GetBytes(commit()) : null);
    }

    private static readonly string CommitKey = Checkout.Layout.CuratedCommit.Template;

    private async Task<Smoke.SmokeResult> SmokeWithEtl(Setup s, int pollsBeforeCommit, Func<string, string> commitFor)
    {
        string? runId = null;
        var curated = new CommitAfter(pollsBeforeCommit, CommitKey, () => commitFor(runId!));
        var invoker = new Capturing(new InProcess(s.Function), id => runId = id);
        return await new Smoke.DeploymentSmoke(invoker, new S3RawStore(_s3.Client, Bucket)).RunAsync("dataflow-dev-ingestion", "AAPL", CancellationToken.None,
            new Smoke.EtlCheck(curated, CommitKey, TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(30), s.Clock));
    }

    /// <summary>Notes the run id the function answered with, as the ETL would learn it from the manifest.</summary>
    private sealed class Capturing(Smoke.IFunctionInvoker inner, Action<string> runId) : Smoke.IFunctionInvoker
    {
        public async Task<Smoke.FunctionReply> InvokeAsync(string functionName, string payload, CancellationToken cancellationToken)
        {
            var reply = await inner.InvokeAsync(functionName, payload, cancellationToken);
            runId(JsonDocument.Parse(reply.Payload).RootElement.GetProperty("run_id").GetString()!);
            return reply;
        }
    }

    [Test]
    public Task The_smoke_test_waits_for_the_etl_to_publish_the_run() =>
        WithFunction(new EmulatorPlan(8, 800), async s =>
        {
            var started = s.Clock.GetUtcNow();
            var result = await SmokeWithEtl(s, 3, run => $$"""{"version":"v9","processed_runs":[{"run_id":"{{run}}"}],"holds":[]}""");

            Assert.That(result.Passed, Is.True, string.Join("\n", result.Lines));
            Assert.That(result.Lines[^1], Does.Contain("commit \"v9\"").Or.Contain("commit v9").And.Contain("(poll 4)"));
            Assert.That(s.Clock.GetUtcNow() - started, Is.EqualTo(TimeSpan.FromSeconds(90)).Within(TimeSpan.FromSeconds(5)), "three waits of 30 s");
            return 0;
        });

    [Test]
    public Task The_smoke_test_fails_when_the_etl_never_publishes_or_holds_the_symbol() =>
        WithFunction(new EmulatorPlan(8, 800), async s =>
        {
            var never = await SmokeWithEtl(s, int.MaxValue, _ => "{}");
            var held = await SmokeWithEtl(s, 0, run =>
                $$"""{"version":"v9","processed_runs":[{"run_id":"{{run}}"}],"holds":[{"symbol":"AAPL","interval":"1day","rules":["abs(return_pct) < 50"]}]}""");

            Assert.That(never.Passed, Is.False);
            Assert.That(never.Lines[^1], Does.Contain("did not publish run").And.Contain("within 20 minutes"));
            Assert.That(held.Passed, Is.False);
            Assert.That(held.Lines[^1], Does.Contain("HELD AAPL (1day)"));
            return 0;
        });

    /// <summary>Athena as the smoke test sees it: each query runs for a number of polls, then ends as scripted.</summary>
    private sealed class ScriptedAthena(int pollsRunning, Func<string, (QueryStatusScript Status, string[][] Rows)> answer) : Smoke.IQueryRunner
    {
        private readonly Dictionary<string, (string Sql, int Polls)> _queries = [];

        public List<string> Started { get; } = [];

        public Task<string> StartAsync(string sql, CancellationToken cancellationToken)
        {
            var id = $"q{_queries.Count + 1}";
            _queries[id] = (sql, 0);
            Started.Add(sql);
            return Task.FromResult(id);
        }

        public Task<Smoke.QueryStatus> StatusAsync(string queryId, CancellationToken cancellationToken)
        {
            var (sql, polls) = _queries[queryId];
            _queries[queryId] = (sql, polls + 1);
            var (status, _) = answer(sql);
            return Task.FromResult(polls < pollsRunning ? new Smoke.QueryStatus("RUNNING")
                : status == QueryStatusScript.Succeeded ? new Smoke.QueryStatus("SUCCEEDED") : new Smoke.QueryStatus("FAILED", "VIEW_IS_STALE: line 1:15: View 'awsdatacatalog.dataflow_dev_market.daily_metrics' is stale"));
        }

        public Task<IReadOnlyList<IReadOnlyList<string?>>> RowsAsync(string queryId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<IReadOnlyList<string?>>>(answer(_queries[queryId].Sql).Rows);
    }

    private enum QueryStatusScript
    {
        Succeeded,
        Failed,
    }

    private async Task<Smoke.SmokeResult> SmokeWithAthena(Setup s, ScriptedAthena athena)
    {
        string? runId = null;
        var curated = new CommitAfter(0, CommitKey, () => $$"""{"version":"v9","processed_runs":[{"run_id":"{{runId}}"}],"holds":[]}""");
        var invoker = new Capturing(new InProcess(s.Function), id => runId = id);
        return await new Smoke.DeploymentSmoke(invoker, new S3RawStore(_s3.Client, Bucket)).RunAsync("dataflow-dev-ingestion", "AAPL", CancellationToken.None,
            new Smoke.EtlCheck(curated, CommitKey, TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(30), s.Clock),
            new Smoke.AthenaCheck(athena, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(2), s.Clock));
    }

    [Test]
    public Task The_smoke_test_queries_the_runs_bar_and_the_view_through_athena() =>
        WithFunction(new EmulatorPlan(8, 800), async s =>
        {
            var athena = new ScriptedAthena(2, sql => (QueryStatusScript.Succeeded, [["AAPL", "2026-12-01", "230.5"]]));

            var result = await SmokeWithAthena(s, athena);

            Assert.That(result.Passed, Is.True, string.Join("\n", result.Lines));
            Assert.That(athena.Started, Has.Count.EqualTo(2));
            Assert.That(athena.Started[0], Does.Contain("from daily_bars").And.Contain("symbol = 'AAPL'").And.Contain("bar_interval = '1day'").And.Match("ingest_run_id = '[^']+'"));
            Assert.That(athena.Started[1], Does.Contain("from daily_metrics"));
            Assert.That(result.Lines[^2], Is.EqualTo("ok   Athena: the run's bar in daily_bars: AAPL, 2026-12-01, 230.5"));
            return 0;
        });

    [Test]
    public Task The_smoke_test_fails_on_a_stale_view_on_no_row_and_on_a_query_that_never_ends() =>
        WithFunction(new EmulatorPlan(8, 800), async s =>
        {
            var stale = await SmokeWithAthena(s, new ScriptedAthena(0, sql => sql.Contains("daily_metrics", StringComparison.Ordinal)
                ? (QueryStatusScript.Failed, [])
                : (QueryStatusScript.Succeeded, [["AAPL", "2026-12-01", "230.5"]])));
            var empty = await SmokeWithAthena(s, new ScriptedAthena(0, _ => (QueryStatusScript.Succeeded, [])));
            var endless = await SmokeWithAthena(s, new ScriptedAthena(int.MaxValue, _ => (QueryStatusScript.Succeeded, [])));

            Assert.Multiple(() =>
            {
                Assert.That(stale.Passed, Is.False);
                Assert.That(stale.Lines[^2], Does.StartWith("ok   Athena: the run's bar"), "the first query passed");
                Assert.That(stale.Lines[^1], Does.StartWith("FAIL Athena query for the symbol in the daily_metrics view FAILED: VIEW_IS_STALE"));
                Assert.That(empty.Passed, Is.False);
                Assert.That(empty.Lines[^1], Does.StartWith("FAIL Athena returned no row for the run's bar in daily_bars"));
                Assert.That(endless.Passed, Is.False);
                Assert.That(endless.Lines[^1], Does.Contain("still RUNNING after 5 minutes"));
            });
            return 0;
        });
}
