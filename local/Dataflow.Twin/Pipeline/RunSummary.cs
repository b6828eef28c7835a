using Dataflow.Ingestion;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Quality;

namespace Dataflow.Twin.Pipeline;

/// <summary>Everything a twin run did, for the terminal summary and the report.</summary>
public sealed record RunSummary(
    RunManifest Ingestion,
    long StagedRows,
    IReadOnlyList<ModelResult> Models,
    IReadOnlyList<GateResult> Quality,
    IReadOnlyList<PublishedTable> Tables,
    IReadOnlyDictionary<string, long> RejectsByReason,
    string QueryName,
    QueryResult QueryResult,
    IReadOnlyDictionary<TwinStage, TimeSpan> StageTimings,
    string ReportPath)
{
    /// <summary>Splits this run's ETL detected (corporate_actions), before any re-fetch.</summary>
    public IReadOnlyList<DetectedSplit> Splits { get; init; } = [];

    /// <summary>Set once the report stage has written the page.</summary>
    public Dataflow.Twin.Report.ReportOutput? Report { get; init; }

    /// <summary>What the ETL took in: new runs, objects read (none when there was nothing new).</summary>
    public EtlPlan? Plan { get; init; }

    /// <summary>The (symbol, interval)s held after the run.</summary>
    public IReadOnlyList<Etl.SymbolHold> Holds { get; init; } = [];

    public long CuratedRows(string table) => Tables.Single(t => t.Name == table).Rows;
}
