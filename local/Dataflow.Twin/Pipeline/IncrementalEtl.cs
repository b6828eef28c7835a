using System.Text.RegularExpressions;
using Dataflow.Contracts;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Ingest;
using Dataflow.Twin.Quality;

namespace Dataflow.Twin.Pipeline;

/// <summary>
/// One ETL run over the curated zone's commit: <see cref="Plan"/> the raw objects of the runs the ledger has not taken
/// in (plus the pending objects of held symbols; everything on a full rebuild), <see cref="Transform"/> them with the
/// shared SQL continuing from the published rows of the symbols they touch, <see cref="Gate"/> the rows they recompute,
/// then <see cref="Publish"/>: held symbols keep their published rows, every partition whose rows
/// changed is written to a folder of this run, and one commit names them all. A full rebuild and any sequence of
/// incremental runs publish the same bytes.
/// </summary>
public sealed class IncrementalEtl(DuckDbSession db, TwinPaths paths, bool full)
{
    private const string HeldRelation = "held_owners";

    private readonly CuratedStore _store = new(paths);
    private readonly CuratedSchema _schema = CuratedSchema.Load(paths.Contracts);
    private readonly TwinTransform _transform = new(db, paths);
    private readonly List<GateResult> _gates = [];
    private CuratedCommit _current = CuratedCommit.Empty;
    private string? _floor;
    private EtlPlan? _plan;

    /// <summary>This run's version: the folder name of the partitions it writes and the id of its commit.</summary>
    public string Version { get; } = CuratedCommit.NewVersion();

