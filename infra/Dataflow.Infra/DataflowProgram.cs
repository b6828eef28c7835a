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
/// dashboards, monitoring. The account is resolved first, so every name, policy and list is a plain value from
/// Dataflow.Infra.Model; this program only wires the stages together.
/// </summary>
public static class DataflowProgram
{
    public static async Task<IDictionary<string, object?>> RunAsync(Repository repository)
    {
        var config = StackConfigReader.Read(repository);
        var identity = await Aws.GetCallerIdentity.InvokeAsync();
        var names = new StackResourceNames(config.Project, config.Stack, config.Region, identity.AccountId);
        var bundle = GlueBundle.FromRepository(repository);
        var layout = bundle.Pipeline.Layout;
        var buckets = LakeBucketNames.For(config, layout, identity.AccountId);

        var lake = new DataLake("lake", new DataLakeArgs(config, layout, names));
        var key = new PipelineKey("pipeline-key", names, ResourceTags.For(config, "security"));

        var ingestion = new Ingestion("ingestion", new IngestionArgs(config, names, buckets, layout,
            new Config().RequireSecret("twelveDataApiKey"), key.Arn, Path.Combine(repository.Root, IngestionFunctionSpec.PackagePath), ResourceTags.For(config, "ingestion")),
            new ComponentResourceOptions { DependsOn = { lake } });

        var etl = new Etl("etl", new EtlArgs(config, names, buckets, bundle, lake.BucketName(LakeLayout.Artifacts), key.Arn, lake.KeyArn, ResourceTags.For(config, "etl")),
            new ComponentResourceOptions { DependsOn = { lake } });

        var analytics = new Analytics("analytics", new AnalyticsArgs(config, names, buckets.AthenaResults, lake.KeyArn, etl.DatabaseName,
            CatalogViews.FromRepository(repository, names.GlueDatabase), AthenaStatements.FromRepository(repository),
            ResourceTags.For(config, "analytics")), new ComponentResourceOptions { DependsOn = { lake, etl } });

        var dashboardUrl = Output.Create("(QuickSight is off for this stack: dataflow:quicksightEnabled)");
        if (config.Dashboards.Enabled)
        {
            var values = new StackValues(identity.AccountId, config.Region, config.Stack, names.AthenaWorkgroup, names.GlueDatabase,
                config.Dashboards.PrincipalArn, $"deployed by pulumi up of stack {config.Stack}");
            var dashboards = new Dashboards("dashboards", new DashboardsArgs(StackResources.Render(QuickSightAssets.Load(repository.QuickSight), values),
                SchemaValidator.LoadJson(Path.Combine(repository.QuickSight, "schemas")), config.Region, analytics.Views));
            dashboardUrl = dashboards.DashboardUrl;
        }

        var monitoring = new Monitoring("monitoring", new MonitoringArgs(PipelineMonitoring.For(config, names, buckets, bundle.GatedTables),
            config.AlarmEmail, ResourceTags.For(config, "monitoring")), new ComponentResourceOptions { DependsOn = { ingestion, etl } });

        return new Dictionary<string, object?>
        {
            ["rawBucketName"] = lake.BucketName(LakeLayout.Raw),
            ["curatedBucketName"] = lake.BucketName(LakeLayout.Curated),
            ["athenaResultsBucketName"] = lake.BucketName(LakeLayout.AthenaResults),
            ["artifactsBucketName"] = lake.BucketName(LakeLayout.Artifacts),
            ["ingestionFunctionName"] = ingestion.FunctionName,
            ["glueJobName"] = etl.JobName,
            ["glueDatabaseName"] = etl.DatabaseName,
            ["athenaWorkgroupName"] = analytics.WorkgroupName,
            ["athenaViewNames"] = analytics.ViewNames,
            ["alarmTopicArn"] = monitoring.AlarmTopicArn,
            ["cloudWatchDashboardName"] = monitoring.DashboardName,
            ["dashboardUrl"] = dashboardUrl,
        };
    }
}
