using System.Diagnostics;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Quality;
using Dataflow.Quality.Evaluation;
using Dataflow.Twin;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Pipeline;
using Dataflow.Twin.Sample;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary>
/// <c>dataflow bench etl</c>: the twin's ETL and DQ engine at scale (default 500 symbols × 20 years of daily bars,
/// about 2.5 million rows) against DuckDB's floor for the same work: reading the raw JSON and writing Parquet with no
/// logic, and one full aggregate scan of the table.
/// </summary>
internal static class EtlBenchmark
{
    public static async Task RunAsync(Repository repository, int symbols, int years, int repeats, CancellationToken ct)
    {
        var root = Directory.CreateTempSubdirectory("dataflow-bench-etl-").FullName;
        try
        {
            var memory = new List<(string Phase, double StartMiB, double MiB)>();
            var paths = await GenerateInChildAsync(repository, root, symbols, years, ct);
            // Floor and ETL alternate, so whatever drifts during the benchmark (page cache, the machine's other work)
            // weighs on both sides of the ratio alike.
            var (floors, etls) = (new List<double>(), new List<double>());
            var (floorMemory, etlMemory) = ((Start: 0.0, Peak: 0.0), (Start: 0.0, Peak: 0.0));
            for (var i = 0; i < repeats; i++)
            {
                floors.Add(Measured(() => Floor(paths), ref floorMemory));
                etls.Add(Measured(() => Etl(paths), ref etlMemory));
            }

            var (floor, etl) = (Median(floors), Median(etls));
            memory.Add(("floor (stage and write Parquet)", floorMemory.Start, floorMemory.Peak));
            memory.Add(("ETL, full rebuild", etlMemory.Start, etlMemory.Peak));
            var phase = PeakMemory.Start();
            var (rules, scan) = DqTimes(paths, repeats);
            memory.Add(("DQ ruleset and scan", phase.StartMiB, phase.MiB()));

            var table = new Table().Border(TableBorder.Rounded).Title($"ETL and DQ at {symbols} symbols × {years} years (median of {repeats})");
            foreach (var column in new[] { "measure", "seconds", "floor seconds", "ratio", "target" })
            {
                table.AddColumn(column);
            }

            table.AddRow("ETL end to end, full rebuild (stage, the models, partitions and commit)", $"{etl:F2}", $"{floor:F2}", $"{etl / floor:F2}", "≤ 1.60");
            table.AddRow($"DQ ruleset daily_bars ({DqdlDocument.Load(paths.Ruleset("daily_bars")).Ruleset.Rules.Count} rules)", $"{rules:F2}", $"{scan:F2}",
                $"{rules / scan:F2}", "≤ 1.50");
            ConsoleTables.Write(table);
            AnsiConsole.MarkupLineInterpolated($"ETL breakdown (last run, s): {string.Join(", ", Breakdown.Select(b => $"{b.Key} {b.Value:F2}"))}");
            AnsiConsole.MarkupLineInterpolated($"DQ statements (last evaluation, s): {string.Join(", ", DqStatements.Select(s => $"{s.Seconds:F2} {s.Sql}"))}");
            var peaks = new Table().Border(TableBorder.Rounded).Title($"{RowCount(paths):N0} daily bars: {phase.Scope}");
            foreach (var column in new[] { "phase", "MiB at start", "peak MiB", "target" })
            {
                peaks.AddColumn(column);
            }

            foreach (var (name, start, mib) in memory)
            {
                peaks.AddRow(name, $"{start:N0}", $"{mib:N0}", name.StartsWith("ETL", StringComparison.Ordinal) ? "≤ 1,536" : "");
            }

            ConsoleTables.Write(peaks);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The checkout's contracts with a synthetic symbol universe in place of sql/seeds/symbols.csv.</summary>
    internal static async Task<(TwinPaths Paths, SymbolUniverse Universe)> PrepareUniverseAsync(Repository repository, string root, int count, CancellationToken ct)
    {
        var contracts = Path.Combine(root, "contracts");
        Directory.CreateDirectory(contracts);
        var source = repository.Contracts;
        foreach (var file in new[] { source.Lake, source.CuratedTables, source.Etl, source.Views, source.TradingSessions })
        {
            File.Copy(file, Path.Combine(contracts, Path.GetFileName(file)));
        }

        var universe = new SymbolUniverse(Enumerable.Range(0, count).Select(i => new SymbolReference
        {
            Symbol = $"B{i:0000}", Name = $"Bench {i}", AssetType = i % 5 == 0 ? "ETF" : "Common Stock", Sector = $"Sector {i % 11}",
            Industry = $"Industry {i % 37}", Exchange = "NYSE", MicCode = "XNYS", Currency = "USD", Calendar = "XNYS", Timezone = "America/New_York",
        }).ToArray());
        await File.WriteAllLinesAsync(Path.Combine(contracts, "symbols.csv"),
            universe.Symbols.Select(s => $"{s.Symbol},{s.Name},{s.AssetType},{s.Sector},{s.Industry},{s.Exchange},{s.MicCode},{s.Currency},{s.Calendar},{s.Timezone}")
                .Prepend("symbol,name,asset_type,sector,industry,exchange,mic_code,currency,calendar,timezone"), ct);

        return (BenchPaths(repository, root), universe);
    }

    /// <summary>The lake and the contracts (synthetic symbols.csv) of a benchmark folder.</summary>
    private static TwinPaths BenchPaths(Repository repository, string root) =>
        TwinPaths.For(repository, Path.Combine(root, "lake")) with { Contracts = new ContractFiles(Path.Combine(root, "contracts")) };

    /// <summary>
    /// The raw zone, generated by a child process (<c>bench etl --generate-into ROOT</c>): what generating it leaves in a
    /// process is not the ETL's memory, and the phases measured here start as a <c>dataflow transform</c> would.
    /// </summary>
    private static async Task<TwinPaths> GenerateInChildAsync(Repository repository, string root, int count, int years, CancellationToken ct)
    {
        var entry = Environment.GetCommandLineArgs()[0];
        var start = new ProcessStartInfo(entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? Environment.ProcessPath! : entry) { UseShellExecute = false };
        if (entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(entry);
        }

        foreach (var argument in new[] { "bench", "etl", GenerateIntoOption, root, "--symbols", $"{count}", "--years", $"{years}", "--repo", repository.Root })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName} to generate the raw zone");
        await child.WaitForExitAsync(ct);
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"generating the raw zone failed (exit {child.ExitCode}): {start.FileName} {string.Join(' ', start.ArgumentList)}");
        }

