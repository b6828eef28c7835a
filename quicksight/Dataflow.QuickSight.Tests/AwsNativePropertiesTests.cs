using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Dataflow.QuickSight.Tests;

public sealed class AwsNativePropertiesTests
{
    [TestCase("AwsAccountId", "awsAccountId")]
    [TestCase("DataSetId", "dataSetId")]
    [TestCase("KPIVisual", "kpiVisual")]
    [TestCase("XAxis", "xAxis")]
    [TestCase("VPCConnectionProperties", "vpcConnectionProperties")]
    [TestCase("ID", "id")]
    [TestCase("name", "name")]
    public void Property_names_take_aws_natives_camel_case(string cloudFormation, string awsNative) =>
        Assert.That(AwsNativeProperties.CamelCase(cloudFormation), Is.EqualTo(awsNative));

    [Test]
    public void Map_keys_are_data_and_stay_as_written_while_the_properties_inside_are_renamed()
    {
        var dataSet = StackResources.Render(QuickSightFolder.Load(), new StackValues("444455556666", "eu-central-1", "prod", "wg", "db",
            "arn:aws:quicksight:eu-central-1:444455556666:group/default/analysts", "v")).Single(r => r.Name == "daily-metrics");
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(QuickSightFolder.Path, "schemas", "aws-quicksight-dataset.json")))!.AsObject();

        var inputs = AwsNativeProperties.From(dataSet.Properties, schema);

        var physical = (ImmutableDictionary<string, object?>)inputs["physicalTableMap"]!;
        Assert.That(physical.Keys, Is.EquivalentTo(dataSet.Properties["PhysicalTableMap"]!.AsObject().Select(p => p.Key)), "map keys unchanged");
        var table = (ImmutableDictionary<string, object?>)((ImmutableDictionary<string, object?>)physical.Values.First()!)["relationalTable"]!;
        Assert.That(table["dataSourceArn"], Is.EqualTo("arn:aws:quicksight:eu-central-1:444455556666:datasource/prod-athena"));
        Assert.That(((ImmutableArray<object?>)inputs["permissions"]!).Length, Is.EqualTo(1));
        Assert.That(inputs.Keys, Has.All.Matches<string>(k => char.IsLower(k[0])));
    }
}
