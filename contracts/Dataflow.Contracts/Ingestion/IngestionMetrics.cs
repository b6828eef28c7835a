namespace Dataflow.Contracts.Ingestion;

/// <summary>One metric of the ingestion's Embedded Metric Format record.</summary>
public sealed record IngestionMetric(string Name, string Unit);

/// <summary>
/// The metric catalogue of the ingestion Lambda: what its EMF record emits (namespace, dimensions, names and units)
/// and what the stack's alarms and dashboard may reference.
/// </summary>
public static class IngestionMetrics
{
    public const string Namespace = "Dataflow/Ingestion";

    public const string StackDimension = "Stack";
    public const string IntervalDimension = "Interval";

    public static readonly IngestionMetric ApiLatencyMs = new("ApiLatencyMs", "Milliseconds");
    public static readonly IngestionMetric SymbolsSucceeded = new("SymbolsSucceeded", "Count");
    public static readonly IngestionMetric SymbolsFailed = new("SymbolsFailed", "Count");
    public static readonly IngestionMetric BarsIngested = new("BarsIngested", "Count");
    public static readonly IngestionMetric CreditsUsed = new("CreditsUsed", "Count");
    public static readonly IngestionMetric RawBytesWritten = new("RawBytesWritten", "Bytes");

    public static IReadOnlyList<string> Dimensions { get; } = [StackDimension, IntervalDimension];

    public static IReadOnlyList<IngestionMetric> All { get; } = [ApiLatencyMs, SymbolsSucceeded, SymbolsFailed, BarsIngested, CreditsUsed, RawBytesWritten];
}
