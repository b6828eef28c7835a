using System.Reflection;
using Dataflow.Contracts;
using Dataflow.Twin.Ingest;

namespace Dataflow.Twin.Etl;

/// <summary>
/// The ETL on DuckDB: flattens the raw objects of a run into the staging contract, loads the reference seeds and the
/// published state the run continues from, then runs the shared sql/etl models in order.
/// </summary>
public sealed class TwinTransform(DuckDbSession db, TwinPaths paths)
{
    /// <summary>The relation of the objects staged, with what their run manifests say about each.</summary>
    public const string ObjectsRelation = "raw_objects";

    /// <summary>The staged (symbol, interval)s and the time from which each has its rows recomputed.</summary>
    public const string OwnersRelation = "staged_owners";

    /// <summary>The reference data sets <see cref="Stage"/> loaded, alias → relation, for the quality gate.</summary>
    public IReadOnlyDictionary<string, string> References { get; private set; } = new Dictionary<string, string>();

    /// <summary>
    /// A full rebuild's staging: every object of every run manifest, nothing continued from the curated zone.
    /// Returns the rows staged; a raw zone without responses is an error, since nothing downstream would mean anything.
    /// </summary>
    public long StageRaw()
    {
        var objects = RawZone.Objects(paths, RawZone.Manifests(paths).Read);
        if (objects.Count == 0)
        {
            throw new TwinException($"the raw zone has no run manifest naming a response under {paths.Zone(LakeLayout.Raw)} ({paths.Layout.RunManifest.Template}): run the ingest stage first");
        }

        new CuratedStore(paths).Register(db, CuratedSchema.Load(paths.Contracts), CuratedCommit.Empty, CuratedStore.Published);
        return Stage(objects, continueFromPublished: false);
    }

    /// <summary>
    /// Flattens <paramref name="objects"/> into the staging relation and loads the reference seeds; the prior relation
    /// holds the published rows (relations <see cref="CuratedStore.Published"/>, registered by the caller) of the staged
    /// (symbol, interval)s, or nothing on a full rebuild. Returns the rows staged.
    /// </summary>
    public long Stage(IReadOnlyList<RawObject> objects, bool continueFromPublished)
    {
        var etl = paths.Etl;
        References = ReferenceSeeds.Load(db, paths).Concat(paths.Etl.QualityReferences).ToDictionary(StringComparer.Ordinal);
        db.Execute($"""
            create or replace temp table {ObjectsRelation} (
                source_key varchar, ingest_run_id varchar, ingest_date date, symbol varchar, bar_interval varchar, run_as_of_date date)
            """, "listing the raw objects to stage");
        using (var appender = db.Connection.CreateAppender(ObjectsRelation))
        {
            foreach (var o in objects)
            {
                appender.CreateRow().AppendValue(o.Key).AppendValue(o.RunId).AppendValue(o.IngestDate).AppendValue(o.Symbol).AppendValue(o.Interval)
                    .AppendValue(o.AsOfDate).EndRow();
            }
        }

        var rawRoot = paths.Zone(LakeLayout.Raw).Replace('\\', '/');
        var flatten = ReadEmbedded("stage_time_series.duckdb.sql")
            .Replace("{objects}", ObjectsRelation, StringComparison.Ordinal)
            .Replace("{raw_root}", DuckDbSession.Literal(rawRoot), StringComparison.Ordinal)
            .TrimEnd().TrimEnd(';');
        // Flattened a batch of files at a time: JSON parsing holds a batch's bodies in memory, never the raw zone's.
        var batches = StagingBatches(objects, rawRoot);
        for (var i = 0; i < batches.Count; i++)
        {
            var files = batches[i].Count == 0
                ? "[]::VARCHAR[]"
                : "[" + string.Join(", ", batches[i].Select(file => $"'{DuckDbSession.Literal(file)}'")) + "]";
            // The staging contract's columns, in its order, whatever the flattening query returns besides.
            var select = $"select {string.Join(", ", etl.StagingColumns)} from ({flatten.Replace("{raw_files}", files, StringComparison.Ordinal)}) as flattened";
            db.Execute(i == 0 ? $"create or replace temp table {etl.StagingRelation} as {select}" : $"insert into {etl.StagingRelation} {select}",
                batches.Count == 1 ? "staging the raw objects" : $"staging the raw objects (batch {i + 1} of {batches.Count})");
        }

        // What each staged (symbol, interval) has recomputed: from the first day of the month of its earliest bar (whole
        // months, so the monthly roll-up sees all its days), everything on a full rebuild.
        db.Execute($"""
            create or replace temp table {OwnersRelation} as
            select symbol, bar_interval,
                {(continueFromPublished ? "cast(date_trunc('month', min(try_cast(raw_datetime as timestamp))) as timestamp)" : "timestamp '0001-01-01'")} as from_time
            from {etl.StagingRelation}
            group by symbol, bar_interval
            """, "finding what the staged symbols have recomputed");
        var schema = CuratedSchema.Load(paths.Contracts);
        foreach (var (relation, table) in etl.Prior)
        {
            var published = CuratedStore.Published(table);
            var since = schema.Table(table).OwnerSince;
            // From the last published row before the owner's from_time (lag() and "the previous month" need it) on.
            var rows = !continueFromPublished
                ? $"select * from {published} where false"
                : since is null
                    ? $"""
                      select published.* from {published} as published
                      semi join {OwnersRelation} as staged on staged.symbol = published.symbol and staged.bar_interval = published.bar_interval
                      """
                    : $"""
                      with bounds as (
                          select staged.symbol, staged.bar_interval,
                              coalesce(max(case when cast(published.{since} as timestamp) < staged.from_time then cast(published.{since} as timestamp) end), staged.from_time) as read_from
                          from {OwnersRelation} as staged
                          left join {published} as published on published.symbol = staged.symbol and published.bar_interval = staged.bar_interval
                          group by staged.symbol, staged.bar_interval, staged.from_time
                      )
                      select published.* from {published} as published
                      inner join bounds on bounds.symbol = published.symbol and bounds.bar_interval = published.bar_interval
                      where cast(published.{since} as timestamp) >= bounds.read_from
                      """;
            db.Execute($"create or replace temp table {relation} as {rows}", $"selecting the published rows of {table} the run continues from");
        }

        return db.Scalar<long>($"select count(*) from {etl.StagingRelation}", "counting staged rows");
    }

