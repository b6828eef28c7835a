using System.Diagnostics;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Twin;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Pipeline;
using Dataflow.Twin.Sample;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary>
/// <c>dataflow bench daily</c>: the pipeline as it is scheduled. N weekday runs, each ingesting an overlapping window
/// (the last 8 days, as the Lambda re-fetches) and taking it in with an incremental transform (gate and commit
/// included). Prints the transform cost of early and late runs side by side, the raw objects each reads, what the
/// quarantine and the revisions hold at the end, and whether the result is byte for byte a full rebuild's.
/// </summary>
internal static class DailyBenchmark
{
    private const int WindowDays = 7;

    public static async Task RunAsync(Repository repository, int symbols, int runs, CancellationToken ct)
    {
        var root = Directory.CreateTempSubdirectory("dataflow-bench-daily-").FullName;
        if (Console.IsOutputRedirected)
        {
            // A redirected benchmark is read in a file: the side-by-side table must not wrap at 80 columns.
            AnsiConsole.Profile.Width = 160;
        }

        try
        {
            var (paths, universe) = await EtlBenchmark.PrepareUniverseAsync(repository, root, symbols, ct);
            var source = new SampleTimeSeriesSource(universe, SampleTimeSeriesSource.DefaultSeed, SampleDefects.None);
            var measured = new List<RunCost>();
            var day = new DateOnly(2025, 1, 6);
            await AnsiConsole.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"{runs} daily runs × {symbols} symbols", maxValue: runs);
                for (var i = 1; i <= runs; i++)
                {
                    var started = new DateTimeOffset(day.ToDateTime(new TimeOnly(22, 0)), TimeSpan.Zero);
                    var request = new IngestionRequest(universe.Symbols.Select(s => s.Symbol).ToArray(), BarInterval.Daily,
                        IngestionWindow.Between(day.AddDays(-WindowDays), day));
                    await new IngestionRun(source, new LocalFolderRawStore(paths.Zone(LakeLayout.Raw)), paths.Layout, new Dataflow.Twin.Ingest.FrozenClock(started))
                        .ExecuteAsync(paths.Layout.RunIds.Create(started, SampleTimeSeriesSource.SourceName), request, null, ct);
                    measured.Add(Transform(paths, i, started));
                    task.Increment(1);
                    day = NextWeekday(day);
                }
            });

            var rebuilt = TwinPaths.For(repository, Path.Combine(root, "rebuilt")) with { Contracts = paths.Contracts };
            Copy(paths.Zone(LakeLayout.Raw), rebuilt.Zone(LakeLayout.Raw));
            var fullStarted = Stopwatch.GetTimestamp();
            using (var db = new DuckDbSession())
            {
                var etl = new IncrementalEtl(db, rebuilt, full: true);
                etl.Plan();
                etl.Stage();
                etl.Transform(null);
                etl.Gate(measured[^1].AsOf, null);
                etl.Publish(null);
            }

            var fullSeconds = Stopwatch.GetElapsedTime(fullStarted).TotalSeconds;
            Print(paths, rebuilt, measured, symbols, fullSeconds);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static readonly string[] Phases = ["plan", "stage", "models", "gate", "publish"];
    private static readonly string[] Columns = ["runs", "raw objects read per run", "staged rows per run", "transform s (median)"];

    private sealed record RunCost(int Run, int Objects, long StagedRows, double Seconds, DateTimeOffset AsOf, double[] PhaseSeconds);

    private static RunCost Transform(TwinPaths paths, int run, DateTimeOffset asOf)
    {
        var started = Stopwatch.GetTimestamp();
        var phases = new double[Phases.Length];
        T Phase<T>(int i, Func<T> work)
        {
            var at = Stopwatch.GetTimestamp();
            var result = work();
            phases[i] = Stopwatch.GetElapsedTime(at).TotalSeconds;
            return result;
        }

        using var db = new DuckDbSession();
        var etl = new IncrementalEtl(db, paths, full: false);
        var plan = Phase(0, etl.Plan);
        var staged = Phase(1, etl.Stage);
        Phase(2, () => etl.Transform(null));
        Phase(3, () => etl.Gate(asOf, null));
        Phase(4, () => etl.Publish(null));
        return new RunCost(run, plan.Objects.Count, staged, Stopwatch.GetElapsedTime(started).TotalSeconds, asOf, phases);
    }

    private static void Print(TwinPaths daily, TwinPaths rebuilt, IReadOnlyList<RunCost> runs, int symbols, double fullSeconds)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"daily runs at {symbols} symbols (window {WindowDays + 1} days, incremental transform incl. gate and commit)");
        foreach (var column in Columns.Concat(Phases.Select(p => $"{p} s")))
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        var early = Window(runs, 10);
        var late = Window(runs, runs.Count);
        foreach (var (label, window) in new[] { ("#1", new[] { runs[0] }), ("#8-#12", early), ($"#{Math.Max(1, runs.Count - 4)}-#{runs.Count}", late) })
        {
            table.AddRow([label, $"{window.Average(r => r.Objects):F0}", $"{window.Average(r => r.StagedRows):F0}", $"{Median(window.Select(r => r.Seconds)):F3}",
                .. Phases.Select((_, p) => $"{Median(window.Select(r => r.PhaseSeconds[p])):F3}")]);
        }

        ConsoleTables.Write(table);
        var ratio = Median(late.Select(r => r.Seconds)) / Median(early.Select(r => r.Seconds));
        using var db = new DuckDbSession();
        var store = new CuratedStore(daily);
        var schema = CuratedSchema.Load(daily.Contracts);
        store.Register(db, schema, store.Current(), name => name);
        long Rows(string table) => db.Scalar<long>($"select count(*) from {table}", table);
        var quarantined = Directory.Exists(Path.GetDirectoryName(daily.QualityQuarantine("daily_bars", "x")))
            ? Directory.GetFiles(Path.GetDirectoryName(daily.QualityQuarantine("daily_bars", "x"))!, "*.parquet", SearchOption.AllDirectories).Length
            : 0;
        var same = new CuratedStore(daily).Fingerprint().SequenceEqual(new CuratedStore(rebuilt).Fingerprint());
        AnsiConsole.MarkupLineInterpolated($"transform of the last runs / runs #8-#12: [bold]{ratio:F2}×[/] (target ≤ 1.20)");
        AnsiConsole.MarkupLineInterpolated($"after {runs.Count} runs: daily_bars {Rows("daily_bars"):N0} rows; rejected_bars [bold]{Rows("rejected_bars"):N0}[/]; bar_revisions [bold]{Rows("bar_revisions"):N0}[/]; quality quarantine files {quarantined}; holds {store.Current().Holds.Count} (clean input: targets 0)");
        AnsiConsole.MarkupLineInterpolated($"incremental == full rebuild, byte for byte: [bold]{(same ? "yes" : "NO")}[/] (full rebuild of {runs.Count} runs: {fullSeconds:F2} s, {fullSeconds / Median(late.Select(r => r.Seconds)):F1}× one late incremental run)");
    }

    private static RunCost[] Window(IReadOnlyList<RunCost> runs, int center) =>
        runs.Skip(Math.Max(0, Math.Min(center, runs.Count) - 3)).Take(5).ToArray() is { Length: > 0 } w ? w : [runs[^1]];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static DateOnly NextWeekday(DateOnly day)
    {
        do
        {
            day = day.AddDays(1);
        }
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        return day;
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
