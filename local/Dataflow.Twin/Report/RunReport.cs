using System.Globalization;
using System.Net;
using System.Text;
using Dataflow.Twin.Pipeline;

namespace Dataflow.Twin.Report;

/// <summary>A self-contained HTML page of one twin run: pipeline counts per stage, data quality, rejects, timings, the summary query, and the dashboard preview.</summary>
public static class RunReport
{
    /// <summary>The pipeline, data-quality, rejects, timings and summary-query sections: kept beside the report so <c>dataflow report</c> can re-render the dashboard without re-running the ETL.</summary>
    public static string Sections(RunSummary run)
    {
        var totals = run.Ingestion.Totals;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
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
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>publish</td><td>curated/{E(table.Name)} ({table.PartitionsRewritten} of {table.Partitions} partitions rewritten)</td><td class=\"n\">{table.Rows:N0}</td></tr>\n");
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

        html.Append(CultureInfo.InvariantCulture, $"</table>\n<h2>Query <code>sql/athena/{E(run.QueryName)}.sql</code></h2>\n<div class=\"scroll\"><table><tr>");
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

        html.Append("</table></div>\n");
        return html.ToString();
    }

    /// <summary>The whole page: the run's sections, then every sheet of the QuickSight definition on its 36-column grid.</summary>
    public static string Page(string runSections, DashboardPreviewResult preview)
    {
        var html = new StringBuilder();
        var visuals = preview.Sheets.Sum(s => s.Visuals.Count);
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>AWS Dataflow: local twin report</title>
            <style>{{Style}}</style></head><body data-visuals="{{visuals}}">
            <h1>AWS Dataflow: local twin report</h1>
            {{runSections}}
            <h2>Dashboard preview <span class="muted">(quicksight/definition.json on the curated zone)</span></h2>
            """);
        foreach (var note in preview.Notes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(note)}</p>\n");
        }

        foreach (var sheet in preview.Sheets)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(sheet.Name)}</h3>\n<div class=\"sheet\" data-sheet-id=\"{E(sheet.SheetId)}\">\n");
            foreach (var visual in sheet.Visuals)
            {
                html.Append(visual.Html).Append('\n');
            }

            html.Append("</div>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<script>{ImageCheck}</script>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>Marks the body with how many chart images decoded, so a headless browser can tell a broken page from a good one.</summary>
    private const string ImageCheck = """
        window.addEventListener('load', () => {
          const images = [...document.querySelectorAll('figure.visual img')];
          document.body.dataset.imagesLoaded = images.filter(i => i.complete && i.naturalWidth > 0).length;
          document.body.dataset.imagesBroken = images.filter(i => !(i.complete && i.naturalWidth > 0)).length;
          document.body.dataset.figures = document.querySelectorAll('figure.visual').length;
          // What a reader would miss at this width: a visual whose content is wider than its tile, or a page wider
          // than the window (a horizontal scroll). The layout test reads these in headless Chromium at 1,280 and 1,920 px.
          document.body.dataset.overflowingVisuals = [...document.querySelectorAll('figure.visual')]
            .filter(f => f.scrollWidth > f.clientWidth + 1
              || [...f.querySelectorAll('img')].some(i => i.getBoundingClientRect().right > f.getBoundingClientRect().right + 1)
              || [...f.querySelectorAll('.table-wrap')].some(t => t.scrollWidth > t.clientWidth + 1))
            .map(f => f.dataset.visualId).join(' ');
          document.body.dataset.pageOverflow = document.documentElement.scrollWidth > window.innerWidth + 1 ? 'yes' : 'no';
          document.body.dataset.viewportWidth = window.innerWidth;
        });
        """;

    private const string Style = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1620px; padding: 0 1rem; color: #1d2330; }
        table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
        th, td { border-bottom: 1px solid #dde2ea; padding: .3rem .7rem; text-align: left; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        th { background: #f3f5f9; }
        .muted { color: #667; font-weight: normal; font-size: .8em; }
        .note { color: #8a5a00; }
        .scroll { overflow-x: auto; max-width: 100%; }
        td { overflow-wrap: anywhere; }
        .sheet { display: grid; grid-template-columns: repeat(36, minmax(0, 1fr)); grid-auto-rows: minmax(40px, auto); gap: 4px; width: 100%; margin-bottom: 2rem; }
        figure.visual { margin: 0; border: 1px solid #dde2ea; border-radius: 4px; padding: 4px 8px; overflow: hidden; background: #fff; min-width: 0; }
        figure.visual figcaption { font-weight: 600; margin-bottom: 4px; }
        figure.visual figcaption .window { font-weight: normal; color: #556; font-size: .85em; margin-left: .4em; }
        figure.visual figcaption .subtitle { display: block; font-weight: normal; color: #667; font-size: .8em; }
        figure.visual img { display: block; max-width: 100%; height: auto; }
        figure.visual .not-drawn { color: #8a5a00; font-size: .8em; margin: .2rem 0 0; }
        .table-wrap { overflow: auto; max-height: 100%; }
        .table-wrap table { width: 100%; font-size: .85em; margin: 0; }
        .table-wrap th, .table-wrap td { padding: .2rem .4rem; }
        .table-wrap td { white-space: nowrap; overflow-wrap: normal; }
        @media (max-width: 1100px) {
          .sheet { display: block; }
          figure.visual { margin-bottom: 8px; }
        }
        .kpi { display: flex; gap: 1rem; align-items: baseline; }
        .kpi-value { font-size: 2.2em; font-weight: 600; }
        .kpi-delta { color: #667; }
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
