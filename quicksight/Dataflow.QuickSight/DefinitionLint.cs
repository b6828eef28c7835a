using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dataflow.QuickSight;

/// <summary>
/// The checks QuickSight does not make, or makes silently (quicksight.md §4.5–§7.3): unique visual and field ids, every
/// visual placed in the layout and every layout element naming a visual, sorts pointing at fields of the same visual,
/// declared and used data set identifiers, columns that exist with a field kind matching their type, declared
/// parameters and filters, and the patterns of parameter names, physical table ids and colours.
/// </summary>
public static partial class DefinitionLint
{
    private static readonly string[] FieldKinds =
        ["CategoricalDimensionField", "NumericalDimensionField", "DateDimensionField", "NumericalMeasureField", "CategoricalMeasureField", "DateMeasureField"];

    private static readonly string[] ColourKeys = ["Color", "ForegroundColor", "BackgroundColor"];
    private static readonly string[] Strings = ["STRING"];
    private static readonly string[] Dates = ["DATETIME"];
    private static readonly string[] Numbers = ["INTEGER", "DECIMAL"];

    public static IReadOnlyList<ValidationIssue> Check(QuickSightResource analysis, IReadOnlyList<QuickSightResource> dataSets)
    {
        var issues = new List<ValidationIssue>();
        void Issue(string path, string message) => issues.Add(new ValidationIssue(analysis.File, path, message));

        foreach (var dataSet in dataSets)
        {
            foreach (var (key, _) in dataSet.Properties["PhysicalTableMap"]?.AsObject() ?? [])
            {
                if (!PhysicalTableId().IsMatch(key))
                {
                    issues.Add(new ValidationIssue(dataSet.File, $"/PhysicalTableMap/{key}", $"physical table id '{key}' must match [0-9a-zA-Z-]{{1,64}} (no underscore)"));
                }
            }
        }

        var definition = analysis.Properties["Definition"] as JsonObject ?? throw new QuickSightException($"{analysis.File}: no Definition");
        var columns = ColumnsByIdentifier(definition, dataSets, Issue);
        var calculated = (definition["CalculatedFields"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => ((string?)c["DataSetIdentifier"], (string?)c["Name"])).ToHashSet();
        var parameters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (declaration, i) in (definition["ParameterDeclarations"] as JsonArray ?? []).Select((d, i) => (d as JsonObject, i)))
        {
            foreach (var (kind, body) in declaration ?? [])
            {
                var name = (string?)body?["Name"] ?? "";
                parameters.Add(name);
                if (!ParameterName().IsMatch(name))
                {
                    Issue($"/Definition/ParameterDeclarations/{i}/{kind}/Name", $"parameter name '{name}' must match ^[a-zA-Z0-9]+$ (no '_' or '-')");
                }
            }
        }

        var sheets = (definition["Sheets"] as JsonArray ?? []).OfType<JsonObject>().ToArray();
        var sheetIds = sheets.Select(s => (string?)s["SheetId"]).ToHashSet();
        var filterIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (group, g) in (definition["FilterGroups"] as JsonArray ?? []).Select((x, i) => (x as JsonObject, i)))
        {
            foreach (var filter in (group?["Filters"] as JsonArray ?? []).OfType<JsonObject>())
            {
                foreach (var (_, body) in filter)
                {
                    filterIds.Add((string?)body?["FilterId"] ?? "");
                }
            }

            var scopes = group?["ScopeConfiguration"]?["SelectedSheets"]?["SheetVisualScopingConfigurations"] as JsonArray ?? [];
            foreach (var (scope, s) in scopes.Select((x, i) => (x, i)))
            {
                if (!sheetIds.Contains((string?)scope?["SheetId"]))
                {
                    Issue($"/Definition/FilterGroups/{g}/ScopeConfiguration/SelectedSheets/SheetVisualScopingConfigurations/{s}/SheetId",
                        $"filter scope names sheet '{(string?)scope?["SheetId"]}', which does not exist");
                }
            }
        }

