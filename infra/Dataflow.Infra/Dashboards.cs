using System.Text.Json.Nodes;
using Dataflow.QuickSight;
using Pulumi;
using AwsNative = Pulumi.AwsNative;

namespace Dataflow.Infra;

/// <param name="Views">The Athena views the data sets read: every QuickSight resource is created after them.</param>
public sealed record DashboardsArgs(IReadOnlyList<QuickSightResource> Resources, IReadOnlyDictionary<string, JsonObject> Schemas, string Region,
    IReadOnlyList<Resource> Views);

/// <summary>
/// QuickSight from quicksight/ through the aws-native provider: the data source, data sets, analysis and dashboard,
/// rendered for the stack by <see cref="StackResources"/> (tested in the root solution), each created after what it
/// reads: data sets after the data source, the analysis after the data sets, the dashboard after the analysis.
/// aws-native is built on Cloud Control's schemas and handles their write-only properties (an analysis' and a
/// dashboard's <c>Definition</c>) on update. The resources are untyped (<c>DictionaryResourceArgs</c>) on purpose: the
/// repository's JSON stays the single source, mapped to aws-native's camelCase wire names by
/// <see cref="AwsNativeProperties"/>, instead of being re-typed as thousands of generated QuickSight classes.
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

        // The provider's region is the stack's (aws-native does not read aws:region).
        var provider = new AwsNative.Provider("aws-native", new AwsNative.ProviderArgs { Region = args.Region }, new CustomResourceOptions { Parent = this });
        var created = new List<Resource>(args.Views);
        foreach (var stage in Order)
        {
            var before = created.ToList();
            foreach (var resource in args.Resources.Where(r => r.TypeName == stage))
            {
                created.Add(new CustomResource(Token(resource.TypeName), $"qs-{resource.Name}",
                    new DictionaryResourceArgs(AwsNativeProperties.From(resource.Properties, args.Schemas[resource.TypeName])),
                    new CustomResourceOptions { Parent = this, Provider = provider, DependsOn = before }));
            }
        }

        var dashboardId = (string)args.Resources.Single(r => r.TypeName == "AWS::QuickSight::Dashboard").Properties["DashboardId"]!;
        DashboardUrl = Output.Create($"https://{args.Region}.quicksight.aws.amazon.com/sn/dashboards/{dashboardId}");
        RegisterOutputs();
    }

    /// <summary>aws-native's token of a CloudFormation type: <c>AWS::QuickSight::DataSet</c> → <c>aws-native:quicksight:DataSet</c>.</summary>
    public static string Token(string typeName) => typeName.Split("::") is ["AWS", var module, var type]
        ? $"aws-native:{module.ToLowerInvariant()}:{type}"
        : throw new ArgumentException($"'{typeName}' is not a CloudFormation type name", nameof(typeName));

    [Output("dashboardUrl")]
    public Output<string> DashboardUrl { get; private set; }
}
