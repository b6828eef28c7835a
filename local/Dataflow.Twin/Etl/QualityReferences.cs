using Dataflow.Contracts;

namespace Dataflow.Twin.Etl;

/// <summary>
/// The relations of sql/contracts/etl.yaml's <c>quality_references</c>: what a ruleset may read besides its own table.
/// The gate reads the run's relations (<see cref="EtlContract.QualityReferences"/>, alias → relation); a ruleset evaluated on its own gets each as an empty relation of its curated
/// schema (no corporate action recorded), as Glue would get an empty frame.
/// </summary>
public static class QualityReferences
{
    /// <summary>Alias → a query of no rows with the curated table's columns and types.</summary>
    public static IReadOnlyDictionary<string, string> Empty(ContractFiles contracts)
    {
        var schema = CuratedSchema.Load(contracts);
        return EtlContract.Load(contracts).QualityReferences.ToDictionary(
            r => r.Key,
            r => "select " + string.Join(", ", schema.Table(r.Value).AllColumns.Select(c => $"cast(null as {c.Type.DuckDb}) as {c.Name}")) + " where false",
            StringComparer.Ordinal);
    }
}
