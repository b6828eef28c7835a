using System.Collections.Immutable;
using Dataflow.Infra.Model.Analytics;
using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Naming;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

public sealed record AnalyticsArgs(StackConfig Config, StackResourceNames Names, string ResultsBucket, Output<string> LakeKeyArn, Output<string> Database,
    IReadOnlyList<CatalogView> Views, IReadOnlyList<AthenaStatement> Queries, IReadOnlyDictionary<string, string> Tags);

/// <summary>
/// Athena: a workgroup that enforces its result location and encryption, caps the bytes a query may scan and publishes
/// CloudWatch metrics; the views of sql/athena/views as Glue catalog views (each after the views before it, which it
/// may read); the insight queries of sql/athena/queries as named queries.
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
                    EncryptionConfiguration = new Aws.Athena.Inputs.WorkgroupConfigurationResultConfigurationEncryptionConfigurationArgs
                    {
                        EncryptionOption = "SSE_KMS",
                        KmsKeyArn = args.LakeKeyArn,
                    },
                },
            },
            Tags = args.Tags.ToDictionary(),
        }, parent);

        var views = new List<Resource>();
        foreach (var view in args.Views)
        {
            views.Add(new Aws.Glue.CatalogTable($"view-{view.Name}", new Aws.Glue.CatalogTableArgs
            {
                DatabaseName = args.Database,
                Name = view.Name,
                Description = view.Description,
                TableType = CatalogView.TableType,
                Parameters = CatalogView.Parameters.ToDictionary(),
                ViewOriginalText = view.OriginalText,
                ViewExpandedText = CatalogView.ExpandedText,
                StorageDescriptor = new Aws.Glue.Inputs.CatalogTableStorageDescriptorArgs
                {
                    Columns = view.Columns.Select(c => new Aws.Glue.Inputs.CatalogTableStorageDescriptorColumnArgs { Name = c.Name, Type = c.Type.Glue }).ToList(),
                },
            }, new CustomResourceOptions { Parent = this, DependsOn = views.ToList() }));
        }

        foreach (var query in args.Queries)
        {
            new Aws.Athena.NamedQuery(query.Name, new Aws.Athena.NamedQueryArgs
            {
                Name = query.Name,
                Description = query.Description,
                Database = args.Database,
                Workgroup = workgroup.Name,
                Query = query.Sql,
            }, parent);
        }

        WorkgroupName = workgroup.Name;
        ViewNames = Output.Create(args.Views.Select(v => v.Name).ToImmutableArray());
        Views = views;
        RegisterOutputs();
    }

    [Output("workgroupName")]
    public Output<string> WorkgroupName { get; private set; }

    /// <summary>The views in the Glue catalog, in creation order.</summary>
    [Output("viewNames")]
    public Output<ImmutableArray<string>> ViewNames { get; private set; }

    /// <summary>The view resources: what reads a view (the QuickSight data sets) is created after them.</summary>
    public IReadOnlyList<Resource> Views { get; }
}
