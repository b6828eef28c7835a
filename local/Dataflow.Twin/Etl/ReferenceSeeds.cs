using Dataflow.Contracts;

namespace Dataflow.Twin.Etl;

/// <summary>
/// The reference data sets of sql/contracts/etl.yaml (a CSV of sql/seeds each), loaded under the alias the ETL SQL
/// and the DQDL rulesets read them by (the Glue job loads the same files under the same aliases). Every column stays a
/// string, as Glue's CSV reader leaves it: the SQL that reads them casts for itself on both engines.
/// </summary>
public static class ReferenceSeeds
{
    /// <summary>Each seed as a temp table named by its alias; returns alias → relation for a DQDL evaluation.</summary>
    public static IReadOnlyDictionary<string, string> Load(DuckDbSession db, TwinPaths paths)
    {
        foreach (var (alias, file) in paths.Etl.SeedFiles(paths.Contracts))
        {
            db.Execute($"""
                create or replace temp table {alias} as
                select * from read_csv('{DuckDbSession.Literal(file)}', header = true, all_varchar = true)
                """, $"loading the reference data set {alias} from {paths.Relative(file)}");
        }

        return paths.Etl.ReferenceSeeds.Keys.ToDictionary(alias => alias, alias => alias, StringComparer.Ordinal);
    }
}
