namespace Dataflow.Ingestion.TwelveData;

/// <summary>One HTTP attempt that got an answer: which endpoint, its status, how long it took.</summary>
public sealed record ApiCall(string Path, int HttpStatus, TimeSpan Latency);
