namespace Dataflow.Ingestion.Lambda.Smoke;

/// <summary>Runs a query in the stack's workgroup and database (Athena, in the smoke test): start, poll, read the rows.</summary>
public interface IQueryRunner
{
    Task<string> StartAsync(string sql, CancellationToken cancellationToken);

    Task<QueryStatus> StatusAsync(string queryId, CancellationToken cancellationToken);

    /// <summary>The result rows without the header row, each value as text.</summary>
    Task<IReadOnlyList<IReadOnlyList<string?>>> RowsAsync(string queryId, CancellationToken cancellationToken);
}

/// <summary>Athena's state of a query (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED) and why it ended, if it failed.</summary>
public sealed record QueryStatus(string State, string? Reason = null)
{
    public bool IsFinished => State is "SUCCEEDED" or "FAILED" or "CANCELLED";
}

/// <summary>
/// The last check of the smoke test: what an analyst would query returns the run's bar. One query reads the bar from
/// <c>daily_bars</c> through the catalog's partitions; one reads the symbol from the <c>daily_metrics</c> view, which
/// Athena refuses when the stored view no longer matches its query (a stale view).
/// </summary>
public sealed record AthenaCheck(IQueryRunner Athena, TimeSpan Timeout, TimeSpan PollEvery, TimeProvider Time)
{
    public static IReadOnlyList<(string What, string Sql)> Queries(string symbol, string interval, string runId)
    {
        var (s, i, r) = (Literal(symbol), Literal(interval), Literal(runId));
        return
        [
            ("the run's bar in daily_bars", $"select symbol, bar_date, close from daily_bars where symbol = '{s}' and bar_interval = '{i}' and ingest_run_id = '{r}'"),
            ("the symbol in the daily_metrics view", $"select symbol, max(bar_date) from daily_metrics where symbol = '{s}' group by symbol"),
        ];
    }

    /// <summary>A line per query: "ok ..." when it returned a row, else what went wrong; the first failure ends the check.</summary>
    public async Task<(bool Passed, IReadOnlyList<string> Lines)> RunAsync(string symbol, string interval, string runId, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var (what, sql) in Queries(symbol, interval, runId))
        {
            var line = await QueryAsync(what, sql, cancellationToken);
            lines.Add(line);
            if (!line.StartsWith("ok", StringComparison.Ordinal))
            {
                return (false, lines);
            }
        }

        return (true, lines);
    }

    private async Task<string> QueryAsync(string what, string sql, CancellationToken cancellationToken)
    {
        var id = await Athena.StartAsync(sql, cancellationToken);
        var deadline = Time.GetUtcNow() + Timeout;
        while (true)
        {
            var status = await Athena.StatusAsync(id, cancellationToken);
            if (status.IsFinished)
            {
                if (status.State != "SUCCEEDED")
                {
                    return $"Athena query for {what} {status.State}: {status.Reason} (query {id}: {sql})";
                }

                var rows = await Athena.RowsAsync(id, cancellationToken);
                return rows.Count > 0
                    ? $"ok   Athena: {what}: {string.Join(", ", rows[0])}"
                    : $"Athena returned no row for {what} (query {id}: {sql})";
            }

            if (Time.GetUtcNow() + PollEvery > deadline)
            {
                return $"Athena query for {what} still {status.State} after {Timeout.TotalMinutes:0} minutes (query {id})";
            }

            await Task.Delay(PollEvery, Time, cancellationToken);
        }
    }

    private static string Literal(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}
