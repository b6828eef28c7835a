using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Query;

/// <summary>Runs a file of sql/athena on DuckDB over the curated views, as Athena would over the Glue catalog.</summary>
public static class AthenaQuery
{
    public static QueryResult Run(DuckDbSession db, TwinPaths paths, string name)
    {
        var path = Path.Combine(paths.AthenaQueries, $"{name}.sql");
        if (!File.Exists(path))
        {
            throw new TwinException($"no query '{name}' in sql/athena/queries (known: {string.Join(", ", Available(paths))})");
        }

        var model = SqlModel.Load(path);
        return db.Query(model.Body, paths.Relative(model.Path));
    }

    public static IReadOnlyList<string> Available(TwinPaths paths) =>
        Directory.Exists(paths.AthenaQueries)
            ? Directory.GetFiles(paths.AthenaQueries, "*.sql").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToArray()
            : [];
}
