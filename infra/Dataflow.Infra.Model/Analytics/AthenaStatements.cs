using Dataflow.Contracts;

namespace Dataflow.Infra.Model.Analytics;

/// <summary>One named query of the workgroup: a view's DDL or an insight query, from its file in sql/athena.</summary>
public sealed record AthenaStatement(string Name, string Description, string Sql, bool IsView);

/// <summary>
/// sql/athena as Athena statements: each view file (a model file by sql/contracts/etl.yaml's rule, a SELECT) becomes
/// <c>CREATE OR REPLACE VIEW name AS ...</c>, in file order since later views read earlier ones; each query file is
/// saved as is. The twin runs the same files on DuckDB.
/// </summary>
public static class AthenaStatements
{
    public static IReadOnlyList<AthenaStatement> FromRepository(Repository repository)
    {
        var views = EtlContract.Load(repository.Contracts).Models(repository.AthenaViews).Select(view =>
            new AthenaStatement($"view-{view.Name}", Header(view.Path),
                $"create or replace view {view.Name} as\n{File.ReadAllText(view.Path).TrimEnd().TrimEnd(';')}\n", IsView: true));
        var queries = Directory.GetFiles(repository.AthenaQueries, "*.sql").Order(StringComparer.Ordinal).Select(file =>
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
