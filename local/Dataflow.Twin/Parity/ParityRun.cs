using System.Text;
using System.Text.RegularExpressions;
using Dataflow.Contracts;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Parity;

/// <summary>What two sides hold: curated zones (tables by the curated contract) or folders of query results (NAME.csv).</summary>
public enum ParityKind
{
    Curated,
    Results,
}

/// <summary>The outcome of a parity check: every table's differences, and which the allow-list accepts.</summary>
public sealed record ParityResult(ParityKind Kind, string Expected, string Actual, string Engine, IReadOnlyList<TableDiff> Tables, ParityAllowList Allowed)
{
    public IEnumerable<Difference> Unallowed => Tables.SelectMany(t => t.Differences).Where(d => Allowed.Match(Engine, d) is null);

    public bool Passed => !Unallowed.Any();
}

/// <summary>
/// <c>dataflow parity</c>: two curated zones (each a lake folder, or its curated/ folder) compared table by table on each
/// table's grain from sql/contracts/curated_tables.yaml, reading the partitions each side's commit names; or two folders
/// of query results (NAME.csv each, as <c>dataflow query NAME --csv</c> writes them) on the grain of the view of that
/// name (sql/contracts/views.yaml) or the header of sql/athena/queries/NAME.sql (<c>-- Grain: one row per (a, b)</c>).
/// </summary>
public static partial class ParityRun
{
    /// <param name="key">For results: the key of every result set, instead of each one's declared grain (rule outcomes: Rule).</param>
    public static ParityResult Compare(Repository repository, string expected, string actual, string engine, ParityAllowList allowed,
        double tolerance = ParityComparer.DefaultTolerance, IReadOnlyList<string>? key = null)
    {
        var kind = KindOf(expected);
        if (KindOf(actual) != kind)
        {
            throw new TwinException($"{expected} holds {kind.ToString().ToLowerInvariant()} but {actual} does not: compare a curated zone with a curated zone, results with results");
        }

        using var db = new DuckDbSession();
        var tables = kind == ParityKind.Curated
            ? CompareCurated(db, repository, expected, actual, tolerance)
            : CompareResults(db, repository, expected, actual, tolerance, key);
        return new ParityResult(kind, expected, actual, engine, tables, allowed);
    }

    private static ParityKind KindOf(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new TwinException($"{path}: no such folder (a lake, its curated/ folder, or a folder of NAME.csv query results)");
        }

