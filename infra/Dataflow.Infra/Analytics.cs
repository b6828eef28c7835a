using System.Collections.Immutable;
using Dataflow.Infra.Model.Analytics;
using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Naming;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

public sealed record AnalyticsArgs(StackConfig Config, StackResourceNames Names, string ResultsBucket,
    IReadOnlyList<AthenaStatement> Statements, IReadOnlyDictionary<string, string> Tags);

/// <summary>
/// Athena: a workgroup that enforces its result location and encryption, caps the bytes a query may scan and publishes
/// CloudWatch metrics; the views' DDL and the insight queries of sql/athena as named queries. The views' query ids,
/// in dependency order, are what <c>infra/create-views.sh</c> runs after <c>pulumi up</c>.
/// </summary>
public sealed class Analytics : ComponentResource
{
    public Analytics(string name, AnalyticsArgs args, ComponentResourceOptions? options = null)
        : base("dataflow:analytics:Analytics", name, options)
    {
        var parent = new CustomResourceOptions { Parent = this };

        var workgroup = new Aws.Athena.Workgroup("workgroup", new Aws.Athena.WorkgroupArgs
        {
            Name = args.Names.AthenaWorkgroup,
            Description = "AWS Dataflow insights over the curated zone",
            ForceDestroy = args.Config.ForceDestroy,
            Configuration = new Aws.Athena.Inputs.WorkgroupConfigurationArgs
            {
                EnforceWorkgroupConfiguration = true,
                PublishCloudwatchMetricsEnabled = true,
                BytesScannedCutoffPerQuery = args.Config.Compute.AthenaBytesScannedCutoff,
                EngineVersion = new Aws.Athena.Inputs.WorkgroupConfigurationEngineVersionArgs { SelectedEngineVersion = "Athena engine version 3" },
                ResultConfiguration = new Aws.Athena.Inputs.WorkgroupConfigurationResultConfigurationArgs
                {
                    OutputLocation = $"s3://{args.ResultsBucket}/",
                    EncryptionConfiguration = new Aws.Athena.Inputs.WorkgroupConfigurationResultConfigurationEncryptionConfigurationArgs { EncryptionOption = "SSE_S3" },
                },
            },
            Tags = args.Tags.ToDictionary(),
        }, parent);

        var views = new List<Output<string>>();
        foreach (var statement in args.Statements)
        {
            var query = new Aws.Athena.NamedQuery(statement.Name, new Aws.Athena.NamedQueryArgs
            {
                Name = statement.Name,
                Description = statement.Description,
                Database = args.Names.GlueDatabase,
                Workgroup = workgroup.Name,
                Query = statement.Sql,
            }, parent);
            if (statement.IsView)
            {
                views.Add(query.Id);
            }
        }

        WorkgroupName = workgroup.Name;
        ViewQueryIds = Output.All(views);
        RegisterOutputs();
    }

    [Output("workgroupName")]
    public Output<string> WorkgroupName { get; private set; }

    [Output("viewQueryIds")]
    public Output<ImmutableArray<string>> ViewQueryIds { get; private set; }
}
