using DuckDB.NET.Data;

namespace Dataflow.Twin.Tests;

/// <summary>Reads the curated Parquet files of a lake with a DuckDB connection of the test's own.</summary>
internal static class CuratedReader
{
    public static List<Dictionary<string, object?>> Rows(string lake, string table, string where = "true", string orderBy = "1")
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        var glob = Path.Combine(lake, "curated", table, "**", "*.parquet").Replace('\\', '/');
        command.CommandText = $"select * from read_parquet('{glob}', hive_partitioning = true) where {where} order by {orderBy}";
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }
}
