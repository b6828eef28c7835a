using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dataflow.QuickSight;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Report;

/// <summary>
/// The definition's enabled filters as SQL for the preview: time ranges bounded by parameters whose defaults are
/// RollingDate expressions (<c>truncDate</c>, <c>addDateTime</c>, <c>now()</c> read as the run's as-of time), and
/// category filters that restrict nothing until values are picked (FILTER_ALL_VALUES). What the preview cannot evaluate
/// is reported, not silently dropped.
/// </summary>
internal sealed partial class PreviewFilters
{
    private readonly List<(string? Sheet, HashSet<string>? Visuals, string DataSet, string Sql)> _filters = [];

    public List<string> Notes { get; } = [];

    public PreviewFilters(JsonObject definition, DateTime now)
    {
        var parameters = (definition["ParameterDeclarations"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => p.First().Value as JsonObject).Where(p => p is not null)
            .ToDictionary(p => (string)p!["Name"]!, p => (string?)p!["DefaultValues"]?["RollingDate"]?["Expression"], StringComparer.Ordinal);
        foreach (var group in (definition["FilterGroups"] as JsonArray ?? []).OfType<JsonObject>().Where(g => (string?)g["Status"] != "DISABLED"))
        {
            var scopes = (group["ScopeConfiguration"]?["SelectedSheets"]?["SheetVisualScopingConfigurations"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(s => ((string?)s["SheetId"], (string?)s["Scope"] == "SELECTED_VISUALS" ? (s["VisualIds"] as JsonArray ?? []).Select(v => (string)v!).ToHashSet() : null))
                .ToList();
            if (group["ScopeConfiguration"]?["AllSheets"] is not null)
            {
                scopes.Add((null, null));
            }

            foreach (var filter in (group["Filters"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var (kind, body) = filter.First();
                var column = body!["Column"];
                var (dataSet, name) = ((string)column!["DataSetIdentifier"]!, (string)column["ColumnName"]!);
                var sql = kind switch
                {
                    "TimeRangeFilter" => TimeRange((JsonObject)body, name, parameters, now),
                    "CategoryFilter" when (string?)body["Configuration"]?["FilterListConfiguration"]?["SelectAllOptions"] == "FILTER_ALL_VALUES" => null,
                    "NumericEqualityFilter" => NumericEquality((JsonObject)body, name),
                    _ => Unsupported(kind, (string?)body["FilterId"]),
                };
                if (sql is not null)
                {
                    foreach (var (sheet, visuals) in scopes)
                    {
                        _filters.Add((sheet, visuals, dataSet, sql));
                    }
                }
            }
        }
    }

    public IEnumerable<string> For(VisualSpec visual) =>
        _filters.Where(f => (f.Sheet is null || f.Sheet == visual.SheetId) && (f.Visuals is null || f.Visuals.Contains(visual.VisualId)) && f.DataSet == visual.DataSet)
            .Select(f => f.Sql);

    private string? TimeRange(JsonObject filter, string column, Dictionary<string, string?> parameters, DateTime now)
    {
        string? Bound(string key, string op)
        {
            var bound = filter[key];
            var expression = bound?["Parameter"] is JsonValue p ? parameters.GetValueOrDefault((string)p!) : (string?)bound?["RollingDate"]?["Expression"];
            if (expression is null)
            {
                return null;
            }

            var value = Evaluate(expression, now);
            if (value is null)
            {
                Notes.Add($"the preview cannot evaluate '{expression}'; that bound is not applied");
                return null;
            }

            return $"CAST({DuckDbSession.Identifier(column)} AS TIMESTAMP) {op} TIMESTAMP '{value.Value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}'";
        }

        var lower = Bound("RangeMinimumValue", (bool?)filter["IncludeMinimum"] == false ? ">" : ">=");
        var upper = Bound("RangeMaximumValue", (bool?)filter["IncludeMaximum"] == false ? "<" : "<=");
        var parts = new[] { lower, upper }.Where(p => p is not null).ToArray();
        return parts.Length == 0 ? null : string.Join(" AND ", parts);
    }

    /// <summary>column = value (or !=), with its null option: the definition's static numeric filters.</summary>
    private string? NumericEquality(JsonObject filter, string column)
    {
        if (filter["Value"] is not JsonValue value || !value.TryGetValue<double>(out var number))
        {
            return Unsupported("NumericEqualityFilter with a parameter", (string?)filter["FilterId"]);
        }

        var c = DuckDbSession.Identifier(column);
        var op = (string?)filter["MatchOperator"] == "DOES_NOT_EQUAL" ? "<>" : "=";
        var comparison = $"{c} {op} {number.ToString(CultureInfo.InvariantCulture)}";
        return (string?)filter["NullOption"] switch
        {
            "NULLS_ONLY" => $"{c} IS NULL",
            "ALL_VALUES" => $"({comparison} OR {c} IS NULL)",
            _ => comparison,
        };
    }

    private string? Unsupported(string kind, string? id)
    {
        Notes.Add($"filter {id} ({kind}) is not applied by the preview");
        return null;
    }

    /// <summary>truncDate('DD'|'MM'|'YYYY', x), addDateTime(n, 'DD'|'WK'|'MM'|'YYYY', x) and now(): the RollingDate forms of the definition.</summary>
    public static DateTime? Evaluate(string expression, DateTime now)
    {
        var text = expression.Replace(" ", "", StringComparison.Ordinal);
        if (text == "now()")
        {
            return now;
        }

        var trunc = TruncDate().Match(text);
        if (trunc.Success && Evaluate(trunc.Groups["inner"].Value, now) is { } inner)
        {
            return trunc.Groups["unit"].Value switch
            {
                "YYYY" => new DateTime(inner.Year, 1, 1),
                "MM" => new DateTime(inner.Year, inner.Month, 1),
                _ => inner.Date,
            };
        }

        var add = AddDateTime().Match(text);
        if (add.Success && Evaluate(add.Groups["inner"].Value, now) is { } basis)
        {
            var n = int.Parse(add.Groups["n"].Value, CultureInfo.InvariantCulture);
            return add.Groups["unit"].Value switch
            {
                "YYYY" => basis.AddYears(n),
                "MM" => basis.AddMonths(n),
                "WK" => basis.AddDays(7 * n),
                "DD" => basis.AddDays(n),
                _ => null,
            };
        }

        return null;
    }

    [GeneratedRegex(@"^truncDate\('(?<unit>YYYY|MM|DD)',(?<inner>.+)\)$")]
    private static partial Regex TruncDate();

    [GeneratedRegex(@"^addDateTime\((?<n>-?\d+),'(?<unit>YYYY|MM|WK|DD)',(?<inner>.+)\)$")]
    private static partial Regex AddDateTime();
}
