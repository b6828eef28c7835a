using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dataflow.QuickSight;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Report;

/// <param name="Window">The dates the visual's data covers (after its filters), or what it covers when it has no date column.</param>
/// <param name="NotDrawn">Values of its first category (symbols, sectors) the view has but the visual cannot draw: no value for its measures.</param>
public sealed record PreviewedVisual(VisualSpec Spec, string Sql, QueryResult Data, string Html, string Window, IReadOnlyList<string> NotDrawn);

public sealed record PreviewedSheet(string SheetId, string Name, IReadOnlyList<PreviewedVisual> Visuals);

public sealed record DashboardPreviewResult(IReadOnlyList<PreviewedSheet> Sheets, IReadOnlyList<string> Notes);

/// <summary>
/// Renders every visual of the QuickSight definition from its JSON (quicksight.md §6): field wells become DuckDB queries
/// over the Athena views (dimensions grouped, dates truncated to their granularity, measures aggregated, colours as
/// series, sorts and filters applied), then charts drawn with ScottPlot and placed on the definition's 36-column grid.
/// </summary>
public static partial class DashboardPreview
{
    public const int CanvasWidth = 1600;
    public const int RowHeight = 40;

    public static DashboardPreviewResult Render(QuickSightAssets assets, DuckDbSession catalog, DateTime now)
    {
        var tables = RelationalTables(assets);
        var filters = new PreviewFilters(assets.Definition, now);
        var sheets = VisualSpec.Read(assets.Definition).GroupBy(v => (v.SheetId, v.SheetName)).Select(sheet => new PreviewedSheet(sheet.Key.SheetId, sheet.Key.SheetName,
            sheet.Select(visual =>
            {
                var table = tables.GetValueOrDefault(visual.DataSet) ?? throw new TwinException($"visual {visual.VisualId}: data set '{visual.DataSet}' has no view");
                var view = (string)table["Name"]!;
                var where = filters.For(visual).ToArray();
                var sql = Sql(visual, view, where);
                var data = catalog.Query(sql, $"visual {visual.VisualId}");
                var window = Window(catalog, view, DateColumn(table), where, visual);
                var notDrawn = NotDrawn(catalog, view, where, visual, data);
                return new PreviewedVisual(visual, sql, data, Html(visual, data, window, notDrawn), window, notDrawn);
            }).ToArray())).ToArray();
        return new DashboardPreviewResult(sheets, filters.Notes);
    }

