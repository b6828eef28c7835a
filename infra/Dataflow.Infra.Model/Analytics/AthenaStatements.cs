namespace Dataflow.Infra.Model.Analytics;

/// <summary>One named query of the workgroup: a view's DDL or an insight query, from its file in sql/athena.</summary>
public sealed record AthenaStatement(string Name, string Description, string Sql, bool IsView);

/// <summary>
/// sql/athena as Athena statements: each view file (<c>NNN_name.sql</c>, a SELECT) becomes
/// <c>CREATE OR REPLACE VIEW name AS ...</c>, in file order since later views read earlier ones; each query file is
/// saved as is. The twin runs the same files on DuckDB.
/// </summary>
public static class AthenaStatements
{
    public static IReadOnlyList<AthenaStatement> FromRepository(string root)
    {
        var views = Directory.GetFiles(Path.Combine(root, "sql", "athena", "views"), "*.sql").Order(StringComparer.Ordinal).Select(file =>
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            var name = stem[(stem.IndexOf('_', StringComparison.Ordinal) + 1)..];
            return new AthenaStatement($"view-{name}", Header(file), $"create or replace view {name} as\n{File.ReadAllText(file).TrimEnd().TrimEnd(';')}\n", IsView: true);
        });
        var queries = Directory.GetFiles(Path.Combine(root, "sql", "athena", "queries"), "*.sql").Order(StringComparer.Ordinal).Select(file =>
            new AthenaStatement(Path.GetFileNameWithoutExtension(file), Header(file), File.ReadAllText(file), IsView: false));
        return [.. views, .. queries];
    }

    /// <summary>The file's first header line, without the comment marker (Athena caps descriptions at 1024 characters).</summary>
    private static string Header(string file)
    {
        var first = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("--", StringComparison.Ordinal))?.TrimStart('-', ' ') ?? Path.GetFileName(file);
        return first.Length <= 1024 ? first : first[..1024];
    }
}
