using System.Text.Json.Nodes;

namespace Dataflow.QuickSight;

/// <summary>A dimension of a visual: a column grouped by, truncated to a date granularity if it is a date field.</summary>
public sealed record DimensionSpec(string FieldId, string Column, string Role, string? DateGranularity);

/// <summary>A measure of a visual: a column and its aggregation (SUM, AVERAGE, ... or COUNT/DISTINCT_COUNT).</summary>
public sealed record MeasureSpec(string FieldId, string Column, string Role, string Aggregation, int? DecimalPlaces);

public sealed record SortSpec(string FieldId, bool Descending);

public sealed record GridPlacement(int Column, int Row, int ColumnSpan, int RowSpan);

/// <summary>
/// What a visual shows, read from its field wells (quicksight.md §2.2, §6): the data set alias, dimensions by role
/// (category, color, group, trend), measures by role (value, x, y, size), sorts, its place on the 36-column grid and the
/// chart options the preview honours.
/// </summary>
public sealed record VisualSpec(
    string SheetId,
    string SheetName,
    string VisualId,
    string Kind,
    string Title,
    string DataSet,
    IReadOnlyList<DimensionSpec> Dimensions,
    IReadOnlyList<MeasureSpec> Measures,
    IReadOnlyList<SortSpec> Sorts,
    GridPlacement? Placement,
    bool Horizontal,
    bool Stacked)
{
    /// <summary>The visual's subtitle (what it shows, over which window), or null.</summary>
    public string? Subtitle { get; init; }

    public DimensionSpec? Dimension(string role) => Dimensions.FirstOrDefault(d => d.Role == role);

    public IEnumerable<MeasureSpec> MeasuresIn(string role) => Measures.Where(m => m.Role == role);

    /// <summary>Every visual of every sheet of a definition, in sheet and visual order.</summary>
    public static IReadOnlyList<VisualSpec> Read(JsonObject definition)
    {
        var visuals = new List<VisualSpec>();
        foreach (var sheet in (definition["Sheets"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var sheetId = (string)sheet["SheetId"]!;
            var placements = (sheet["Layouts"]?[0]?["Configuration"]?["GridLayout"]?["Elements"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(e => (string?)e["ElementType"] == "VISUAL")
                .ToDictionary(e => (string)e["ElementId"]!, e => new GridPlacement((int?)e["ColumnIndex"] ?? 0, (int?)e["RowIndex"] ?? 0, (int)e["ColumnSpan"]!, (int)e["RowSpan"]!));
            foreach (var wrapper in (sheet["Visuals"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var (kind, body) = wrapper.First();
                var visual = (JsonObject)body!;
                var id = (string)visual["VisualId"]!;
                var chart = visual["ChartConfiguration"] as JsonObject ?? [];
                var wells = chart["FieldWells"] as JsonObject ?? [];
                var inner = wells.Count == 1 && wells.First().Value is JsonObject only && !IsWell(wells.First().Key) ? only : wells;
                var dimensions = new List<DimensionSpec>();
                var measures = new List<MeasureSpec>();
                foreach (var (well, fields) in inner)
                {
                    foreach (var field in (fields as JsonArray ?? []).OfType<JsonObject>())
                    {
                        var (fieldKind, spec) = field.First();
                        Read(fieldKind, (JsonObject)spec!, Role(kind, well), dimensions, measures);
                    }
                }

                var sorts = new List<SortSpec>();
                Collect(chart["SortConfiguration"], sorts);
                var alias = Alias(visual);
                visuals.Add(new VisualSpec(sheetId, (string?)sheet["Name"] ?? sheetId, id, kind.Replace("Visual", "", StringComparison.Ordinal),
                    (string?)visual["Title"]?["FormatText"]?["PlainText"] ?? id, alias, dimensions, measures, sorts, placements.GetValueOrDefault(id),
                    (string?)chart["Orientation"] == "HORIZONTAL", (string?)chart["BarsArrangement"] is "STACKED" or "STACKED_PERCENT")
                {
                    Subtitle = (string?)visual["Subtitle"]?["FormatText"]?["PlainText"],
                });
            }
        }

        return visuals;
    }

    private static bool IsWell(string key) => key is "Values" or "TargetValues" or "TrendGroups";

    /// <summary>The role a well plays: category and colour for line and bar charts, axes for scatter plots, group-by for tables.</summary>
    private static string Role(string kind, string well) => well switch
    {
        "Category" when kind == "ScatterPlotVisual" => "category",
        "Category" => "category",
        "Colors" => "color",
        "GroupBy" => "group",
        "TrendGroups" => "trend",
        "XAxis" => "x",
        "YAxis" => "y",
        "Size" => "size",
        "Label" => "label",
        _ => "value",
    };

    private static void Read(string fieldKind, JsonObject spec, string role, List<DimensionSpec> dimensions, List<MeasureSpec> measures)
    {
        var fieldId = (string)spec["FieldId"]!;
        var column = (string?)spec["Column"]?["ColumnName"] ?? "";
        if (fieldKind.EndsWith("DimensionField", StringComparison.Ordinal))
        {
            dimensions.Add(new DimensionSpec(fieldId, column, role, (string?)spec["DateGranularity"]));
            return;
        }

        var aggregation = spec["AggregationFunction"] switch
        {
            JsonObject o when o["SimpleNumericalAggregation"] is { } simple => (string)simple!,
            JsonValue v => (string)v!,
            _ => fieldKind == "NumericalMeasureField" ? "SUM" : "COUNT",
        };
        var decimals = (int?)spec["FormatConfiguration"]?["FormatConfiguration"]?["NumberDisplayFormatConfiguration"]?["DecimalPlacesConfiguration"]?["DecimalPlaces"];
        measures.Add(new MeasureSpec(fieldId, column, role, aggregation, decimals));
    }

    private static void Collect(JsonNode? node, List<SortSpec> sorts)
    {
        switch (node)
        {
            case JsonObject o when o["FieldSort"] is JsonObject sort:
                sorts.Add(new SortSpec((string)sort["FieldId"]!, (string?)sort["Direction"] == "DESC"));
                break;
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Collect(child, sorts);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Collect(child, sorts);
                }

                break;
        }
    }

    private static string Alias(JsonObject visual)
    {
        string? found = null;
        void Find(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o when o["DataSetIdentifier"] is JsonValue v:
                    found ??= (string)v!;
                    break;
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        Find(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Find(child);
                    }

                    break;
            }
        }

        Find(visual["ChartConfiguration"]);
        return found ?? "";
    }
}
