namespace Dataflow.Contracts.Ingestion;

/// <summary>
/// The ingestion Lambda's entry point, as the managed .NET runtime names it (<c>Assembly::Type::Method</c>). The
/// Pulumi program deploys this name; a test of the Lambda checks that the method exists with the stream signature.
/// </summary>
public static class IngestionHandler
{
    public const string Assembly = "Dataflow.Ingestion.Lambda";
    public const string Type = "Dataflow.Ingestion.Lambda.IngestionFunction";
    public const string Method = "HandleAsync";

    public const string Name = $"{Assembly}::{Type}::{Method}";

    /// <summary>The source the function's run ids carry.</summary>
    public const string RunSource = "twelvedata";
}
