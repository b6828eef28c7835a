using System.Text.Json.Nodes;

namespace Dataflow.QuickSight.Tests;

/// <summary>The repository's QuickSight files validate; each class of defect is caught with the JSON path it is at.</summary>
public sealed class ValidationTests
{
    private static readonly string Schemas = Path.Combine(QuickSightFolder.Path, "schemas");

    private static IReadOnlyList<ValidationIssue> Validate(Action<JsonObject>? breakDefinition = null, Action<Dictionary<string, JsonObject>>? breakDataSets = null)
    {
        var assets = QuickSightFolder.Load();
        var definition = (JsonObject)assets.Definition.DeepClone();
        breakDefinition?.Invoke(definition);
        var dataSets = assets.DataSets.ToDictionary(d => d.Key, d => (JsonObject)d.Value.DeepClone());
        breakDataSets?.Invoke(dataSets);
        return QuickSightValidation.Validate(assets with { Definition = definition, DataSets = dataSets }, Schemas);
    }

    private static JsonObject Visual(JsonObject definition, int sheet, int visual) =>
        (JsonObject)definition["Sheets"]![sheet]!["Visuals"]![visual]!.AsObject().First().Value!;

    private static void AssertIssue(IReadOnlyList<ValidationIssue> issues, string path, string message)
    {
        Assert.That(issues.Any(i => i.Path == path && i.Message.Contains(message, StringComparison.Ordinal)),
            $"expected {path}: ...{message}... among:\n{string.Join("\n", issues)}");
    }

    [Test]
    public void The_repositorys_files_pass_the_schemas_and_the_lint() => Assert.That(Validate(), Is.Empty);

    [Test]
    public void An_unknown_key_is_a_schema_error_at_its_path()
    {
        var issues = Validate(d => Visual(d, 0, 0)["Bogus"] = 1);

        AssertIssue(issues, "/Definition/Sheets/0/Visuals/0/KPIVisual/Bogus", "additionalProperties: unknown key 'Bogus'");
    }

    [Test]
    public void A_bad_enum_is_a_schema_error_at_its_path()
    {
        var issues = Validate(d => Visual(d, 0, 1)["ChartConfiguration"]!["FieldWells"]!["LineChartAggregatedFieldWells"]!["Category"]![0]!["DateDimensionField"]!["DateGranularity"] = "DAYS");

        AssertIssue(issues, "/Definition/Sheets/0/Visuals/1/LineChartVisual/ChartConfiguration/FieldWells/LineChartAggregatedFieldWells/Category/0/DateDimensionField/DateGranularity", "enum");
    }

    [Test]
    public void An_id_breaking_its_pattern_is_a_schema_error()
    {
        var issues = Validate(d => Visual(d, 0, 0)["VisualId"] = "kpi avg return");

        AssertIssue(issues, "/Definition/Sheets/0/Visuals/0/KPIVisual/VisualId", "pattern");
    }

    [Test]
    public void A_parameter_name_with_an_underscore_is_caught_by_both_checks()
    {
        var issues = Validate(d => d["ParameterDeclarations"]![0]!["DateTimeParameterDeclaration"]!["Name"] = "date_start");

        AssertIssue(issues, "/Definition/ParameterDeclarations/0/DateTimeParameterDeclaration/Name", "pattern");
        AssertIssue(issues, "/Definition/ParameterDeclarations/0/DateTimeParameterDeclaration/Name", "must match ^[a-zA-Z0-9]+$");
        AssertIssue(issues, "/Definition/FilterGroups/0/Filters/0/TimeRangeFilter/RangeMinimumValue/Parameter", "parameter 'DateRangeStart' is not declared");
    }

    [Test]
    public void An_undeclared_data_set_identifier_is_reported_where_it_is_used()
    {
        var issues = Validate(d => Visual(d, 0, 2)["ChartConfiguration"]!["FieldWells"]!["BarChartAggregatedFieldWells"]!["Values"]![0]!["NumericalMeasureField"]!["Column"]!["DataSetIdentifier"] = "daily_metric");

        AssertIssue(issues, "/Definition/Sheets/0/Visuals/2/BarChartVisual/ChartConfiguration/FieldWells/BarChartAggregatedFieldWells/Values/0/NumericalMeasureField/Column/DataSetIdentifier",
            "'daily_metric' is not declared");
    }

    [Test]
    public void A_declared_identifier_nobody_uses_is_reported()
    {
        var issues = Validate(d => d["DataSetIdentifierDeclarations"]!.AsArray().Add(new JsonObject { ["Identifier"] = "spare", ["DataSetArn"] = d["DataSetIdentifierDeclarations"]![0]!["DataSetArn"]!.GetValue<string>() }));

        AssertIssue(issues, "/Definition/DataSetIdentifierDeclarations/4/Identifier", "'spare' is declared but never used");
    }

    [Test]
    public void A_visual_missing_from_the_layout_is_reported()
    {
        var issues = Validate(d => d["Sheets"]![0]!["Layouts"]![0]!["Configuration"]!["GridLayout"]!["Elements"]!.AsArray().RemoveAt(5));

        AssertIssue(issues, "/Definition/Sheets/0/Visuals/5/TableVisual/VisualId", "'table-symbol-summary' has no layout element");
    }