        return BenchPaths(repository, root);
    }

    /// <summary>The hidden option of <c>bench etl</c> that only generates the raw zone into a folder (the child of <see cref="GenerateInChildAsync"/>).</summary>
    public const string GenerateIntoOption = "--generate-into";

    /// <summary>The synthetic universe's history of <paramref name="years"/> years in one ingestion run.</summary>
    public static async Task<TwinPaths> PrepareAsync(Repository repository, string root, int count, int years, CancellationToken ct)
    {
        var (paths, universe) = await PrepareUniverseAsync(repository, root, count, ct);
        var to = new DateOnly(2024, 12, 31);
        var request = new IngestionRequest(universe.Symbols.Select(s => s.Symbol).ToArray(), BarInterval.Daily, IngestionWindow.Between(to.AddYears(-years).AddDays(1), to));
        var runId = paths.Layout.RunIds.Create(new DateTimeOffset(2024, 12, 31, 21, 0, 0, TimeSpan.Zero), SampleTimeSeriesSource.SourceName);
        await AnsiConsole.Status().StartAsync($"generating {count} symbols × {years} years of raw responses", async _ =>
            await new IngestionRun(new SampleTimeSeriesSource(universe, 7, SampleDefects.Realistic), new LocalFolderRawStore(paths.Zone(LakeLayout.Raw)),
                paths.Layout, TimeProvider.System).ExecuteAsync(runId, request, null, ct));
        return paths;
    }

    /// <summary>The floor: DuckDB reads the raw JSON into the staging shape and writes it as Parquet, nothing else.</summary>
    private static void Floor(TwinPaths paths)
    {
        using var db = new DuckDbSession();
        var started = Stopwatch.GetTimestamp();
        new TwinTransform(db, paths).StageRaw();
        Breakdown["floor: stage"] = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var target = Path.Combine(paths.Lake, "floor.parquet");
        db.Execute($"COPY {paths.Etl.StagingRelation} TO '{DuckDbSession.Literal(target)}' (FORMAT parquet)", "floor");
        File.Delete(target);
    }

    private static readonly Dictionary<string, double> Breakdown = [];

    private static void Etl(TwinPaths paths)
    {
        using var db = new DuckDbSession();
        var etl = new IncrementalEtl(db, paths, full: true);
        etl.Plan();
        var started = Stopwatch.GetTimestamp();
        etl.Stage();
        Breakdown["stage"] = Stopwatch.GetElapsedTime(started).TotalSeconds;
        foreach (var model in etl.Transform(null))
        {
            Breakdown[model.Name] = model.Elapsed.TotalSeconds;
        }

        started = Stopwatch.GetTimestamp();
        etl.Publish(null);
        Breakdown["publish (partitions and commit)"] = Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>The ruleset against one full aggregate scan touching every column of the same table.</summary>
    private static (double Rules, double Scan) DqTimes(TwinPaths paths, int repeats)
    {
        using var db = new DuckDbSession();
        var transform = new TwinTransform(db, paths);
        transform.StageRaw();
        transform.RunModels();
        var document = DqdlDocument.Load(paths.Ruleset("daily_bars"));
        var columns = db.Query("SELECT column_name FROM (DESCRIBE daily_bars)", "columns").Rows.Select(r => (string)r[0]!).ToArray();
        var scan = $"SELECT count(*), {string.Join(", ", columns.Select(c => $"count(\"{c}\"), min(\"{c}\"), max(\"{c}\")"))} FROM daily_bars";
        var statements = new List<(string Sql, double Seconds)>();
        var evaluator = new DqdlEvaluator(db.Connection) { OnSql = (sql, elapsed) => statements.Add((Abbreviate(sql), elapsed.TotalSeconds)) };
        var input = new EvaluationInput("daily_bars", new DateTimeOffset(2024, 12, 31, 21, 0, 0, TimeSpan.Zero))
        {
            References = transform.References,
        };
        // Both sides take well under a second: more runs keep the median steady.
        repeats *= 5;
        var rules = Median(repeats, () =>
        {
            statements.Clear();
            var result = evaluator.Evaluate(document, input);
            if (result.Failed > 0)
            {
                throw new InvalidOperationException("the benchmark data should pass its ruleset: " + string.Join("; ", result.Rules.Where(r => r.Outcome == RuleOutcome.Failed).Select(r => r.Rule)));
            }
        });
        DqStatements = statements.OrderByDescending(s => s.Seconds).Take(4).ToArray();
        return (rules, Median(repeats, () => db.Query(scan, "full scan")));
    }

    private static (string Sql, double Seconds)[] DqStatements = [];

    private static string Abbreviate(string sql)
    {
        var flat = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 70 ? flat : flat[..70] + "…";
    }

    private static long RowCount(TwinPaths paths)
    {
        using var db = new DuckDbSession();
        var store = new CuratedStore(paths);
        ParquetTableView.Register(db, CuratedSchema.Load(paths.Contracts).Table("daily_bars"), store.Files(store.Current(), "daily_bars"));
        return db.Scalar<long>("SELECT count(*) FROM daily_bars", "rows");
    }

    /// <summary>Seconds of one run of <paramref name="work"/>; keeps the highest peak and start memory seen.</summary>
    private static double Measured(Action work, ref (double Start, double Peak) memory)
    {
        var phase = PeakMemory.Start();
        var started = Stopwatch.GetTimestamp();
        work();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        memory = (Math.Max(memory.Start, phase.StartMiB), Math.Max(memory.Peak, phase.MiB()));
        return seconds;
    }

    private static double Median(List<double> times)
    {
        times.Sort();
        return times[times.Count / 2];
    }

    private static double Median(int repeats, Action work) =>
        Median(Enumerable.Range(0, repeats).Select(_ =>
        {
            var started = Stopwatch.GetTimestamp();
            work();
            return Stopwatch.GetElapsedTime(started).TotalSeconds;
        }).ToList());

    private static double Median(int repeats, Func<object> work) => Median(repeats, () => { _ = work(); });
}
