namespace Dataflow.Twin.Parity;

/// <summary>One difference between the expected and the actual side of a table or result set.</summary>
/// <param name="Kind">missing (expected only), extra (actual only), value, type, column (a column on one side only), duplicate (a key twice on one side).</param>
/// <param name="Column">The column concerned (null for missing, extra and duplicate rows).</param>
/// <param name="Key">The row's key as <c>column=value, ...</c> (null for type and column differences).</param>
public sealed record Difference(string Table, string Kind, string? Column, string? Key, string? Expected, string? Actual)
{
    public override string ToString() => Kind switch
    {
        "type" => $"{Table}.{Column}: type {Expected} expected, {Actual} actual",
        "column" => $"{Table}.{Column}: {(Expected is null ? "only in actual" : "only in expected")}",
        "value" => $"{Table} [{Key}] {Column}: {Expected ?? "null"} expected, {Actual ?? "null"} actual",
        _ => $"{Table} [{Key}]: {Kind}",
    };
}

/// <summary>How one table compares: row counts, every difference found (examples are capped by the report, not here).</summary>
public sealed record TableDiff(string Table, IReadOnlyList<string> Key, long ExpectedRows, long ActualRows, IReadOnlyList<Difference> Differences)
{
    public int Count(string kind) => Differences.Count(d => d.Kind == kind);
}