    public EtlPlan Plan()
    {
        _current = _store.Current();
        var processed = _current.ProcessedRunIds;
        var pending = _current.Holds.SelectMany(h => h.PendingObjects).ToHashSet(StringComparer.Ordinal);
        var runIdOfKey = new Regex(paths.Layout.FieldRegex(paths.Layout.RawTimeSeries, "run_id"));
        var pendingRuns = pending.Select(k => runIdOfKey.Match(k)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        // Only the manifests a run needs are read: month 60 lists a thousand of them and reads a handful.
        var scan = RawZone.Manifests(paths, run => full || !processed.Contains(run) || pendingRuns.Contains(run));
        // A run whose manifest cannot be read is not recorded as processed: it is published once the manifest is restored.
        var unreadable = scan.Unreadable.Select(u => u.RunId).ToHashSet(StringComparer.Ordinal);
        var runs = RawZone.ManifestedRuns(paths).Where(r => !unreadable.Contains(r)).ToArray();
        var objects = RawZone.Objects(paths, scan.Read)
            .Where(o => full || !processed.Contains(o.RunId) || pending.Contains(o.Key))
            .ToArray();
        _plan = new EtlPlan(full, runs.Where(r => !processed.Contains(r)).ToArray(), objects, runs.Length, _current.Holds) { Unreadable = scan.Unreadable };
        return _plan;
    }

    public TwinTransform Engine => _transform;

    /// <summary>Stages the planned objects and runs the models; returns the rows staged.</summary>
    public long Stage()
    {
        var plan = _plan ?? throw new InvalidOperationException("plan the run first");
        _store.Register(db, _schema, _current, CuratedStore.Published);
        return _transform.Stage(plan.Objects, continueFromPublished: !full);
    }

    public IReadOnlyList<ModelResult> Transform(IProgress<ModelResult>? progress) => _transform.RunModels(progress);

    /// <summary>Evaluates every ruleset on the rows this run recomputes; returns the results, holds included.</summary>
    public IReadOnlyList<GateResult> Gate(DateTimeOffset asOf, IProgress<GateResult>? progress)
    {
        var gate = new QualityGate(db, paths, _transform.References);
        foreach (var table in _schema.Tables)
        {
            // The rows this run recomputes (each staged symbol from its from_time on): the gate's cost follows the new
            // data, not the history, and a symbol is judged on what it would publish.
            db.Execute($"""
                create or replace temp view gate_{table.Name} as
                select * from {table.Name} as candidate where {Owned(table, "candidate")}
                """, $"the candidate of {table.Name}");
            var changed = $"select * from {table.Name} as candidate where {Owned(table, "candidate")} except select * from {CuratedStore.Published(table.Name)}";
            if (gate.Check(table.Name, $"gate_{table.Name}", changed, table.Grain, Version, asOf) is { } result)
            {
                _gates.Add(result);
                progress?.Report(result);
            }
        }

        return _gates;
    }

    /// <summary>Decides the holds, writes the changed partitions and commits. Returns the tables as now published.</summary>
    public EtlOutcome Publish(IProgress<PublishedTable>? progress)
    {
        var plan = _plan ?? throw new InvalidOperationException("plan the run first");
        var released = _current.Holds.Where(h => h.Released).Select(h => (h.Symbol, h.Interval)).ToHashSet();
        var failures = _gates.SelectMany(g => g.Holds).Where(f => !released.Contains((f.Symbol, f.Interval))).ToArray();
        var held = failures.Select(f => (f.Symbol, f.Interval)).ToHashSet();
        var gates = _gates.Select(g => g with { QuarantinePath = new QualityGate(db, paths, _transform.References).Quarantine(g, Version, held) }).ToArray();

        db.Execute($"create or replace temp table {HeldRelation} (symbol varchar, bar_interval varchar)", "listing held symbols");
        using (var appender = db.Connection.CreateAppender(HeldRelation))
        {
            foreach (var (symbol, interval) in held)
            {
                appender.CreateRow().AppendValue(symbol).AppendValue(interval).EndRow();
            }
        }

        var tables = new Dictionary<string, IReadOnlyDictionary<string, string>>(_current.Tables, StringComparer.Ordinal);
        var rewritten = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in _schema.Tables)
        {
            var (partitions, count) = full && held.Count == 0 && !PublishedBeyondRun(table) ? Adopt(table) : PublishTable(table);
            tables[table.Name] = partitions;
            rewritten[table.Name] = count;
        }

        var now = DateTimeOffset.UtcNow;
        var holds = Holds(plan, failures, now);
        var heldRuns = plan.Objects.Where(o => held.Contains(o.Owner)).GroupBy(o => o.RunId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(o => $"{o.Symbol} ({o.Interval})").Distinct().Order(StringComparer.Ordinal).ToArray());
        var ledger = _current.ProcessedRuns
            .Concat(plan.NewRuns.Select(run => new ProcessedRun(run, now, Version, heldRuns.GetValueOrDefault(run, []))))
            .ToArray();
        var commit = new CuratedCommit(Version, now, tables, ledger, holds);
        _store.Commit(commit);
        _current = commit;
        new CuratedPublisher(db, paths).DiscardStaged();

        _store.Register(db, _schema, commit, name => name);
        var published = _schema.Tables.Select(t => new PublishedTable(t.Name,
                db.Scalar<long>($"select count(*) from {t.Name}", $"counting {t.Name}"), rewritten[t.Name], commit.Partitions(t.Name).Count,
                paths.CuratedTable(t.Name)))
            .ToArray();
        foreach (var table in published)
        {
            progress?.Report(table);
        }

        return new EtlOutcome(plan, Version, gates, holds, published);
    }

    /// <summary>
    /// An operator's release of held (symbol, interval)s (all intervals when <paramref name="interval"/> is null): the next
    /// run publishes their rows even if they still fail, once, and ends the hold. Written as a commit of its own.
    /// </summary>
    public static IReadOnlyList<SymbolHold> Release(TwinPaths paths, string symbol, string? interval)
    {
        var store = new CuratedStore(paths);
        var current = store.Current();
        var matching = current.Holds.Where(h => string.Equals(h.Symbol, symbol, StringComparison.OrdinalIgnoreCase) && (interval is null || h.Interval == interval)).ToArray();
        if (matching.Length == 0)
        {
            throw new TwinException(current.Holds.Count == 0
                ? $"{symbol} is not held: nothing is held in {store.CommitPath}"
                : $"{symbol}{(interval is null ? "" : $" ({interval})")} is not held; held: {string.Join(", ", current.Holds.Select(h => h.Name))}");
        }

        store.Commit(current with
        {
            Version = CuratedCommit.NewVersion(),
            CommittedUtc = DateTimeOffset.UtcNow,
            Holds = current.Holds.Select(h => matching.Contains(h) ? h with { Released = true } : h).ToArray(),
        });
        return matching;
    }

