using Dataflow.Infra.Model.Analytics;
using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Naming;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

public sealed record AnalyticsArgs(StackConfig Config, Output<StackResourceNames> Names, Output<string> ResultsBucket, Output<string> DatabaseName,
    IReadOnlyList<AthenaStatement> Statements, IReadOnlyDictionary<string, string> Tags);

/// <summary>
/// Athena: a workgroup that enforces its result location and encryption, caps the bytes a query may scan and publishes
/// CloudWatch metrics; the views' DDL and the insight queries of sql/athena as named queries.
/// </summary>
public sealed class Analytics : ComponentResource
{
    public Analytics(string name, AnalyticsArgs args, ComponentResourceOptions? options = null)
        : base("dataflow:analytics:Analytics", name, options)
    {
        var parent = new CustomResourceOptions { Parent = this };

        var workgroup = new Aws.Athena.Workgroup("workgroup", new Aws.Athena.WorkgroupArgs
        {
            Name = args.Names.Apply(n => n.AthenaWorkgroup),
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
                    OutputLocation = args.ResultsBucket.Apply(b => $"s3://{b}/"),
                    EncryptionConfiguration = new Aws.Athena.Inputs.WorkgroupConfigurationResultConfigurationEncryptionConfigurationArgs { EncryptionOption = "SSE_S3" },
                },
            },
            Tags = args.Tags.ToDictionary(),
        }, parent);

        foreach (var statement in args.Statements)
        {
            new Aws.Athena.NamedQuery(statement.Name, new Aws.Athena.NamedQueryArgs
            {
                Name = statement.Name,
                Description = statement.Description,
                Database = args.DatabaseName,
                Workgroup = workgroup.Name,
                Query = statement.Sql,
            }, parent);
        }

        WorkgroupName = workgroup.Name;
        RegisterOutputs();
    }

    [Output("workgroupName")]
    public Output<string> WorkgroupName { get; private set; }
}