    [Test]
    public void A_layout_element_naming_no_visual_is_reported()
    {
        var issues = Validate(d => d["Sheets"]![1]!["Layouts"]![0]!["Configuration"]!["GridLayout"]!["Elements"]![0]!["ElementId"] = "bar-sector-returns");

        AssertIssue(issues, "/Definition/Sheets/1/Layouts/0/Configuration/GridLayout/Elements/0/ElementId", "names visual 'bar-sector-returns', which is not on this sheet");
    }

    [Test]
    public void A_sort_on_another_visuals_field_is_reported()
    {
        var issues = Validate(d => Visual(d, 0, 2)["ChartConfiguration"]!["SortConfiguration"]!["CategorySort"]![0]!["FieldSort"]!["FieldId"] = "line-daily-change.bar_date.day");

        AssertIssue(issues, "/Definition/Sheets/0/Visuals/2/BarChartVisual/ChartConfiguration/SortConfiguration/CategorySort/0/FieldSort/FieldId", "not a field of this visual");
    }

    [Test]
    public void A_column_the_data_set_lacks_is_reported()
    {
        var issues = Validate(d => Visual(d, 0, 4)["ChartConfiguration"]!["FieldWells"]!["ScatterPlotCategoricallyAggregatedFieldWells"]!["Size"]![0]!["NumericalMeasureField"]!["Column"]!["ColumnName"] = "intraday_range");

        AssertIssue(issues, "/Definition/Sheets/0/Visuals/4/ScatterPlotVisual/ChartConfiguration/FieldWells/ScatterPlotCategoricallyAggregatedFieldWells/Size/0/NumericalMeasureField/Column/ColumnName",
            "column 'intraday_range' is not in data set 'daily_metrics'");
    }

    [Test]
    public void A_field_kind_that_does_not_fit_the_column_type_is_reported()
    {
        var issues = Validate(d =>
        {
            var category = Visual(d, 0, 2)["ChartConfiguration"]!["FieldWells"]!["BarChartAggregatedFieldWells"]!["Category"]!.AsArray();
            category[0] = new JsonObject { ["CategoricalDimensionField"] = new JsonObject { ["FieldId"] = "bar-daily-volume.bar_date.day", ["Column"] = new JsonObject { ["DataSetIdentifier"] = "daily_metrics", ["ColumnName"] = "bar_date" } } };
        });

        AssertIssue(issues, "/Definition/Sheets/0/Visuals/2/BarChartVisual/ChartConfiguration/FieldWells/BarChartAggregatedFieldWells/Category/0/CategoricalDimensionField/Column",
            "CategoricalDimensionField on 'bar_date', a DATETIME column");
    }

    [Test]
    public void Duplicate_visual_and_field_ids_are_reported()
    {
        var issues = Validate(d =>
        {
            Visual(d, 1, 0)["VisualId"] = "kpi-avg-return";
            Visual(d, 1, 3)["ChartConfiguration"]!["FieldWells"]!["TableAggregatedFieldWells"]!["GroupBy"]![0]!["CategoricalDimensionField"]!["FieldId"] = "table-symbol-summary.symbol";
        });

        AssertIssue(issues, "/Definition/Sheets/1/Visuals/0/BarChartVisual/VisualId", "also used at /Definition/Sheets/0/Visuals/0/KPIVisual");
        AssertIssue(issues, "/Definition/Sheets/1/Visuals/3/TableVisual/ChartConfiguration/FieldWells/TableAggregatedFieldWells/GroupBy/0/CategoricalDimensionField/FieldId", "also used at");
    }

    [Test]
    public void A_control_on_a_missing_filter_is_reported()
    {
        var issues = Validate(d => d["Sheets"]![0]!["FilterControls"]![0]!["Dropdown"]!["SourceFilterId"] = "f-sym");

        AssertIssue(issues, "/Definition/Sheets/0/FilterControls/0/Dropdown/SourceFilterId", "filter 'f-sym' does not exist");
    }

    [Test]
    public void The_same_column_as_category_and_colour_is_reported()
    {
        var issues = Validate(d => Visual(d, 0, 1)["ChartConfiguration"]!["FieldWells"]!["LineChartAggregatedFieldWells"]!["Colors"]![0]!["CategoricalDimensionField"]!["Column"]!["ColumnName"] = "bar_date");

        AssertIssue(issues, "/Definition/Sheets/0/Visuals/1/LineChartVisual/ChartConfiguration/FieldWells/LineChartAggregatedFieldWells/Colors/0/CategoricalDimensionField/Column",
            "already a dimension of this visual");
    }

    [Test]
    public void A_physical_table_id_with_an_underscore_is_reported()
    {
        var issues = Validate(breakDataSets: sets =>
        {
            var map = sets["risk-metrics"]["PhysicalTableMap"]!.AsObject();
            var table = map["riskmetrics"]!.DeepClone();
            map.Remove("riskmetrics");
            map["risk_metrics"] = table;
        });

        AssertIssue(issues, "/PhysicalTableMap/risk_metrics", "no underscore");
    }

    [Test]
    public void A_lower_case_colour_is_reported()
    {
        var issues = Validate(d => Visual(d, 0, 2)["ChartConfiguration"]!["VisualPalette"] = new JsonObject { ["ChartColor"] = "#1f77b4" });

        AssertIssue(issues, "/Definition/Sheets/0/Visuals/2/BarChartVisual/ChartConfiguration/VisualPalette/ChartColor", "pattern");
    }
}
