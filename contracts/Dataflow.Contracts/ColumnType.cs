using System.Globalization;
using System.Text.RegularExpressions;

namespace Dataflow.Contracts;

/// <summary>A column type in the Glue/Hive vocabulary, with its spelling in the other engines that read the same table.</summary>
public sealed partial record ColumnType(string Glue, int Precision = 0, int Scale = 0)
{
    private static readonly string[] Simple = ["string", "boolean", "int", "bigint", "double", "date", "timestamp"];

    public static ColumnType Parse(string text, string where)
    {
        var t = text.Trim().ToLowerInvariant();
        if (Simple.Contains(t))
        {
            return new ColumnType(t);
        }

        var m = DecimalPattern().Match(t);
        if (m.Success)
        {
            var p = int.Parse(m.Groups["p"].Value, CultureInfo.InvariantCulture);
            var s = int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture);
            if (p is >= 1 and <= 38 && s <= p)
            {
                return new ColumnType($"decimal({p},{s})", p, s);
            }
        }

        throw new ContractException($"{where}: unsupported type '{text}' (use {string.Join(", ", Simple)} or decimal(p,s))");
    }

    public bool IsDecimal => Precision > 0;

    /// <summary>DuckDB's name for the type, used by the twin's casts and schema checks.</summary>
    public string DuckDb => Glue switch
    {
        "string" => "VARCHAR",
        "boolean" => "BOOLEAN",
        "int" => "INTEGER",
        "bigint" => "BIGINT",
        "double" => "DOUBLE",
        "date" => "DATE",
        "timestamp" => "TIMESTAMP",
        _ => $"DECIMAL({Precision},{Scale})",
    };

    /// <summary>The type's name in a <c>cast</c> that Trino (Athena engine 3) and DuckDB both read the same way.</summary>
    public string Sql => Glue switch
    {
        "string" => "varchar",
        "int" => "integer",
        _ => Glue,
    };

    /// <summary>Trino's name for the type as Athena stores it in a view's definition (Hive timestamps read as timestamp(3)).</summary>
    public string Trino => Glue switch
    {
        "timestamp" => "timestamp(3)",
        _ => Sql,
    };

    /// <summary>The QuickSight data set input column type the column maps to.</summary>
    public string QuickSight => Glue switch
    {
        "string" => "STRING",
        "boolean" => "BOOLEAN",
        "int" or "bigint" => "INTEGER",
        "double" => "DECIMAL",
        "date" or "timestamp" => "DATETIME",
        _ => "DECIMAL",
    };

    public override string ToString() => Glue;

    [GeneratedRegex(@"^decimal\(\s*(?<p>\d+)\s*,\s*(?<s>\d+)\s*\)$")]
    private static partial Regex DecimalPattern();
}
