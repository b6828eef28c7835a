using Dataflow.Ingestion.TwelveData;

namespace Dataflow.Ingestion.Lambda;

/// <summary>
/// When an invocation fails (and so is retried by Lambda, then sent to the dead-letter queue): only when retrying can
/// help or a human must act. Everything else succeeds and is reported in the manifest and metrics.
/// <list type="bullet">
/// <item>The key was rejected (401): fail; every retry would fail too, but the DLQ and the Lambda errors alarm page someone.</item>
/// <item>Nothing at all was fetched and every symbol failed for a transient reason (an outage): fail, so Lambda retries.</item>
/// <item>Otherwise succeed: skipped symbols (unknown, plan-gated), no-data windows and a daily credit stop are
/// outcomes, not errors; a retry would change nothing before tomorrow.</item>
/// </list>
/// </summary>
public static class FailureRule
{
    public static string? Reason(RunManifest manifest)
    {
        if (manifest.Symbols.Any(s => s.ErrorKind == ApiErrorKind.Unauthorized))
        {
            return "Twelve Data rejected the API key (401)";
        }

        var failed = manifest.Symbols.Where(s => s.Outcome == SymbolOutcome.Failed).ToArray();
        var fetched = manifest.Totals.Succeeded + manifest.Totals.NoData;
        return fetched == 0 && failed.Length > 0 && failed.Length == manifest.Symbols.Count && failed.All(s => s.ErrorKind == ApiErrorKind.Transient)
            ? $"every symbol failed transiently ({failed[0].Error})"
            : null;
    }
}