    /// <summary>
    /// Whether the current commit publishes rows of <paramref name="table"/> this run does not recompute (their raw
    /// objects are gone): a full rebuild keeps them, so its staged copy is not the whole table.
    /// </summary>
    private bool PublishedBeyondRun(TableSchema table) =>
        db.Scalar<long>($"select count(*) from {CuratedStore.Published(table.Name)} as old where not ({Owned(table, "old")})",
            $"finding rows of {table.Name} outside this run") > 0;

    /// <summary>A full rebuild with nothing held publishes its staged copy of the table as it stands: every partition is new.</summary>
    private (IReadOnlyDictionary<string, string> Partitions, int Rewritten) Adopt(TableSchema table)
    {
        var partitions = _store.AdoptPartitions(table, new CuratedPublisher(db, paths).StagedFolder(table.Name), Version);
        return (partitions, partitions.Count);
    }

    /// <summary>Writes the partitions of <paramref name="table"/> whose rows change; returns the table's partitions after.</summary>
    private (IReadOnlyDictionary<string, string> Partitions, int Rewritten) PublishTable(TableSchema table)
    {
        var published = CuratedStore.Published(table.Name);
        var replaced = $"({Owned(table, "old")}) and not ({Held(table, "old")})";
        var partitionColumns = string.Join(", ", table.PartitionKeys.Select(k => k.Name));
        // Each side read once; the published side only from the earliest from_time on, which the Parquet statistics
        // of older partitions answer without reading them.
        db.Execute($"create or replace temp table new_{table.Name} as select * from {table.Name} as candidate where ({Owned(table, "candidate")}) and not ({Held(table, "candidate")})",
            $"the rows of {table.Name} this run publishes");
        db.Execute($"create or replace temp table old_{table.Name} as select * from {published} as old where {SinceFloor(table, "old")} and {replaced}",
            $"the rows of {table.Name} this run replaces");
        var changedPartitions = db.Query($"""
            select distinct {partitionColumns} from (
                (select * from new_{table.Name} except select * from old_{table.Name})
                union all
                (select * from old_{table.Name} except select * from new_{table.Name})
            ) order by all
            """, $"finding the changed partitions of {table.Name}").Rows;
        var current = _current.Partitions(table.Name);
        if (changedPartitions.Count == 0)
        {
            return (current, 0);
        }

        // Constants, so the published side reads only the changed partitions' files.
        var inChanged = string.Join(" or ", changedPartitions.Select(row =>
            "(" + string.Join(" and ", table.PartitionKeys.Select((k, i) => $"{{0}}{k.Name} = {PartitionLiteral(row[i])}")) + ")"));
        var written = _store.WritePartitions(db, table, $"""
            select * from {published} as old where ({string.Format(System.Globalization.CultureInfo.InvariantCulture, inChanged, "old.")}) and not ({SinceFloor(table, "old")} and {replaced})
            union all
            select * from new_{table.Name} as candidate where ({string.Format(System.Globalization.CultureInfo.InvariantCulture, inChanged, "candidate.")})
            """, Version);
        var changedPaths = changedPartitions.Select(row => string.Join("/", table.PartitionKeys.Select((k, i) => $"{k.Name}={PartitionValue(row[i])}"))).ToHashSet(StringComparer.Ordinal);
        var after = current.Where(p => !changedPaths.Contains(p.Key)).Concat(written)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return (after, changedPaths.Count);
    }

