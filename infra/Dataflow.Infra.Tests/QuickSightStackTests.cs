using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dataflow.Contracts.Testing;
using Dataflow.QuickSight;

namespace Dataflow.Infra.Tests;

/// <summary>
/// A stack with QuickSight on (dataflow:quicksightEnabled, a principal): the Cloud Control resources of quicksight/
/// under mocks, created in dependency order with every placeholder filled, and the dashboard URL output.
/// </summary>
[TestFixture("dev")]
[TestFixture("prod")]
public sealed partial class QuickSightStackTests(string stack)
{
    private const string Principal = "arn:aws:quicksight:eu-west-1:123456789012:group/default/dataflow-authors";
    private List<RegisteredResource> _quickSight = [];
    private List<RegisteredResource> _registered = [];
    private IDictionary<string, object?> _outputs = new Dictionary<string, object?>();

    [OneTimeSetUp]
    public async Task Deploy()
    {
        var (_, mocks, outputs) = await StackDeployment.RunAsync(stack, new Dictionary<string, string>
        {
            ["quicksightEnabled"] = "true",
            ["quicksightPrincipalArn"] = Principal,
        });
        _registered = [.. mocks.Registered];
        _quickSight = mocks.Registered.Where(r => r.Type.StartsWith("aws-native:quicksight:", StringComparison.Ordinal)).ToList();
        _outputs = outputs;
    }

    /// <summary>The inputs as aws-native receives them (camelCase names), as JSON.</summary>
    private static string Json(RegisteredResource resource) => System.Text.Json.JsonSerializer.Serialize(resource.Inputs);

    private static JsonObject DesiredState(RegisteredResource resource) => JsonNode.Parse(Json(resource))!.AsObject();

    private RegisteredResource[] OfCloudFormationType(string typeName) => _quickSight.Where(r => r.Type == Dashboards.Token(typeName)).ToArray();

    [Test]
    public void One_resource_per_file_of_quicksight()
    {
        var assets = QuickSightAssets.Load(Checkout.Repository.QuickSight);

        Assert.That(OfCloudFormationType("AWS::QuickSight::DataSource"), Has.Length.EqualTo(1));
        Assert.That(OfCloudFormationType("AWS::QuickSight::DataSet"), Has.Length.EqualTo(assets.DataSets.Count));
        Assert.That(OfCloudFormationType("AWS::QuickSight::Analysis"), Has.Length.EqualTo(1));
        Assert.That(OfCloudFormationType("AWS::QuickSight::Dashboard"), Has.Length.EqualTo(1));
        Assert.That(_quickSight, Has.Count.EqualTo(assets.DataSets.Count + 3));
    }

    [Test]
    public void Every_placeholder_is_filled_with_the_stacks_values()
    {
        foreach (var resource in _quickSight)
        {
            var json = Json(resource);
            Assert.That(Placeholder().Matches(json).Select(m => m.Value), Is.Empty, resource.Name);
            Assert.That(json, Does.Contain(Mocks.AccountId), resource.Name);
            Assert.That(json, Does.Contain(Principal), $"{resource.Name} grants the principal");
        }

        var dataSource = DesiredState(OfCloudFormationType("AWS::QuickSight::DataSource").Single());
        Assert.That((string?)dataSource["dataSourceParameters"]!["athenaParameters"]!["workGroup"], Is.EqualTo($"dataflow-{stack}"), "aws-native's camelCase names");
        Assert.That(_registered.Single(r => r.Type == "pulumi:providers:aws-native").Inputs["region"], Is.EqualTo("eu-west-1"), "the stack's region");
    }

    [Test]
    public void Data_sets_read_the_stacks_data_source_and_database()
    {
        var dataSourceId = (string)DesiredState(OfCloudFormationType("AWS::QuickSight::DataSource").Single())["dataSourceId"]!;
        var expectedArn = $"arn:aws:quicksight:eu-west-1:{Mocks.AccountId}:datasource/{dataSourceId}";

        foreach (var dataSet in OfCloudFormationType("AWS::QuickSight::DataSet"))
        {
            var json = Json(dataSet);
            Assert.That(json, Does.Contain(expectedArn), dataSet.Name);
            Assert.That(json, Does.Contain($"dataflow_{stack}_"), $"{dataSet.Name} reads the stack's Glue database");
        }
    }

    [Test]
    public void Created_in_order_data_source_then_data_sets_then_analysis_then_dashboard()
    {
        var source = OfCloudFormationType("AWS::QuickSight::DataSource").Single();
        var dataSets = OfCloudFormationType("AWS::QuickSight::DataSet");
        var analysis = OfCloudFormationType("AWS::QuickSight::Analysis").Single();
        var dashboard = OfCloudFormationType("AWS::QuickSight::Dashboard").Single();

        // The mocks take a while over each QuickSight resource: a resource that waits for another starts after it ends.
        Assert.That(dataSets.Select(d => d.Started), Is.All.GreaterThanOrEqualTo(source.Finished));
        Assert.That(analysis.Started, Is.GreaterThanOrEqualTo(dataSets.Max(d => d.Finished)));
        Assert.That(dashboard.Started, Is.GreaterThanOrEqualTo(analysis.Finished));
    }

    [Test]
    public void The_athena_views_exist_before_any_quicksight_resource_each_after_the_views_before_it()
    {
        var views = _registered.Where(r => r.Type == "aws:glue/catalogTable:CatalogTable" && Equals(r.Inputs["tableType"], "VIRTUAL_VIEW")).OrderBy(r => r.Started).ToArray();
        var declared = Dataflow.Contracts.ViewCatalog.Load(Checkout.Contracts).Views.Select(v => v.Name);

        Assert.That(views.Select(v => v.Inputs["name"]), Is.EqualTo(declared), "in file order");
        Assert.That(views.Zip(views.Skip(1)).Select(p => p.Second.Started >= p.First.Finished), Is.All.True, "a view reads the views before it");
        Assert.That(_quickSight.Select(q => q.Started), Is.All.GreaterThanOrEqualTo(views.Max(v => v.Finished)));
    }

    [Test]
    public async Task The_dashboard_url_names_the_region_and_the_dashboard()
    {
        var dashboardId = (string)DesiredState(OfCloudFormationType("AWS::QuickSight::Dashboard").Single())["dashboardId"]!;

        Assert.That(await OutputValue((Pulumi.Output<string>)_outputs["dashboardUrl"]!), Is.EqualTo($"https://eu-west-1.quicksight.aws.amazon.com/sn/dashboards/{dashboardId}"));
    }

    private static Task<string> OutputValue(Pulumi.Output<string> output)
    {
        var value = new TaskCompletionSource<string>();
        output.Apply(v =>
        {
            value.TrySetResult(v);
            return v;
        });
        return value.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex Placeholder();
}
