using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Tests;

/// <summary>Reads a curated table of a lake as its current commit publishes it, with a DuckDB session of the test's own.</summary>
internal static class CuratedReader
{
    public static List<Dictionary<string, object?>> Rows(string lake, string table, string where = "true", string orderBy = "1")
    {
        var paths = TestRepository.Paths(lake);
        var store = new CuratedStore(paths);
        using var db = new DuckDbSession();
        ParquetTableView.Register(db, Contracts.CuratedSchema.Load(paths.Contracts).Table(table), store.Files(store.Current(), table), "published");
        var result = db.Query($"select * from published where {where} order by {orderBy}", $"reading {table}");
        return result.Rows.Select(row => result.Columns.Select((c, i) => (c, row[i])).ToDictionary(x => x.c, x => x.Item2)).ToList();
    }
}
