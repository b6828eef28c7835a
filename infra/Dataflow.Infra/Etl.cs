using Dataflow.Contracts;
using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Etl;
using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Naming;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

public sealed record EtlArgs(StackConfig Config, StackResourceNames Names, LakeBucketNames Buckets, GlueBundle Bundle,
    Output<string> ArtifactsBucket, Output<string> PipelineKeyArn, Output<string> LakeKeyArn, IReadOnlyDictionary<string, string> Tags);

/// <summary>
/// Raw to curated: the Glue job's files (content-addressed), the Glue 5 job, the catalog database and tables from the
/// curated contract (the job points their partitions at the folders each commit names), the DQDL rulesets as Glue
/// resources, and a workflow started by the run manifest's event that runs the job.
/// </summary>
public sealed class Etl : ComponentResource
{
    public Etl(string name, EtlArgs args, ComponentResourceOptions? options = null)
        : base("dataflow:etl:Etl", name, options)
    {
        var parent = new CustomResourceOptions { Parent = this };
        var (names, buckets) = (args.Names, args.Buckets);
        var pipeline = args.Bundle.Pipeline;

        var uploads = args.Bundle.Files.Select(file => new Aws.S3.BucketObjectv2(file.Key[args.Bundle.Prefix.Length..].Replace('/', '-'), new Aws.S3.BucketObjectv2Args
        {
            Bucket = args.ArtifactsBucket,
            Key = file.Key,
            Source = file.SourcePath is { } path ? (AssetOrArchive)new FileAsset(path) : new StringAsset(file.Text!),
            Tags = args.Tags.ToDictionary(),
        }, parent)).ToList();

        var database = new Aws.Glue.CatalogDatabase("database", new Aws.Glue.CatalogDatabaseArgs
        {
            Name = names.GlueDatabase,
            Description = "Curated market data (sql/contracts/curated_tables.yaml)",
        }, parent);

        foreach (var table in pipeline.Schema.Tables)
        {
            new Aws.Glue.CatalogTable(table.Name, new Aws.Glue.CatalogTableArgs
            {
                DatabaseName = database.Name,
                Name = table.Name,
                Description = table.Description,
                TableType = "EXTERNAL_TABLE",
                Parameters = { { "classification", "parquet" }, { "EXTERNAL", "TRUE" } },
                PartitionKeys = table.PartitionKeys.Select(k => new Aws.Glue.Inputs.CatalogTablePartitionKeyArgs { Name = k.Name, Type = k.Type.Glue, Comment = k.Description }).ToList(),
                StorageDescriptor = new Aws.Glue.Inputs.CatalogTableStorageDescriptorArgs
                {
                    Location = $"s3://{buckets.Curated}/{pipeline.Layout.CuratedTablePrefix(table.Name)}",
                    InputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                    OutputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                    SerDeInfo = new Aws.Glue.Inputs.CatalogTableStorageDescriptorSerDeInfoArgs
                    {
                        SerializationLibrary = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                    },
                    Columns = table.Columns.Select(c => new Aws.Glue.Inputs.CatalogTableStorageDescriptorColumnArgs { Name = c.Name, Type = c.Type.Glue, Comment = c.Description }).ToList(),
                },
            }, parent);
        }

        foreach (var (table, dqdl) in args.Bundle.Rulesets)
        {
            new Aws.Glue.DataQualityRuleset($"ruleset-{table}", new Aws.Glue.DataQualityRulesetArgs
            {
                Name = names.GlueRuleset(table),
                Description = $"glue/rulesets/{table}.dqdl",
                // Catalog rulesets take no labels (dqdl.md); the job evaluates the bundle's copy, labels and all.
                Ruleset = GlueBundle.WithoutLabels(dqdl),
                TargetTable = new Aws.Glue.Inputs.DataQualityRulesetTargetTableArgs { DatabaseName = database.Name, TableName = table },
                Tags = args.Tags.ToDictionary(),
            }, parent);
        }

        // The job's log groups, declared so they have the stack's retention (Glue would create them without one).
        var logGroups = names.GlueLogGroups.Select(group => new Aws.CloudWatch.LogGroup($"job-logs-{group.Split('/')[^1]}", new Aws.CloudWatch.LogGroupArgs
        {
            Name = group,
            RetentionInDays = args.Config.Compute.LogRetentionDays,
            KmsKeyId = args.PipelineKeyArn,
            Tags = args.Tags.ToDictionary(),
        }, parent)).ToList();

        // Logs and bookmarks under the pipeline key; the job's S3 writes under the lake key, as the buckets' default.
        var security = new Aws.Glue.SecurityConfiguration("security", new Aws.Glue.SecurityConfigurationArgs
        {
            Name = names.GlueSecurityConfiguration,
            EncryptionConfiguration = new Aws.Glue.Inputs.SecurityConfigurationEncryptionConfigurationArgs
            {
                CloudwatchEncryption = new Aws.Glue.Inputs.SecurityConfigurationEncryptionConfigurationCloudwatchEncryptionArgs
                {
                    CloudwatchEncryptionMode = "SSE-KMS",
                    KmsKeyArn = args.PipelineKeyArn,
                },
                JobBookmarksEncryption = new Aws.Glue.Inputs.SecurityConfigurationEncryptionConfigurationJobBookmarksEncryptionArgs
                {
                    JobBookmarksEncryptionMode = "CSE-KMS",
                    KmsKeyArn = args.PipelineKeyArn,
                },
                S3Encryption = new Aws.Glue.Inputs.SecurityConfigurationEncryptionConfigurationS3EncryptionArgs { S3EncryptionMode = "SSE-KMS", KmsKeyArn = args.LakeKeyArn },
            },
        }, parent);

        var jobRole = ServiceRole.Declare("job", "glue.amazonaws.com", PipelinePolicies.GlueJob(names, buckets, pipeline.Layout), names, args.Tags, this);

        var job = new Aws.Glue.Job("job", new Aws.Glue.JobArgs
        {
            Name = names.GlueJob,
            RoleArn = jobRole.Arn,
            GlueVersion = "5.0",
            SecurityConfiguration = security.Name,
            WorkerType = args.Config.Compute.GlueWorkerType,
            NumberOfWorkers = args.Config.Compute.GlueWorkers,
            Timeout = 60,
            MaxRetries = 0,
            ExecutionProperty = new Aws.Glue.Inputs.JobExecutionPropertyArgs { MaxConcurrentRuns = 1 },
            Command = new Aws.Glue.Inputs.JobCommandArgs
            {
                Name = "glueetl",
                PythonVersion = "3",
                ScriptLocation = $"s3://{buckets.Artifacts}/{args.Bundle.ScriptKey}",
            },
            DefaultArguments = args.Bundle.JobArguments(buckets.Raw, buckets.Curated, buckets.Artifacts, names.GlueEvaluationContext, names.GlueLogGroupPrefix).ToDictionary(),
            Tags = args.Tags.ToDictionary(),
        }, new CustomResourceOptions { Parent = this, DependsOn = uploads.Cast<Resource>().Concat(logGroups).ToList() });

        var workflow = new Aws.Glue.Workflow("workflow", new Aws.Glue.WorkflowArgs
        {
            Name = names.GlueWorkflow,
            Description = "Run manifest lands in raw -> ETL job (it switches the catalog's partitions itself)",
            MaxConcurrentRuns = 1,
            Tags = args.Tags.ToDictionary(),
        }, parent);

        new Aws.Glue.Trigger("on-manifest", new Aws.Glue.TriggerArgs
        {
            Type = "EVENT",
            WorkflowName = workflow.Name,
            Actions = { new Aws.Glue.Inputs.TriggerActionArgs { JobName = job.Name } },
            EventBatchingConditions = { new Aws.Glue.Inputs.TriggerEventBatchingConditionArgs { BatchSize = 1, BatchWindow = 900 } },
            Tags = args.Tags.ToDictionary(),
        }, parent);

        var eventsRole = ServiceRole.Declare("events", "events.amazonaws.com", PipelinePolicies.EventsToGlue(names), names, args.Tags, this);

        var rule = new Aws.CloudWatch.EventRule("manifest-created", new Aws.CloudWatch.EventRuleArgs
        {
            Description = "An ingestion run completed: its manifest landed in the raw zone",
            EventPattern = EtlTrigger.ManifestCreatedPattern(buckets.Raw, pipeline.Layout),
            Tags = args.Tags.ToDictionary(),
        }, parent);
        new Aws.CloudWatch.EventTarget("manifest-to-workflow", new Aws.CloudWatch.EventTargetArgs
        {
            Rule = rule.Name,
            Arn = workflow.Arn,
            RoleArn = eventsRole.Arn,
        }, parent);

        JobName = job.Name;
        DatabaseName = database.Name;
        RegisterOutputs();
    }

    [Output("jobName")]
    public Output<string> JobName { get; private set; }

    [Output("databaseName")]
    public Output<string> DatabaseName { get; private set; }
}
