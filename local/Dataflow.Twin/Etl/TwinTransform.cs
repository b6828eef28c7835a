using System.Reflection;
using Dataflow.Contracts;

namespace Dataflow.Twin.Etl;

/// <summary>
/// The ETL on DuckDB: flattens the raw zone into the staging contract, loads the symbol reference seed, then runs the
/// shared sql/etl models in order, each materialised as a temporary table.
/// </summary>
public sealed class TwinTransform(DuckDbSession db, TwinPaths paths)
{
    /// <summary>The reference data sets <see cref="StageRaw"/> loaded, alias → relation, for the quality gate.</summary>
    public IReadOnlyDictionary<string, string> References { get; private set; } = new Dictionary<string, string>();

    /// <summary>Returns the rows staged; an empty raw zone is an error, since nothing downstream would mean anything.</summary>
    public long StageRaw()
    {
        var layout = paths.Layout;
        var etl = paths.Etl;
        var rawRoot = paths.Zone(LakeLayout.Raw).Replace('\\', '/');
        var responses = paths.Key(LakeLayout.Raw, layout.RawTimeSeries.FolderPrefix);
        if (!Directory.Exists(responses))
        {
            throw new TwinException($"the raw zone has no responses under {responses} ({layout.RawTimeSeries.Template}): run the ingest stage first");
        }

        var sql = ReadEmbedded("stage_time_series.duckdb.sql")
            .Replace("{raw_glob}", DuckDbSession.Literal(layout.RawTimeSeries.Glob), StringComparison.Ordinal)
            .Replace("{ingest_date_regex}", DuckDbSession.Literal(layout.FieldRegex(layout.RawTimeSeries, "ingest_date")), StringComparison.Ordinal)
            .Replace("{run_id_regex}", DuckDbSession.Literal(layout.FieldRegex(layout.RawTimeSeries, "run_id")), StringComparison.Ordinal)
            .Replace("{raw_root}", DuckDbSession.Literal(rawRoot), StringComparison.Ordinal);
        // The staging contract's columns, in its order, whatever the flattening query returns besides.
        db.Execute($"""
            create or replace temp table {etl.StagingRelation} as
            select {string.Join(", ", etl.StagingColumns)}
            from ({sql.TrimEnd().TrimEnd(';')}) as flattened
            """, "staging the raw zone");
        References = ReferenceSeeds.Load(db, paths);
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

        var publisher = new CuratedPublisher(db, paths, schema);
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

    private static string ReadEmbedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new TwinException($"embedded SQL '{name}' is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

public sealed record ModelResult(string Name, long Rows, TimeSpan Elapsed);