    /// <summary>A constant lower bound of the owned rows (the earliest from_time), or true for tables owned by object.</summary>
    private string SinceFloor(TableSchema table, string alias)
    {
        if (table.OwnerSince is not { } since)
        {
            return "true";
        }

        _floor ??= db.Query($"select min(from_time) from {TwinTransform.OwnersRelation}", "the earliest recomputed time").Rows[0][0] is DateTime floor
            ? $"timestamp '{floor.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)}'"
            : "timestamp '9999-12-31'";
        return $"{alias}.{since} >= {_floor}";
    }

    private static string PartitionLiteral(object? value) => value switch
    {
        null => "null",
        string text => $"'{DuckDbSession.Literal(text)}'",
        DateOnly or DateTime => $"date '{PartitionValue(value)}'",
        _ => PartitionValue(value),
    };

    private static string PartitionValue(object? value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    /// <summary>
    /// Rows of <paramref name="alias"/> this run recomputes: those of a staged (symbol, interval) from its from_time on, or
    /// those of a staged object.
    /// </summary>
    private static string Owned(TableSchema table, string alias) => table.OwnerSince is { } since
        ? $"""
          exists (select 1 from {TwinTransform.OwnersRelation} as staged
                  where staged.symbol = {alias}.symbol and staged.bar_interval = {alias}.bar_interval and cast({alias}.{since} as timestamp) >= staged.from_time)
          """
        : $"({string.Join(", ", table.Owner.Select(c => $"{alias}.{c}"))}) in (select distinct {string.Join(", ", table.Owner)} from {TwinTransform.ObjectsRelation})";

    private static string Held(TableSchema table, string alias) =>
        table.Owner.SequenceEqual(["source_key"])
            ? $"{alias}.source_key in (select objects.source_key from {TwinTransform.ObjectsRelation} as objects semi join {HeldRelation} as held on held.symbol = objects.symbol and held.bar_interval = objects.bar_interval)"
            : $"({alias}.symbol, {alias}.bar_interval) in (select symbol, bar_interval from {HeldRelation})";

    /// <summary>Holds after this run: every owner that failed, with the objects not taken in; released or passing ones end.</summary>
    private SymbolHold[] Holds(EtlPlan plan, IReadOnlyList<OwnerFailure> failures, DateTimeOffset now)
    {
        var processed = _current.ProcessedRunIds;
        return failures.GroupBy(f => (f.Symbol, f.Interval)).OrderBy(g => g.Key.Symbol, StringComparer.Ordinal).Select(g =>
        {
            var existing = _current.Hold(g.Key.Symbol, g.Key.Interval);
            var pending = plan.Objects.Where(o => o.Owner == g.Key && (!processed.Contains(o.RunId) || existing?.PendingObjects.Contains(o.Key) == true))
                .Select(o => o.Key).Concat(existing?.PendingObjects ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            return new SymbolHold(g.Key.Symbol, g.Key.Interval, existing?.SinceVersion ?? Version, existing?.SinceUtc ?? now,
                g.Select(f => f.Rule).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(), pending, Released: false);
        }).ToArray();
    }
}

/// <summary>What an ETL run takes in: the runs new to the ledger and the objects it stages (new, pending, or all).</summary>
public sealed record EtlPlan(bool Full, IReadOnlyList<string> NewRuns, IReadOnlyList<RawObject> Objects, int ManifestsListed, IReadOnlyList<SymbolHold> HoldsBefore)
{
    /// <summary>Run manifests the plan could not read: reported, and their runs left for a later transform.</summary>
    public IReadOnlyList<UnreadableManifest> Unreadable { get; init; } = [];

    public bool NothingToDo => Objects.Count == 0;
}

/// <summary>What an ETL run committed.</summary>
public sealed record EtlOutcome(EtlPlan Plan, string Version, IReadOnlyList<GateResult> Gates, IReadOnlyList<SymbolHold> Holds, IReadOnlyList<PublishedTable> Tables);
