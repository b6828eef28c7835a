using Dataflow.Contracts;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Query;

/// <summary>
/// The twin's stand-in for the Glue Data Catalog: one view per curated table over its published Parquet files.
/// </summary>
public static class CuratedCatalog
{
    /// <summary>The curated tables, then the views of sql/athena/views in file-name order (later views read earlier ones).</summary>
    public static void Register(DuckDbSession db, TwinPaths paths, CuratedSchema schema)
    {
        RegisterTables(db, paths, schema);
        foreach (var view in SqlModel.LoadOrdered(paths.Etl, paths.AthenaViews))
        {
            db.Execute($"create or replace view {view.Name} as\n{view.Body}", paths.Relative(view.Path));
        }
    }

    private static void RegisterTables(DuckDbSession db, TwinPaths paths, CuratedSchema schema)
    {
        foreach (var table in schema.Tables)
        {
            var folder = paths.CuratedTable(table.Name);
            if (!Directory.Exists(folder))
            {
                throw new TwinException($"curated table {table.Name} has not been published yet ({folder})");
            }

            ParquetTableView.Register(db, table, folder);
        }
    }
}
