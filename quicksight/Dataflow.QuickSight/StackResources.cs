using System.Text.Json.Nodes;

namespace Dataflow.QuickSight;

/// <summary>What a stack fills in: its account, region and name, the Athena workgroup and Glue database, the principal.</summary>
public sealed record StackValues(string AccountId, string Region, string Stack, string AthenaWorkgroup, string GlueDatabase, string PrincipalArn, string VersionDescription)
{
    /// <summary>Stand-in values for validating without a stack (they satisfy the schemas' patterns).</summary>
    public static StackValues Example { get; } = new("111122223333", "eu-west-1", "dev", "dataflow-dev", "dataflow_dev_market",
        "arn:aws:quicksight:eu-west-1:111122223333:group/default/dataflow-authors", "validation");
}

/// <summary>One resource to deploy through Cloud Control: its CloudFormation type and properties (the DesiredState).</summary>
public sealed record QuickSightResource(string Name, string TypeName, JsonObject Properties, string File);

/// <summary>The QuickSight resources of a stack, with every placeholder filled: data source, data sets, analysis, dashboard.</summary>
public static class StackResources
{
    public static IReadOnlyList<QuickSightResource> Render(QuickSightAssets assets, StackValues stack)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccountId"] = stack.AccountId,
            ["Region"] = stack.Region,
            ["Stack"] = stack.Stack,
            ["AthenaWorkgroup"] = stack.AthenaWorkgroup,
            ["GlueDatabase"] = stack.GlueDatabase,
            ["PrincipalArn"] = stack.PrincipalArn,
            ["VersionDescription"] = stack.VersionDescription,
        };

        var dataSource = Fill(assets.DataSource, values, assets.FileOf("data-source"));
        values["DataSourceArn"] = Arn(stack, "datasource", (string)dataSource["DataSourceId"]!);
        var resources = new List<QuickSightResource> { new("data-source", "AWS::QuickSight::DataSource", dataSource, assets.FileOf("data-source")) };
        foreach (var (key, dataSet) in assets.DataSets)
        {
            var filled = Fill(dataSet, values, assets.FileOf(key));
            values[$"DataSetArn:{key}"] = Arn(stack, "dataset", (string)filled["DataSetId"]!);
            resources.Add(new QuickSightResource(key, "AWS::QuickSight::DataSet", filled, assets.FileOf(key)));
        }

        var definition = Fill(assets.Definition, values, Path.Combine(assets.Folder, "definition.json"));
        foreach (var (name, type, properties) in new[] { ("analysis", "AWS::QuickSight::Analysis", assets.Analysis), ("dashboard", "AWS::QuickSight::Dashboard", assets.Dashboard) })
        {
            var filled = Fill(properties, values, assets.FileOf(name));
            filled["Definition"] = definition.DeepClone();
            resources.Add(new QuickSightResource(name, type, filled, assets.FileOf(name)));
        }

        return resources;
    }

    public static string Arn(StackValues stack, string kind, string id) => $"arn:aws:quicksight:{stack.Region}:{stack.AccountId}:{kind}/{id}";

    private static JsonObject Fill(JsonObject node, IReadOnlyDictionary<string, string> values, string file) =>
        (JsonObject)Placeholders.Substitute(node, values, file);
}
