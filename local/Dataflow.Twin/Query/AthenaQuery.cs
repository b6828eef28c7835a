using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Query;

/// <summary>Runs a file of sql/athena on DuckDB over the curated views, as Athena would over the Glue catalog.</summary>
public static class AthenaQuery
{
    public static QueryResult Run(DuckDbSession db, TwinPaths paths, string name)
    {
        var model = SqlModel.Load(Path.Combine(paths.AthenaSql, $"{name}.sql"));
        return db.Query(model.Body, paths.Relative(model.Path));
    }

    public static IReadOnlyList<string> Available(TwinPaths paths) =>
        Directory.Exists(paths.AthenaSql)
            ? Directory.GetFiles(paths.AthenaSql, "*.sql").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToArray()
            : [];
}