    /// <summary>
    /// Data set alias → the relational table its data set reads (through the <c>${DataSetArn:key}</c> placeholder): the
    /// Athena view's name and its input columns.
    /// </summary>
    private static Dictionary<string, JsonObject> RelationalTables(QuickSightAssets assets) =>
        (assets.Definition["DataSetIdentifierDeclarations"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(
            d => (string)d["Identifier"]!,
            d => DataSetKey().Match((string)d["DataSetArn"]!) is { Success: true } m && assets.DataSets.TryGetValue(m.Groups["key"].Value, out var set)
                ? set["PhysicalTableMap"]!.AsObject().Single().Value!["RelationalTable"]!.AsObject()
                : throw new TwinException($"definition.json: {(string)d["DataSetArn"]!} does not name a data set of quicksight/data-sets"),
            StringComparer.Ordinal);

    /// <summary>The view's date column (its data set's first DATETIME input column), for the visual's window.</summary>
    private static string? DateColumn(JsonObject table) =>
        (table["InputColumns"] as JsonArray ?? []).OfType<JsonObject>().Where(c => (string?)c["Type"] == "DATETIME").Select(c => (string?)c["Name"]).FirstOrDefault();

    private static string Where(string[] filters) => filters.Length > 0 ? $" WHERE {string.Join(" AND ", filters)}" : "";

    /// <summary>"2024-12-31 to 2025-12-31, by day": the dates the visual's filters leave, read from its view.</summary>
    private static string Window(DuckDbSession catalog, string view, string? dateColumn, string[] filters, VisualSpec visual)
    {
        if (dateColumn is null)
        {
            return "all daily bars in the lake";
        }

        var c = DuckDbSession.Identifier(dateColumn);
        var bounds = catalog.Query($"SELECT min(CAST({c} AS DATE)), max(CAST({c} AS DATE)) FROM {view}{Where(filters)}",
            $"the window of visual {visual.VisualId}").Rows[0];
        var by = visual.Dimensions.FirstOrDefault(d => d.DateGranularity is not null)?.DateGranularity?.ToLowerInvariant();
        return bounds[0] is null
            ? "no dates"
            : $"{RunReport.Format(bounds[0])} to {RunReport.Format(bounds[1])}{(by is null ? "" : $", by {by}")}";
    }

    /// <summary>
    /// The values of the visual's first non-date dimension that its view has under the same filters but that got no
    /// value for every measure: a bubble chart of volume cannot place FX or crypto, which report none.
    /// </summary>
    private static string[] NotDrawn(DuckDbSession catalog, string view, string[] filters, VisualSpec visual, QueryResult data)
    {
        var index = visual.Dimensions.ToList().FindIndex(d => d.DateGranularity is null);
        if (index < 0 || visual.Measures.Count == 0 || visual.Kind is "Table" or "KPI")
        {
            return [];
        }

        var column = DuckDbSession.Identifier(visual.Dimensions[index].Column);
        var all = catalog.Query($"SELECT DISTINCT {column} FROM {view}{Where(filters)} ORDER BY 1",
            $"the categories of visual {visual.VisualId}").Rows.Select(r => RunReport.Format(r[0])).Where(v => v.Length > 0);
        var first = visual.Dimensions.Count;
        // A point of a scatter plot needs every measure (x, y, size); a bar or a line needs one.
        var drawn = data.Rows.Where(r => visual.Kind == "ScatterPlot" ? r[first..].All(v => v is not null) : r[first..].Any(v => v is not null))
            .Select(r => RunReport.Format(r[index])).ToHashSet(StringComparer.Ordinal);
        return all.Where(v => !drawn.Contains(v)).ToArray();
    }

    public static string Sql(VisualSpec visual, string view, IEnumerable<string> filters)
    {
        var dimensions = visual.Dimensions.Select((d, i) => (Sql: Dimension(d), Alias: $"d{i}", d.FieldId)).ToArray();
        var measures = visual.Measures.Select((m, i) => (Sql: Measure(m), Alias: $"m{i}", m.FieldId)).ToArray();
        var select = string.Join(", ", dimensions.Select(d => $"{d.Sql} AS {d.Alias}").Concat(measures.Select(m => $"{m.Sql} AS {m.Alias}")));
        var aliases = dimensions.Select(d => (d.FieldId, d.Alias)).Concat(measures.Select(m => (m.FieldId, m.Alias))).ToDictionary(a => a.FieldId, a => a.Alias);
        var order = visual.Sorts.Where(s => aliases.ContainsKey(s.FieldId)).Select(s => $"{aliases[s.FieldId]} {(s.Descending ? "DESC" : "ASC")} NULLS LAST")
            .Concat(dimensions.Select(d => $"{d.Alias} ASC NULLS LAST")).Distinct().ToArray();
        return $"SELECT {select} FROM {view}"
            + Where([.. filters])
            + (dimensions.Length > 0 ? $" GROUP BY {string.Join(", ", dimensions.Select(d => d.Alias))}" : "")
            + (order.Length > 0 ? $" ORDER BY {string.Join(", ", order)}" : "");
    }

    private static string Dimension(DimensionSpec d) => d.DateGranularity is { } g
        ? $"CAST(date_trunc('{g.ToLowerInvariant()}', CAST({DuckDbSession.Identifier(d.Column)} AS TIMESTAMP)) AS TIMESTAMP)"
        : DuckDbSession.Identifier(d.Column);

    private static string Measure(MeasureSpec m)
    {
        var c = DuckDbSession.Identifier(m.Column);
        return m.Aggregation switch
        {
            "SUM" => $"sum({c})::DOUBLE",
            "AVERAGE" => $"avg({c})::DOUBLE",
            "MIN" => $"min({c})::DOUBLE",
            "MAX" => $"max({c})::DOUBLE",
            "COUNT" => $"count({c})::DOUBLE",
            "DISTINCT_COUNT" => $"count(DISTINCT {c})::DOUBLE",
            "MEDIAN" => $"median({c})::DOUBLE",
            "STDEV" => $"stddev_samp({c})::DOUBLE",
            "STDEVP" => $"stddev_pop({c})::DOUBLE",
            "VAR" => $"var_samp({c})::DOUBLE",
            "VARP" => $"var_pop({c})::DOUBLE",
            var other => throw new TwinException($"aggregation {other} is not rendered by the preview"),
        };
    }

    /// <summary>The visual's tile: a chart image, a KPI or a table, sized to its place on the grid.</summary>
    private static string Html(VisualSpec visual, QueryResult data, string window, string[] notDrawn)
    {
        var place = visual.Placement ?? new GridPlacement(0, 0, 36, 8);
        var width = (int)(place.ColumnSpan * (CanvasWidth / 36.0)) - 16;
        var height = (place.RowSpan * RowHeight) - 44;
        var body = visual.Kind switch
        {
            "Table" => Table(visual, data),
            "KPI" => Kpi(visual, data, width, height),
            _ => Image(ChartRenderer.Render(visual, data, width, height), visual.Title),
        };
        return $"""
            <figure class="visual" data-visual-id="{E(visual.VisualId)}" data-kind="{E(visual.Kind)}" data-rows="{data.Rows.Count}"
              style="grid-column: {place.Column + 1} / span {place.ColumnSpan}; grid-row: {place.Row + 1} / span {place.RowSpan};">
              <figcaption>{E(visual.Title)} <span class="window">{E(window)}</span>{(visual.Subtitle is { } subtitle ? $"<span class=\"subtitle\">{E(subtitle)}</span>" : "")}</figcaption>
              {body}{(notDrawn.Length == 0 ? "" : $"<p class=\"not-drawn\">Not drawn (no value for {E(string.Join(", ", visual.Measures.Select(m => m.Column).Distinct()))}): {E(string.Join(", ", notDrawn))}</p>")}
            </figure>
            """;
    }

    private static string Image(byte[] png, string alt) => $"<img alt=\"{E(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">";

    private static string Kpi(VisualSpec visual, QueryResult data, int width, int height)
    {
        var measure = visual.Measures[0];
        var values = data.Rows.Select(r => r[^1] as double?).ToArray();
        var latest = values.LastOrDefault(v => v is not null);
        var previous = values.Where(v => v is not null).SkipLast(1).LastOrDefault();
        var delta = latest is { } l && previous is { } p ? l - p : (double?)null;
        var spark = visual.Dimension("trend") is not null && values.Length > 1
            ? Image(ChartRenderer.Sparkline(values, width, Math.Max(40, height - 70)), visual.Title)
            : "";
        return $"""<div class="kpi"><span class="kpi-value">{E(Number(latest, measure.DecimalPlaces))}</span><span class="kpi-delta">{(delta is null ? "" : (delta >= 0 ? "▲ " : "▼ ") + E(Number(Math.Abs(delta.Value), measure.DecimalPlaces)))}</span></div>{spark}""";
    }

    private static string Table(VisualSpec visual, QueryResult data)
    {
        var html = new StringBuilder("<div class=\"table-wrap\"><table><tr>");
        foreach (var d in visual.Dimensions)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{Breakable(d.Column)}</th>");
        }

        foreach (var m in visual.Measures)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{Breakable($"{m.Aggregation.ToLowerInvariant()}({m.Column})")}</th>");
        }

        html.Append("</tr>");
        foreach (var row in data.Rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                var measure = i >= visual.Dimensions.Count ? visual.Measures[i - visual.Dimensions.Count] : null;
                html.Append(measure is null
                    ? $"<td>{E(RunReport.Format(row[i]))}</td>"
                    : $"<td class=\"n\">{E(Number(row[i] as double?, measure.DecimalPlaces))}</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</table></div>").ToString();
    }

    private static string Number(double? value, int? decimals) =>
        value is not { } v ? "" : v.ToString("N" + (decimals ?? 2).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>A column heading that may wrap after an underscore or parenthesis, so a narrow tile keeps every column.</summary>
    private static string Breakable(string heading) =>
        E(heading).Replace("_", "_<wbr>", StringComparison.Ordinal).Replace("(", "(<wbr>", StringComparison.Ordinal);

    [GeneratedRegex(@"\$\{DataSetArn:(?<key>[a-z0-9-]+)\}")]
    private static partial Regex DataSetKey();
}
