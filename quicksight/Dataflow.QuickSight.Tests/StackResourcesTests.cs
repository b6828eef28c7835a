using System.Text.Json.Nodes;

namespace Dataflow.QuickSight.Tests;

public sealed class StackResourcesTests
{
    private static readonly StackValues Prod = new("444455556666", "eu-central-1", "prod", "dataflow-prod", "dataflow_prod_market",
        "arn:aws:quicksight:eu-central-1:444455556666:group/default/analysts", "git 1a2b3c4");

    [Test]
    public void Every_placeholder_is_filled_and_the_definition_points_at_the_stacks_data_sets()
    {
        var resources = StackResources.Render(QuickSightFolder.Load(), Prod);

        Assert.That(resources.Select(r => r.Properties.ToJsonString()), Has.None.Contains("${"));
        Assert.That(resources.Select(r => (r.Name, r.TypeName)), Is.EquivalentTo(new[]
        {
            ("data-source", "AWS::QuickSight::DataSource"), ("daily-metrics", "AWS::QuickSight::DataSet"), ("monthly-metrics", "AWS::QuickSight::DataSet"),
            ("sector-monthly", "AWS::QuickSight::DataSet"), ("risk-metrics", "AWS::QuickSight::DataSet"),
            ("analysis", "AWS::QuickSight::Analysis"), ("dashboard", "AWS::QuickSight::Dashboard"),
        }));
        var analysis = resources.Single(r => r.Name == "analysis").Properties;
        Assert.That((string)analysis["AnalysisId"]!, Is.EqualTo("prod-market-analysis"));
        var arns = analysis["Definition"]!["DataSetIdentifierDeclarations"]!.AsArray().Select(d => (string)d!["DataSetArn"]!).ToArray();
        Assert.That(arns, Does.Contain("arn:aws:quicksight:eu-central-1:444455556666:dataset/prod-daily-metrics"));
        var dataSet = resources.Single(r => r.Name == "daily-metrics").Properties;
        Assert.That((string)dataSet["PhysicalTableMap"]!["dailymetrics"]!["RelationalTable"]!["DataSourceArn"]!,
            Is.EqualTo("arn:aws:quicksight:eu-central-1:444455556666:datasource/prod-athena"));
        Assert.That((string)dataSet["PhysicalTableMap"]!["dailymetrics"]!["RelationalTable"]!["Schema"]!, Is.EqualTo("dataflow_prod_market"));
        Assert.That(resources.Single(r => r.Name == "dashboard").Properties["Definition"]!.ToJsonString(), Is.EqualTo(analysis["Definition"]!.ToJsonString()),
            "one definition serves the analysis and the dashboard");
    }

    [Test]
    public void The_stacks_principal_reads_and_uses_the_assets_but_cannot_delete_them_or_change_who_may()
    {
        // Pulumi owns the assets: a change made in the console is overwritten by the next `pulumi up`, and a deletion or a
        // permission change by an analyst would bypass review.
        var resources = StackResources.Render(QuickSightFolder.Load(), Prod);
        var actions = resources.ToDictionary(r => r.Name, r => r.Properties["Permissions"]!.AsArray()
            .SelectMany(p => p!["Actions"]!.AsArray().Select(a => ((string)a!)["quicksight:".Length..])).ToArray());

        Assert.That(actions.Values.SelectMany(a => a), Has.None.StartsWith("Delete").And.None.StartsWith("Update").And.None.StartsWith("Restore"));
        Assert.That(actions["dashboard"], Is.EquivalentTo(new[] { "DescribeDashboard", "QueryDashboard", "ListDashboardVersions" }), "the viewer set");
        Assert.That(actions["analysis"], Is.EquivalentTo(new[] { "DescribeAnalysis", "QueryAnalysis", "DescribeAnalysisPermissions" }));
        Assert.That(actions["data-source"], Is.EquivalentTo(new[] { "DescribeDataSource", "DescribeDataSourcePermissions", "PassDataSource" }), "the use set");
        foreach (var dataSet in new[] { "daily-metrics", "monthly-metrics", "sector-monthly", "risk-metrics" })
        {
            Assert.That(actions[dataSet], Is.EquivalentTo(new[] { "DescribeDataSet", "DescribeDataSetPermissions", "PassDataSet", "DescribeIngestion", "ListIngestions" }), dataSet);
        }
    }

    [Test]
    public void The_definition_is_also_a_dashboard_definition()
    {
        var definition = QuickSightFolder.Load().Definition;

        Assert.That(definition.ContainsKey("QueryExecutionOptions"), Is.False, "analysis-only member");
    }

    [Test]
    public void A_placeholder_without_a_value_names_itself_and_its_file()
    {
        var e = Assert.Throws<QuickSightException>(() => Placeholders.Substitute(JsonNode.Parse("""{"a":"${AccountId}-${Nope}"}""")!,
            new Dictionary<string, string> { ["AccountId"] = "1" }, "x.json"));

        Assert.That(e!.Message, Is.EqualTo("x.json: no value for ${Nope}"));
    }
}