        return Directory.Exists(Path.Combine(path, LakeLayout.Curated)) || IsCuratedFolder(path)
            ? ParityKind.Curated
            : Directory.GetFiles(path, "*.csv").Length > 0
                ? ParityKind.Results
                : throw new TwinException($"{path} holds neither a curated zone (curated/) nor query results (*.csv)");
    }

    /// <summary>Whether the path is a lake's curated/ folder itself rather than the lake.</summary>
    private static bool IsCuratedFolder(string path) => Path.GetFileName(Path.TrimEndingDirectorySeparator(path)) == LakeLayout.Curated;

    private static TwinPaths LakeOf(Repository repository, string path) =>
        TwinPaths.For(repository, IsCuratedFolder(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : path);

    private static List<TableDiff> CompareCurated(DuckDbSession db, Repository repository, string expected, string actual, double tolerance)
    {
        var schema = CuratedSchema.Load(repository.Contracts);
        var (e, a) = (new CuratedStore(LakeOf(repository, expected)), new CuratedStore(LakeOf(repository, actual)));
        var (ec, ac) = (e.Current(), a.Current());
        foreach (var (store, commit, side) in new[] { (e, ec, expected), (a, ac, actual) })
        {
            if (commit.IsEmpty)
            {
                throw new TwinException($"{side}: the curated zone has no commit ({store.CommitPath})");
            }
        }

        var diffs = new List<TableDiff>();
        foreach (var table in schema.Tables)
        {
            ParquetTableView.Register(db, table, e.Files(ec, table.Name), $"expected_{table.Name}");
            ParquetTableView.Register(db, table, a.Files(ac, table.Name), $"actual_{table.Name}");
            diffs.Add(ParityComparer.Compare(db, table.Name, $"expected_{table.Name}", $"actual_{table.Name}", table.Grain, tolerance));
        }

        return diffs;
    }

    private static List<TableDiff> CompareResults(DuckDbSession db, Repository repository, string expected, string actual, double tolerance, IReadOnlyList<string>? keyOverride)
    {
        var names = Directory.GetFiles(expected, "*.csv").Concat(Directory.GetFiles(actual, "*.csv"))
            .Select(Path.GetFileNameWithoutExtension).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
        var views = ViewCatalog.Load(repository.Contracts);
        var diffs = new List<TableDiff>();
        foreach (var name in names)
        {
            var (e, a) = (Path.Combine(expected, $"{name}.csv"), Path.Combine(actual, $"{name}.csv"));
            if (!File.Exists(e) || !File.Exists(a))
            {
                diffs.Add(new TableDiff(name, [], 0, 0, [new Difference(name, File.Exists(e) ? "missing" : "extra", null, "(the whole result)", File.Exists(e) ? "file" : null, File.Exists(a) ? "file" : null)]));
                continue;
            }

            var key = keyOverride ?? views.Views.FirstOrDefault(v => v.Name == name)?.Grain ?? QueryGrain(repository, name);
            db.Execute($"CREATE OR REPLACE TEMP VIEW expected_result AS SELECT * FROM read_csv('{DuckDbSession.Literal(e)}', header = true)", $"reading {e}");
            db.Execute($"CREATE OR REPLACE TEMP VIEW actual_result AS SELECT * FROM read_csv('{DuckDbSession.Literal(a)}', header = true)", $"reading {a}");
            var diff = ParityComparer.Compare(db, name, "expected_result", "actual_result", key, tolerance);
            // CSV carries no types: each side's are guessed from its text, so a type difference says nothing.
            diffs.Add(diff with { Differences = [.. diff.Differences.Where(d => d.Kind != "type")] });
        }

        return diffs;
    }

    /// <summary>The grain a query file's header declares: <c>-- Grain: one row per (symbol, bar_interval)</c>.</summary>
    public static IReadOnlyList<string> QueryGrain(Repository repository, string name)
    {
        var file = Path.Combine(repository.AthenaQueries, $"{name}.sql");
        var header = File.Exists(file) ? File.ReadLines(file).TakeWhile(l => l.StartsWith("--", StringComparison.Ordinal)).Select(l => GrainLine().Match(l)).FirstOrDefault(m => m.Success) : null;
        return header is null
            ? throw new TwinException($"no grain for result {name}: it is neither a view of sql/contracts/views.yaml nor a query of sql/athena/queries with a '-- Grain: one row per (...)' header")
            : (header.Groups["columns"].Success ? header.Groups["columns"].Value : header.Groups["column"].Value)
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The report: a summary line per table, then up to <paramref name="examples"/> differences of each kind.</summary>
    public static string Markdown(ParityResult result, int examples = 10)
    {
        var text = new StringBuilder();
        text.Append($"# Parity ({result.Engine}): {result.Kind.ToString().ToLowerInvariant()}\n\n");
        text.Append($"Expected `{result.Expected}`, actual `{result.Actual}`. Verdict: **{(result.Passed ? "equal" : "DIFFERENT")}**");
        var allowedCount = result.Tables.SelectMany(t => t.Differences).Count(d => result.Allowed.Match(result.Engine, d) is not null);
        text.Append(allowedCount > 0 ? $" ({allowedCount} differences accepted by the allow-list)\n\n" : "\n\n");
        text.Append("| table | key | rows expected | rows actual | missing | extra | duplicate | values | types | columns |\n|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var t in result.Tables)
        {
            text.Append($"| {t.Table} | {string.Join(", ", t.Key)} | {t.ExpectedRows:N0} | {t.ActualRows:N0} | {t.Count("missing")} | {t.Count("extra")} | {t.Count("duplicate")} | {t.Count("value")} | {t.Count("type")} | {t.Count("column")} |\n");
        }

        foreach (var t in result.Tables.Where(t => t.Differences.Count > 0))
        {
            text.Append($"\n## {t.Table}\n\n");
            foreach (var group in t.Differences.GroupBy(d => (d.Kind, d.Column)))
            {
                var allowed = result.Allowed.Match(result.Engine, group.First());
                text.Append($"- {group.Key.Kind}{(group.Key.Column is null ? "" : $" {group.Key.Column}")}: {group.Count()}{(allowed is null ? "" : $" (allowed: {allowed.Reason})")}\n");
                foreach (var difference in group.Take(examples))
                {
                    text.Append($"  - {difference}\n");
                }
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"Grain:\s*one row per (\((?<columns>[^)]*)\)|(?<column>[a-z_][a-z0-9_]*))", RegexOptions.IgnoreCase)]
    private static partial Regex GrainLine();
}
