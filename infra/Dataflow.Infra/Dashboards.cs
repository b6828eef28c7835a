using Dataflow.QuickSight;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

public sealed record DashboardsArgs(IReadOnlyList<QuickSightResource> Resources, string Region);

/// <summary>
/// QuickSight from quicksight/ through Cloud Control: the data source, data sets, analysis and dashboard, rendered for
/// the stack by <see cref="StackResources"/> (tested in the root solution), each created after what it reads: data sets
/// after the data source, the analysis after the data sets, the dashboard after the analysis.
/// </summary>
public sealed class Dashboards : ComponentResource
{
    /// <summary>Creation order by CloudFormation type: each type waits for every resource of the types before it.</summary>
    private static readonly string[] Order = ["AWS::QuickSight::DataSource", "AWS::QuickSight::DataSet", "AWS::QuickSight::Analysis", "AWS::QuickSight::Dashboard"];

    public Dashboards(string name, DashboardsArgs args, ComponentResourceOptions? options = null)
        : base("dataflow:dashboards:Dashboards", name, options)
    {
        var unknown = args.Resources.Where(r => !Order.Contains(r.TypeName)).Select(r => $"{r.Name} ({r.TypeName})").ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"quicksight/: no creation order for {string.Join(", ", unknown)}", nameof(args));
        }

        var created = new List<Resource>();
        foreach (var stage in Order)
        {
            var before = created.ToList();
            foreach (var resource in args.Resources.Where(r => r.TypeName == stage))
            {
                created.Add(new Aws.CloudControl.Resource($"qs-{resource.Name}", new Aws.CloudControl.ResourceArgs
                {
                    TypeName = resource.TypeName,
                    DesiredState = resource.Properties.ToJsonString(),
                }, new CustomResourceOptions { Parent = this, DependsOn = before }));
            }
        }

        var dashboardId = (string)args.Resources.Single(r => r.TypeName == "AWS::QuickSight::Dashboard").Properties["DashboardId"]!;
        DashboardUrl = Output.Create($"https://{args.Region}.quicksight.aws.amazon.com/sn/dashboards/{dashboardId}");
        RegisterOutputs();
    }

    [Output("dashboardUrl")]
    public Output<string> DashboardUrl { get; private set; }
}
