using System.Data.Common;
using DuckDB.NET.Data;

namespace Dataflow.Twin.Etl;

/// <summary>
/// An embedded in-memory DuckDB database. Failures name the SQL file or step that caused them. Its memory is bounded
/// (<see cref="DefaultMemoryLimit"/>, or <see cref="MemoryLimitVariable"/>): beyond it DuckDB spills sorts, joins and
/// temporary tables to a folder of its own under the system's temporary folder, removed when the session ends.
/// </summary>
public sealed class DuckDbSession : IDisposable
{
    /// <summary>The environment variable that sets DuckDB's memory limit, in DuckDB's size syntax (<c>2GB</c>, <c>512MB</c>).</summary>
    public const string MemoryLimitVariable = "DATAFLOW_DUCKDB_MEMORY";

    /// <summary>
    /// Enough for the sample and for 500 symbols × 20 years in one full rebuild (<c>dataflow bench etl</c>), small
    /// enough for a laptop running other work; DuckDB's own default is 80 % of the machine's memory.
    /// </summary>
    public const string DefaultMemoryLimit = "1GB";

    private readonly DuckDBConnection _connection;
    private readonly string _spill = Path.Combine(Path.GetTempPath(), $"dataflow-duckdb-{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <param name="memoryLimit">DuckDB's memory limit; by default <see cref="MemoryLimitVariable"/>, else <see cref="DefaultMemoryLimit"/>.</param>
    public DuckDbSession(string? memoryLimit = null)
    {
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        // Every output that must be reproducible says ORDER BY; nothing relies on insertion order, which costs to keep.
        Execute("SET preserve_insertion_order = false", "configuring DuckDB");
        var fromEnvironment = Environment.GetEnvironmentVariable(MemoryLimitVariable);
        var limit = memoryLimit ?? (string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultMemoryLimit : fromEnvironment.Trim());
        Execute($"SET memory_limit = '{Literal(limit)}'",
            $"DuckDB's memory limit '{limit}'{(memoryLimit is null && !string.IsNullOrWhiteSpace(fromEnvironment) ? $" (from {MemoryLimitVariable})" : "")} is not a size such as 2GB or 512MB");
        Execute("SET parquet_metadata_cache = true", "configuring DuckDB");
        Execute($"SET temp_directory = '{Literal(_spill)}'", "configuring DuckDB's spill folder");
    }

    /// <summary>The connection, for libraries that work on DuckDB directly (the DQDL evaluator).</summary>
    public DuckDBConnection Connection => _connection;

    public void Execute(string sql, string what)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            command.ExecuteNonQuery();
        }
        catch (DuckDBException e)
        {
            throw new TwinException($"{what}: {e.Message}", e);
        }
    }

    public T Scalar<T>(string sql, string what)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            var value = command.ExecuteScalar();
            return value is null or DBNull ? default! : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (DuckDBException e)
        {
            throw new TwinException($"{what}: {e.Message}", e);
        }
    }

    public QueryResult Query(string sql, string what)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            using DbDataReader reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return new QueryResult(columns, rows);
        }
        catch (DuckDBException e)
        {
            throw new TwinException($"{what}: {e.Message}", e);
        }
    }

    /// <summary>A path or value inside a single-quoted SQL string literal.</summary>
    public static string Literal(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    /// <summary>A quoted identifier, for names that come from outside the SQL files (QuickSight columns).</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public void Dispose()
    {
        _connection.Dispose();
        try
        {
            if (Directory.Exists(_spill))
            {
                Directory.Delete(_spill, recursive: true);
            }
        }
        catch (IOException)
        {
            // A spill file still held elsewhere: the system's temporary folder is cleaned by the system.
        }
    }
}

/// <summary>Rows of a query, as DuckDB returned them.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    public int Ordinal(string column)
    {
        var i = Columns.ToList().IndexOf(column);
        return i >= 0 ? i : throw new KeyNotFoundException($"result has no column '{column}' ({string.Join(", ", Columns)})");
    }
}
