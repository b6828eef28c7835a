using Dataflow.Contracts;
using Dataflow.Infra.Model.Analytics;
using Dataflow.Infra.Model.Etl;
using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Ingestion;
using Dataflow.Infra.Model.Monitoring;
using Dataflow.Infra.Model.Naming;
using Dataflow.QuickSight;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

/// <summary>
/// The whole pipeline of one stack, stage by stage in the order data flows: lake, ingestion, ETL, analytics,
/// dashboards, monitoring. Every decision comes from Dataflow.Infra.Model; this class only wires the stages together.
/// </summary>
public sealed class DataflowPipeline : Stack
{
    public DataflowPipeline()
    {
        var config = StackConfigReader.Read();
        // Pulumi runs the program from its folder in the checkout; the binaries sit inside it too.
        var root = RepositoryRoot.Above(Directory.GetCurrentDirectory()) ?? RepositoryRoot.AboveBinaries;
        var contracts = ContractFiles.FromRepository(root);
        var layout = LakeLayout.Load(contracts);
        var schema = CuratedSchema.Load(contracts);
        var accountId = Aws.GetCallerIdentity.Invoke().Apply(identity => identity.AccountId);
        var names = accountId.Apply(id => new StackResourceNames(config.Project, config.Stack, config.Region, id));
        var bundle = GlueBundle.FromRepository(root);
        var gatedTables = bundle.GatedTables;

        var lake = new DataLake("lake", new DataLakeArgs(config, layout, accountId));
        var buckets = Output.Tuple(lake.BucketName(LakeLayout.Raw), lake.BucketName(LakeLayout.Curated), lake.BucketName(LakeLayout.AthenaResults), lake.BucketName(LakeLayout.Artifacts))
            .Apply(b => new LakeBucketNames(b.Item1, b.Item2, b.Item3, b.Item4));

        var ingestion = new Ingestion("ingestion", new IngestionArgs(config, names, buckets, layout,
            new Config().RequireSecret("twelveDataApiKey"), Path.Combine(root, IngestionFunctionSpec.PackagePath), ResourceTags.For(config, "ingestion")));

        var etl = new Etl("etl", new EtlArgs(config, names, buckets, layout, schema, bundle, ResourceTags.For(config, "etl")),
            new ComponentResourceOptions { DependsOn = { lake } });

        var analytics = new Analytics("analytics", new AnalyticsArgs(config, names, lake.BucketName(LakeLayout.AthenaResults), etl.DatabaseName,
            AthenaStatements.FromRepository(root), ResourceTags.For(config, "analytics")));

        if (config.Dashboards.Enabled)
        {
            var values = Output.Tuple(names, analytics.WorkgroupName).Apply(t => new StackValues(t.Item1.AccountId, config.Region, config.Stack, t.Item2,
                t.Item1.GlueDatabase, config.Dashboards.PrincipalArn, $"deployed by pulumi up of stack {config.Stack}"));
            var dashboards = new Dashboards("dashboards", new DashboardsArgs(QuickSightAssets.Load(Path.Combine(root, "quicksight")), values),
                new ComponentResourceOptions { DependsOn = { analytics } });
            DashboardUrl = dashboards.DashboardUrl;
        }
        else
        {
            DashboardUrl = Output.Create("(QuickSight is off for this stack: dataflow:quicksightEnabled)");
        }

        // The alarm list's shape depends only on configuration; a model with a placeholder account gives it.
        var shapes = new PipelineMonitoring(new StackResourceNames(config.Project, config.Stack, config.Region, "000000000000"), config.Interval,
            new LakeBucketNames("raw", "curated", "results", "artifacts"), gatedTables);
        var monitoring = new Monitoring("monitoring", new MonitoringArgs(
            Output.Tuple(names, buckets).Apply(t => new PipelineMonitoring(t.Item1, config.Interval, t.Item2, gatedTables)),
            shapes.Alarms, shapes.EventRules, config.AlarmEmail, ResourceTags.For(config, "monitoring")));

        RawBucketName = lake.BucketName(LakeLayout.Raw);
        CuratedBucketName = lake.BucketName(LakeLayout.Curated);
        AthenaResultsBucketName = lake.BucketName(LakeLayout.AthenaResults);
        ArtifactsBucketName = lake.BucketName(LakeLayout.Artifacts);
        IngestionFunctionName = ingestion.FunctionName;
        GlueJobName = etl.JobName;
        GlueDatabaseName = etl.DatabaseName;
        AthenaWorkgroupName = analytics.WorkgroupName;
        AlarmTopicArn = monitoring.AlarmTopicArn;
        CloudWatchDashboardName = monitoring.DashboardName;
    }

    [Output("rawBucketName")]
    public Output<string> RawBucketName { get; private set; }

    [Output("curatedBucketName")]
    public Output<string> CuratedBucketName { get; private set; }

    [Output("athenaResultsBucketName")]
    public Output<string> AthenaResultsBucketName { get; private set; }

    [Output("artifactsBucketName")]
    public Output<string> ArtifactsBucketName { get; private set; }

    [Output("ingestionFunctionName")]
    public Output<string> IngestionFunctionName { get; private set; }

    [Output("glueJobName")]
    public Output<string> GlueJobName { get; private set; }

    [Output("glueDatabaseName")]
    public Output<string> GlueDatabaseName { get; private set; }

    [Output("athenaWorkgroupName")]
    public Output<string> AthenaWorkgroupName { get; private set; }

    [Output("alarmTopicArn")]
    public Output<string> AlarmTopicArn { get; private set; }

    [Output("cloudWatchDashboardName")]
    public Output<string> CloudWatchDashboardName { get; private set; }

    [Output("dashboardUrl")]
    public Output<string> DashboardUrl { get; private set; }
}
