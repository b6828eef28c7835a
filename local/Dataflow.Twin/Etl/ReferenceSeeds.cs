using Dataflow.Contracts;

namespace Dataflow.Twin.Etl;

/// <summary>
/// The reference data sets of sql/seeds, by the alias the ETL SQL and the DQDL rulesets read them under (the Glue job's
/// REFERENCE_SEEDS, and its rulesets' additional data sources). Every column stays a string, as Glue's CSV reader leaves
/// it: the SQL that reads them casts for itself on both engines.
/// </summary>
public static class ReferenceSeeds
{
    public const string Symbols = "symbol_reference";
    public const string Sessions = "trading_sessions";

    /// <summary>Each alias's CSV file.</summary>
    public static IReadOnlyDictionary<string, string> Files(ContractFiles contracts) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Symbols] = contracts.Symbols,
        [Sessions] = contracts.TradingSessions,
    };

    /// <summary>The aliases as a DQDL evaluation names its reference data sets, once <see cref="Load"/> has run.</summary>
    public static IReadOnlyDictionary<string, string> Relations { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Symbols] = Symbols,
        [Sessions] = Sessions,
    };

    /// <summary>Each seed as a temp table named by its alias.</summary>
    public static void Load(DuckDbSession db, ContractFiles contracts)
    {
        foreach (var (alias, file) in Files(contracts))
        {
            db.Execute($"""
                create or replace temp table {alias} as
                select * from read_csv('{DuckDbSession.Literal(file)}', header = true, all_varchar = true)
                """, $"loading the reference data set {alias} from {file}");
        }
    }
}
