using Dataflow.Contracts;

namespace Dataflow.Infra.Model.Analytics;

/// <summary>One insight query of sql/athena/queries, saved as a named query of the workgroup.</summary>
public sealed record AthenaStatement(string Name, string Description, string Sql);

/// <summary>The insight queries of sql/athena/queries, each saved as is (the twin runs the same files on DuckDB).</summary>
public static class AthenaStatements
{
    public static IReadOnlyList<AthenaStatement> FromRepository(Repository repository) =>
        Directory.GetFiles(repository.AthenaQueries, "*.sql").Order(StringComparer.Ordinal).Select(file =>
            new AthenaStatement(Path.GetFileNameWithoutExtension(file), SqlHeader.FirstLine(file), File.ReadAllText(file))).ToArray();
}
