using System.Globalization;
using System.Net;
using System.Text;
using Dataflow.Twin.Pipeline;

namespace Dataflow.Twin.Report;

/// <summary>A self-contained HTML page of one twin run: pipeline counts per stage, rejects, timings, the summary query.</summary>
public static class RunReport
{
    public static string Render(RunSummary run)
    {
        var totals = run.Ingestion.Totals;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>AWS Dataflow twin run {{E(run.Ingestion.RunId)}}</title>
            <style>{{Style}}</style></head><body>
            <h1>AWS Dataflow: local twin run</h1>
            <p class="muted">Run <code>{{E(run.Ingestion.RunId)}}</code> · source <code>{{E(run.Ingestion.Source)}}</code> ·
            interval {{E(run.Ingestion.Interval)}} · {{E(run.Ingestion.Window)}}</p>
            <h2>Pipeline</h2>
            <table><tr><th>Stage</th><th>What</th><th>Rows</th></tr>
            <tr><td>ingest</td><td>{{totals.Succeeded}} of {{totals.Requested}} symbols, {{totals.Bytes:N0}} raw bytes</td><td class="n">{{totals.Bars:N0}}</td></tr>
            <tr><td>stage</td><td>stg_time_series_values</td><td class="n">{{run.StagedRows:N0}}</td></tr>
            """);
        foreach (var model in run.Models)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>transform</td><td>{E(model.Name)}</td><td class=\"n\">{model.Rows:N0}</td></tr>\n");
        }

        foreach (var table in run.Tables)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>publish</td><td>curated/{E(table.Name)} ({table.Files} files)</td><td class=\"n\">{table.Rows:N0}</td></tr>\n");
        }

        html.Append("</table>\n<h2>Data quality</h2>\n");
        foreach (var gate in run.Quality)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><code>{E(gate.Table)}</code>: {gate.Evaluation.Passed} passed, {gate.Evaluation.Failed} failed, {gate.Evaluation.NotEvaluated} not evaluated</p>\n<table><tr><th>Rule</th><th>Outcome</th><th>Reason</th></tr>\n");
            foreach (var rule in gate.Evaluation.Rules)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(rule.Rule)}</code></td><td>{rule.Outcome}</td><td>{E(rule.FailureReason)}</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("<h2>Rejected and superseded bars</h2>\n<table><tr><th>Reason</th><th>Rows</th></tr>\n");
        foreach (var (reason, count) in run.RejectsByReason)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(reason)}</td><td class=\"n\">{count:N0}</td></tr>\n");
        }

        html.Append("</table>\n<h2>Timings</h2>\n<table><tr><th>Stage</th><th>Seconds</th></tr>\n");
        foreach (var (stage, elapsed) in run.StageTimings)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{stage.ToString().ToLowerInvariant()}</td><td class=\"n\">{elapsed.TotalSeconds:F2}</td></tr>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"</table>\n<h2>Query <code>sql/athena/{E(run.QueryName)}.sql</code></h2>\n<table><tr>");
        foreach (var column in run.QueryResult.Columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{E(column)}</th>");
        }

        html.Append("</tr>\n");
        foreach (var row in run.QueryResult.Rows)
        {
            html.Append("<tr>");
            foreach (var value in row)
            {
                var numeric = value is not (null or string or DateOnly or DateTime);
                html.Append(CultureInfo.InvariantCulture, $"<td{(numeric ? " class=\"n\"" : "")}>{E(Format(value))}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n</body></html>\n");
        return html.ToString();
    }

    private const string Style = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #1d2330; }
        table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
        th, td { border-bottom: 1px solid #dde2ea; padding: .3rem .7rem; text-align: left; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        th { background: #f3f5f9; }
        .muted { color: #667; }
        """;

    public static string Format(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double x => x.ToString("#,0.##", CultureInfo.InvariantCulture),
        decimal m => m.ToString("#,0.######", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
}