        var visualIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var fieldIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (sheet, s) in sheets.Select((x, i) => (x, i)))
        {
            var sheetPath = $"/Definition/Sheets/{s}";
            var placed = new HashSet<string>(StringComparer.Ordinal);
            var elements = sheet["Layouts"]?[0]?["Configuration"]?["GridLayout"]?["Elements"] as JsonArray ?? [];
            var visualsHere = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (visual, v) in (sheet["Visuals"] as JsonArray ?? []).Select((x, i) => (x as JsonObject, i)))
            {
                foreach (var (kind, body) in visual ?? [])
                {
                    var path = $"{sheetPath}/Visuals/{v}/{kind}";
                    var id = (string?)body?["VisualId"] ?? "";
                    visualsHere.Add(id);
                    if (!visualIds.TryAdd(id, path))
                    {
                        Issue($"{path}/VisualId", $"visual id '{id}' is also used at {visualIds[id]}");
                    }

                    CheckVisual(body as JsonObject, path, columns, calculated, fieldIds, Issue);
                }
            }

            foreach (var (element, e) in elements.Select((x, i) => (x, i)))
            {
                var id = (string?)element?["ElementId"] ?? "";
                if ((string?)element?["ElementType"] == "VISUAL")
                {
                    placed.Add(id);
                    if (!visualsHere.Contains(id))
                    {
                        Issue($"{sheetPath}/Layouts/0/Configuration/GridLayout/Elements/{e}/ElementId", $"layout element names visual '{id}', which is not on this sheet: a blank tile");
                    }
                }
            }

            foreach (var missing in visualsHere.Where(v => !placed.Contains(v)))
            {
                Issue($"{visualIds[missing]}/VisualId", $"visual '{missing}' has no layout element: it would not render");
            }

            Walk(sheet, sheetPath, (node, path) =>
            {
                if ((string?)node["SourceParameterName"] is { } parameter && !parameters.Contains(parameter))
                {
                    Issue($"{path}/SourceParameterName", $"parameter '{parameter}' is not declared");
                }

                if ((string?)node["SourceFilterId"] is { } filter && !filterIds.Contains(filter))
                {
                    Issue($"{path}/SourceFilterId", $"filter '{filter}' does not exist");
                }
            });
        }

        Walk(definition, "/Definition", (node, path) =>
        {
            if (node["Parameter"] is JsonValue value && value.TryGetValue<string>(out var parameter) && !parameters.Contains(parameter))
            {
                Issue($"{path}/Parameter", $"parameter '{parameter}' is not declared");
            }

            foreach (var key in ColourKeys)
            {
                if (node[key] is JsonValue colour && colour.TryGetValue<string>(out var hex) && !HexColour().IsMatch(hex))
                {
                    Issue($"{path}/{key}", $"colour '{hex}' must be upper-case #RRGGBB");
                }
            }
        });

        var used = new HashSet<string>(StringComparer.Ordinal);
        Walk(definition, "/Definition", (node, path) =>
        {
            if (node["DataSetIdentifier"] is JsonValue v && v.TryGetValue<string>(out var alias) && !path.StartsWith("/Definition/DataSetIdentifierDeclarations", StringComparison.Ordinal))
            {
                used.Add(alias);
                if (!columns.ContainsKey(alias))
                {
                    Issue($"{path}/DataSetIdentifier", $"data set identifier '{alias}' is not declared: QuickSight would drop the field silently");
                }
            }
        });
        foreach (var (declaration, d) in (definition["DataSetIdentifierDeclarations"] as JsonArray ?? []).Select((x, i) => (x, i)))
        {
            if ((string?)declaration?["Identifier"] is { } alias && !used.Contains(alias))
            {
                Issue($"/Definition/DataSetIdentifierDeclarations/{d}/Identifier", $"data set identifier '{alias}' is declared but never used");
            }
        }

        return issues;
    }

    /// <summary>Per declared alias, the input columns (name → QuickSight type) of the data set its ARN names.</summary>
    private static Dictionary<string, Dictionary<string, string>> ColumnsByIdentifier(JsonObject definition, IReadOnlyList<QuickSightResource> dataSets, Action<string, string> issue)
    {
        var byArnSuffix = dataSets.ToDictionary(d => $"dataset/{(string?)d.Properties["DataSetId"]}", d => d, StringComparer.Ordinal);
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (declaration, d) in (definition["DataSetIdentifierDeclarations"] as JsonArray ?? []).Select((x, i) => (x, i)))
        {
            var alias = (string?)declaration?["Identifier"] ?? "";
            var arn = (string?)declaration?["DataSetArn"] ?? "";
            var dataSet = byArnSuffix.FirstOrDefault(p => arn.EndsWith(p.Key, StringComparison.Ordinal)).Value;
            if (dataSet is null)
            {
                issue($"/Definition/DataSetIdentifierDeclarations/{d}/DataSetArn", $"'{arn}' is not the ARN of a data set of quicksight/data-sets");
                result[alias] = [];
                continue;
            }

            result[alias] = (dataSet.Properties["PhysicalTableMap"]?.AsObject() ?? [])
                .SelectMany(t => (t.Value?.AsObject().First().Value?["InputColumns"] as JsonArray ?? []).OfType<JsonObject>())
                .ToDictionary(c => (string)c["Name"]!, c => (string)c["Type"]!, StringComparer.Ordinal);
        }

        return result;
    }

    private static void CheckVisual(JsonObject? visual, string path, Dictionary<string, Dictionary<string, string>> columns,
        HashSet<(string?, string?)> calculated, Dictionary<string, string> fieldIds, Action<string, string> issue)
    {
        if (visual is null)
        {
            return;
        }

        var fields = new HashSet<string>(StringComparer.Ordinal);
        var dimensions = new Dictionary<(string?, string?), string>();
        Walk(visual, path, (node, at) =>
        {
            var kind = at[(at.LastIndexOf('/') + 1)..];
            var isField = FieldKinds.Contains(kind) || kind == "CalculatedMeasureField" || at.Contains("/TableUnaggregatedFieldWells/Values/", StringComparison.Ordinal);
            if (!isField || node["FieldId"] is not JsonValue id || !id.TryGetValue<string>(out var fieldId))
            {
                return;
            }

            fields.Add(fieldId);
            if (!fieldIds.TryAdd(fieldId, at))
            {
                issue($"{at}/FieldId", $"field id '{fieldId}' is also used at {fieldIds[fieldId]}");
            }

            if (node["Column"] is not JsonObject column)
            {
                return;
            }

            var alias = (string?)column["DataSetIdentifier"];
            var name = (string?)column["ColumnName"];
            if (kind.Contains("Dimension", StringComparison.Ordinal))
            {
                if (dimensions.TryGetValue((alias, name), out var other) && other != at)
                {
                    issue($"{at}/Column", $"column '{name}' is already a dimension of this visual at {other}: multiple dimension fields cannot point to the same column");
                }

                dimensions[(alias, name)] = at;
            }

            if (alias is null || !columns.TryGetValue(alias, out var known) || calculated.Contains((alias, name)))
            {
                return;
            }

            if (name is null || !known.TryGetValue(name, out var type))
            {
                issue($"{at}/Column/ColumnName", $"column '{name}' is not in data set '{alias}' ({string.Join(", ", known.Keys)})");
                return;
            }

            var expected = kind switch
            {
                "CategoricalDimensionField" => Strings,
                "DateDimensionField" or "DateMeasureField" => Dates,
                "NumericalDimensionField" or "NumericalMeasureField" => Numbers,
                _ => null,
            };
            if (expected is not null && !expected.Contains(type))
            {
                issue($"{at}/Column", $"{kind} on '{name}', a {type} column (expected {string.Join(" or ", expected)})");
            }
        });

        Walk(visual, path, (node, at) =>
        {
            if (at.EndsWith("/FieldSort", StringComparison.Ordinal) && (string?)node["FieldId"] is { } target && !fields.Contains(target))
            {
                issue($"{at}/FieldId", $"sort on field '{target}', which is not a field of this visual: the visual would silently not sort");
            }
        });
    }

    /// <summary>Calls <paramref name="visit"/> for every object under <paramref name="node"/> with its JSON path.</summary>
    private static void Walk(JsonNode? node, string path, Action<JsonObject, string> visit)
    {
        switch (node)
        {
            case JsonObject o:
                visit(o, path);
                foreach (var (key, child) in o)
                {
                    Walk(child, $"{path}/{key}", visit);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], $"{path}/{i}", visit);
                }

                break;
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9]+$")]
    private static partial Regex ParameterName();

    [GeneratedRegex("^[0-9a-zA-Z-]{1,64}$")]
    private static partial Regex PhysicalTableId();

    [GeneratedRegex("^#[A-F0-9]{6}$")]
    private static partial Regex HexColour();
}
