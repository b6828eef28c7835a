using Dataflow.Contracts;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Query;

/// <summary>
/// The twin's stand-in for the Glue Data Catalog: one view per curated table over the partitions its current commit names.
/// </summary>
public static class CuratedCatalog
{
    /// <summary>The curated tables, then the views of sql/athena/views in file-name order (later views read earlier ones).</summary>
    public static void Register(DuckDbSession db, TwinPaths paths, CuratedSchema schema)
    {
        RegisterTables(db, paths, schema);
        AthenaViewSet.Load(paths.Contracts, paths.Etl, paths.AthenaViews).Register(db, paths.Relative);
    }

    private static void RegisterTables(DuckDbSession db, TwinPaths paths, CuratedSchema schema)
    {
        var store = new CuratedStore(paths);
        var commit = store.Current();
        if (commit.IsEmpty)
        {
            throw new TwinException($"the curated zone has no commit yet ({store.CommitPath}): run `dataflow transform` first");
        }

        store.Register(db, schema, commit, name => name);
    }
}