    /// <summary>
    /// Runs every model; reports each as it finishes with its row count. A model named like a curated table is written
    /// once, to its staged Parquet files (<see cref="CuratedPublisher.Stage"/>), and read from them afterwards. Windowed
    /// models read by more than one later model are materialised once; the others are views that DuckDB fuses into
    /// their readers (re-reading a row-wise view is cheaper than writing it: measured with <c>dataflow bench etl</c>).
    /// </summary>
    public IReadOnlyList<ModelResult> RunModels(IProgress<ModelResult>? progress = null)
    {
        var results = new List<ModelResult>();
        var models = SqlModel.LoadOrdered(paths.Etl, paths.EtlSql);
        var schema = CuratedSchema.Load(paths.Contracts);
        if (schema.Tables.FirstOrDefault(t => models.All(m => m.Name != t.Name)) is { } unmodelled)
        {
            throw new TwinException($"curated table {unmodelled.Name} has no model: add sql/etl/NNN_{unmodelled.Name}.sql");
        }

        var publisher = new CuratedPublisher(db, paths);
        try
        {
            for (var i = 0; i < models.Count; i++)
            {
                var model = models[i];
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var rows = schema.Tables.FirstOrDefault(t => t.Name == model.Name) is { } table
                    ? publisher.Stage(table, model)
                    : Materialise(model, models.Skip(i + 1));
                var result = new ModelResult(model.Name, rows, System.Diagnostics.Stopwatch.GetElapsedTime(started));
                results.Add(result);
                progress?.Report(result);
            }
        }
        catch (TwinException)
        {
            // Nothing half-staged outlives a failed run: the next run, or a look at the lake, sees only what was published.
            publisher.DiscardStaged();
            throw;
        }

        return results;
    }

    /// <summary>An intermediate model: a temp table when it is windowed and read more than once, else a view.</summary>
    private long Materialise(SqlModel model, IEnumerable<SqlModel> later)
    {
        var readers = later.Count(m => System.Text.RegularExpressions.Regex.IsMatch(m.Sql, $@"\b{model.Name}\b"));
        var windowed = model.Sql.Contains(" over (", StringComparison.OrdinalIgnoreCase);
        var kind = readers > 1 && windowed ? "table" : "view";
        db.Execute($"create or replace temp {kind} {model.Name} as (\n{model.Body}\n)", paths.Relative(model.Path));
        return db.Scalar<long>($"select count(*) from {model.Name}", $"counting {model.Name}");
    }

    /// <summary>The objects' files in batches of about <see cref="BatchBytes"/> (at least one file each; one empty batch for none).</summary>
    private static List<List<string>> StagingBatches(IReadOnlyList<RawObject> objects, string rawRoot)
    {
        var batches = new List<List<string>> { new() };
        long bytes = 0;
        foreach (var file in objects.Select(o => $"{rawRoot}/{o.Key}"))
        {
            var info = new FileInfo(file);
            var length = info.Exists ? info.Length : 0;
            if (batches[^1].Count > 0 && bytes + length > BatchBytes)
            {
                batches.Add([]);
                bytes = 0;
            }

            batches[^1].Add(file);
            bytes += length;
        }

        return batches;
    }

    /// <summary>Raw bytes flattened per statement: JSON parsing needs several times this much memory.</summary>
    private const long BatchBytes = 8L * 1024 * 1024;

    private static string ReadEmbedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new TwinException($"embedded SQL '{name}' is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

public sealed record ModelResult(string Name, long Rows, TimeSpan Elapsed);
