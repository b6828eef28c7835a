using Dataflow.Ingestion;

namespace Dataflow.Twin.Ingest;

/// <summary>One line of ingest progress per response, the same in every command: symbol, page, outcome, bars.</summary>
public static class ResponseLine
{
    public static string Of(SourceResponse response) =>
        $"{response.Symbol} p{response.Page}: {response.Summary.Outcome.ToString().ToLowerInvariant()}, {response.Summary.Bars:N0} bars";
}
