using Dataflow.QuickSight;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

public sealed record DashboardsArgs(QuickSightAssets Assets, Output<StackValues> Values);

/// <summary>
/// QuickSight from quicksight/ through Cloud Control: the data source, data sets, analysis and dashboard, their
/// placeholders filled by <see cref="StackResources"/> (tested in the root solution), created in dependency order.
/// </summary>
public sealed class Dashboards : ComponentResource
{
    public Dashboards(string name, DashboardsArgs args, ComponentResourceOptions? options = null)
        : base("dataflow:dashboards:Dashboards", name, options)
    {
        var rendered = args.Values.Apply(v => StackResources.Render(args.Assets, v));
        var created = new List<Resource>();
        // The resource list's shape (names, types, order) does not depend on the stack values, only their contents do.
        foreach (var (resource, index) in StackResources.Render(args.Assets, StackValues.Example).Select((r, i) => (r, i)))
        {
            var isDataSource = resource.TypeName == "AWS::QuickSight::DataSource";
            var isDataSet = resource.TypeName == "AWS::QuickSight::DataSet";
            var dependsOn = isDataSource ? new List<Resource>() : created.Where(c => !isDataSet || c.GetResourceName() == "qs-data-source").ToList();
            var cloudControl = new Aws.CloudControl.Resource($"qs-{resource.Name}", new Aws.CloudControl.ResourceArgs
            {
                TypeName = resource.TypeName,
                DesiredState = rendered.Apply(all => all[index].Properties.ToJsonString()),
            }, new CustomResourceOptions { Parent = this, DependsOn = dependsOn });
            created.Add(cloudControl);
        }

        DashboardUrl = Output.Tuple(args.Values, rendered).Apply(t =>
            $"https://{t.Item1.Region}.quicksight.aws.amazon.com/sn/dashboards/{(string)t.Item2.Single(r => r.Name == "dashboard").Properties["DashboardId"]!}");
        RegisterOutputs();
    }

    [Output("dashboardUrl")]
    public Output<string> DashboardUrl { get; private set; }
}
