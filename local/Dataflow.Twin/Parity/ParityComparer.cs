using System.Globalization;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Parity;

/// <summary>
/// Compares two relations of one session row by row on a key: rows on one side only, keys that repeat on a side
/// (the grain broken), columns on one side only, columns whose types differ, and cells that differ. Doubles are equal
/// within a relative tolerance (engines round the last bits of ln and division differently); everything else exactly,
/// nulls equal to nulls.
/// </summary>
public static class ParityComparer
{
    public const double DefaultTolerance = 1e-9;

    public static TableDiff Compare(DuckDbSession db, string table, string expected, string actual, IReadOnlyList<string> key, double tolerance = DefaultTolerance)
    {
        var expectedColumns = Columns(db, expected);
        var actualColumns = Columns(db, actual);
        var missingKey = key.Where(k => !expectedColumns.ContainsKey(k) || !actualColumns.ContainsKey(k)).ToArray();
        if (missingKey.Length > 0)
        {
            throw new TwinException($"{table}: key column {string.Join(", ", missingKey)} is not on both sides (expected: {string.Join(", ", expectedColumns.Keys)}; actual: {string.Join(", ", actualColumns.Keys)})");
        }

        var differences = new List<Difference>();
        differences.AddRange(expectedColumns.Keys.Except(actualColumns.Keys).Select(c => new Difference(table, "column", c, null, expectedColumns[c], null)));
        differences.AddRange(actualColumns.Keys.Except(expectedColumns.Keys).Select(c => new Difference(table, "column", c, null, null, actualColumns[c])));
        var common = expectedColumns.Keys.Intersect(actualColumns.Keys).ToArray();
        differences.AddRange(common.Where(c => expectedColumns[c] != actualColumns[c])
            .Select(c => new Difference(table, "type", c, null, expectedColumns[c], actualColumns[c])));

        string KeyText(string alias) => string.Join(" || ', ' || ", key.Select(k => $"'{k}=' || coalesce(CAST({alias}.{Q(k)} AS VARCHAR), 'null')"));
        var on = string.Join(" AND ", key.Select(k => $"e.{Q(k)} IS NOT DISTINCT FROM a.{Q(k)}"));
        foreach (var (side, relation) in new[] { ("expected", expected), ("actual", actual) })
        {
            differences.AddRange(db.Query($"SELECT {KeyText("s")} FROM {relation} AS s GROUP BY ALL HAVING count(*) > 1", $"{table}: duplicate keys of the {side} side")
                .Rows.Select(r => new Difference(table, "duplicate", null, (string)r[0]!, side == "expected" ? "2+" : null, side == "actual" ? "2+" : null)));
        }

        differences.AddRange(db.Query($"SELECT {KeyText("e")} FROM {expected} AS e ANTI JOIN {actual} AS a ON {on}", $"{table}: rows missing from the actual side")
            .Rows.Select(r => new Difference(table, "missing", null, (string)r[0]!, "row", null)));
        differences.AddRange(db.Query($"SELECT {KeyText("a")} FROM {actual} AS a ANTI JOIN {expected} AS e ON {on}", $"{table}: rows only on the actual side")
            .Rows.Select(r => new Difference(table, "extra", null, (string)r[0]!, null, "row")));

        // The rows of both sides joined once; each column's differences are then read from that table.
        var values = common.Except(key).ToArray();
        if (values.Length > 0)
        {
            db.Execute($"""
                CREATE OR REPLACE TEMP TABLE parity_joined AS
                SELECT {KeyText("e")} AS row_key, {string.Join(", ", values.Select((c, i) => $"e.{Q(c)} AS e{i}, a.{Q(c)} AS a{i}"))}
                FROM {expected} AS e JOIN {actual} AS a ON {on}
                """, $"{table}: joining both sides on its key");
            for (var i = 0; i < values.Length; i++)
            {
                var numeric = IsApproximate(expectedColumns[values[i]]) || IsApproximate(actualColumns[values[i]]);
                var (e, a) = ($"e{i}", $"a{i}");
                var differs = numeric
                    ? $"NOT ({e} IS NULL AND {a} IS NULL) AND ({e} IS NULL OR {a} IS NULL OR abs(CAST({e} AS DOUBLE) - CAST({a} AS DOUBLE)) > {tolerance.ToString("R", CultureInfo.InvariantCulture)} * greatest(1.0, abs(CAST({e} AS DOUBLE))))"
                    : $"CAST({e} AS VARCHAR) IS DISTINCT FROM CAST({a} AS VARCHAR)";
                var column = values[i];
                differences.AddRange(db.Query($"SELECT row_key, CAST({e} AS VARCHAR), CAST({a} AS VARCHAR) FROM parity_joined WHERE {differs} ORDER BY 1", $"{table}: values of {column}")
                    .Rows.Select(r => new Difference(table, "value", column, (string)r[0]!, (string?)r[1], (string?)r[2])));
            }
        }

        return new TableDiff(table, key, Count(db, expected), Count(db, actual), differences);
    }

    /// <summary>Doubles (and a double against a decimal) compare within the tolerance; decimals against decimals exactly.</summary>
    private static bool IsApproximate(string type) => type is "DOUBLE" or "FLOAT" or "REAL";

    private static Dictionary<string, string> Columns(DuckDbSession db, string relation) =>
        db.Query($"SELECT column_name, column_type FROM (DESCRIBE {relation})", $"the columns of {relation}").Rows
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!, StringComparer.Ordinal);

    private static long Count(DuckDbSession db, string relation) => db.Scalar<long>($"SELECT count(*) FROM {relation}", $"rows of {relation}");

    private static string Q(string identifier) => DuckDbSession.Identifier(identifier);
}
