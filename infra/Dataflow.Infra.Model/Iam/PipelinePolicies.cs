using Dataflow.Contracts;
using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Etl;
using Dataflow.Infra.Model.Naming;

namespace Dataflow.Infra.Model.Iam;

/// <summary>The lake's four bucket names, as the policies need them.</summary>
public sealed record LakeBucketNames(string Raw, string Curated, string AthenaResults, string Artifacts)
{
    /// <summary>The names <see cref="ResourceNames.Bucket"/> gives a stack's buckets in an account.</summary>
    public static LakeBucketNames For(StackConfig config, LakeLayout layout, string accountId)
    {
        string Name(string zone) => ResourceNames.Bucket(layout, config.Project, config.Stack, zone, accountId);
        return new(Name(LakeLayout.Raw), Name(LakeLayout.Curated), Name(LakeLayout.AthenaResults), Name(LakeLayout.Artifacts));
    }
}

/// <summary>
/// Least-privilege policies of the pipeline's roles: each names the actions its code calls and the resources it
/// touches, nothing more. <see cref="PolicyAudit"/> checks them in the tests.
/// </summary>
public static class PipelinePolicies
{
    /// <summary>
    /// The trust policy of a role <paramref name="service"/> assumes, conditioned on this account (and, for EventBridge,
    /// its rules) where the service sends that context when it assumes the role: Scheduler and EventBridge document it.
    /// Lambda and Glue do not send it for their execution roles, and a condition there would stop the function and job.
    /// </summary>
    public static PolicyDocument AssumedBy(string service, StackResourceNames names) => new(
        new PolicyStatement("TrustService", PolicyEffect.Allow, ["sts:AssumeRole"], [], PolicyPrincipal.Service(service), service switch
        {
            "scheduler.amazonaws.com" => [new PolicyCondition("StringEquals", "aws:SourceAccount", [names.AccountId])],
            "events.amazonaws.com" =>
            [
                new PolicyCondition("StringEquals", "aws:SourceAccount", [names.AccountId]),
                new PolicyCondition("ArnLike", "aws:SourceArn", [names.RuleArns]),
            ],
            _ => null,
        }));

    /// <summary>
    /// The alarm topic's policy: CloudWatch alarms and EventBridge rules of this account may publish, nothing else
    /// (both services send their source account and ARN with the publish).
    /// </summary>
    public static PolicyDocument AlarmTopic(string topicArn, StackResourceNames names) => new(
        new PolicyStatement("CloudWatchAlarms", PolicyEffect.Allow, ["sns:Publish"], [topicArn], PolicyPrincipal.Service("cloudwatch.amazonaws.com"),
        [
            new PolicyCondition("StringEquals", "aws:SourceAccount", [names.AccountId]),
            new PolicyCondition("ArnLike", "aws:SourceArn", [names.AlarmArns]),
        ]),
        new PolicyStatement("EventBridgeRules", PolicyEffect.Allow, ["sns:Publish"], [topicArn], PolicyPrincipal.Service("events.amazonaws.com"),
        [
            new PolicyCondition("StringEquals", "aws:SourceAccount", [names.AccountId]),
            new PolicyCondition("ArnLike", "aws:SourceArn", [names.RuleArns]),
        ]));

    /// <summary>
    /// The ingestion Lambda: write raw objects and read them back (a resumed run and a backfill's next attempt ask what
    /// is stored; create-only writes compare bytes on a conflict), read its API key, write its own logs, hand failed runs
    /// to its queue. ListBucket on the raw bucket makes S3 answer a missing key with 404 rather than 403: "not stored yet"
    /// is the common answer of a resume (the check S3 makes for it carries no prefix, so it is not conditioned on one).
    /// </summary>
    public static PolicyDocument Ingestion(StackResourceNames names, LakeBucketNames buckets, LakeLayout layout) => new(
        new PolicyStatement("WriteRawZone", PolicyEffect.Allow, ["s3:PutObject"], [.. layout.RawFolders.Select(f => $"{StackResourceNames.BucketArn(buckets.Raw)}/{f}*")]),
        new PolicyStatement("ReadRawZone", PolicyEffect.Allow, ["s3:GetObject"], [.. layout.RawFolders.Select(f => $"{StackResourceNames.BucketArn(buckets.Raw)}/{f}*")]),
        new PolicyStatement("KnowMissingRawKeys", PolicyEffect.Allow, ["s3:ListBucket"], [StackResourceNames.BucketArn(buckets.Raw)]),
        LakeKeyThroughS3(names),
        new PolicyStatement("ReadApiKey", PolicyEffect.Allow, ["ssm:GetParameter"], [names.ParameterArn]),
        new PolicyStatement("DecryptApiKey", PolicyEffect.Allow, ["kms:Decrypt"], [names.KmsKeysArn], null,
        [
            PipelineKey(names),
            new PolicyCondition("StringEquals", "kms:ViaService", [$"ssm.{names.Region}.amazonaws.com"]),
        ]),
        new PolicyStatement("WriteOwnLogs", PolicyEffect.Allow, ["logs:CreateLogStream", "logs:PutLogEvents"], [names.LogGroupArn(names.IngestionLogGroup) + ":*"]),
        new PolicyStatement("FailedRunsToQueue", PolicyEffect.Allow, ["sqs:SendMessage"], [names.QueueArn]),
        new PolicyStatement("ActiveTracing", PolicyEffect.Allow, ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], ["*"]));

    /// <summary>EventBridge Scheduler: invoke the function, park what it could not deliver in the dead-letter queue.</summary>
    public static PolicyDocument Scheduler(StackResourceNames names) => new(
        new PolicyStatement("InvokeIngestion", PolicyEffect.Allow, ["lambda:InvokeFunction"], [names.FunctionArn, names.FunctionArn + ":*"]),
        new PolicyStatement("DeadLetter", PolicyEffect.Allow, ["sqs:SendMessage"], [names.QueueArn]));

    /// <summary>
    /// The dead-letter queue's own policy: EventBridge parks a re-fetch request it could not deliver, for the re-fetch
    /// rule only (a rule target's dead-letter queue is written by the service, not by a role).
    /// </summary>
    public static PolicyDocument DeadLetterQueue(StackResourceNames names) => new(
        new PolicyStatement("UndeliveredRefetches", PolicyEffect.Allow, ["sqs:SendMessage"], [names.QueueArn], PolicyPrincipal.Service("events.amazonaws.com"),
            [new PolicyCondition("ArnEquals", "aws:SourceArn", [names.RefetchRuleArn])]));

    /// <summary>EventBridge: hand the run manifest's event to the Glue workflow.</summary>
    public static PolicyDocument EventsToGlue(StackResourceNames names) => new(
        new PolicyStatement("StartWorkflow", PolicyEffect.Allow, ["glue:NotifyEvent"], [names.GlueWorkflowArn]));

    /// <summary>
    /// The Glue job: read run manifests, raw responses and its own artifacts; write curated partitions and the commit;
    /// switch the catalog's partitions to the commit; evaluate and publish data quality; ask for the history of a symbol
    /// whose split it recorded (events of its own source only, on the default bus).
    /// </summary>
    public static PolicyDocument GlueJob(StackResourceNames names, LakeBucketNames buckets, LakeLayout layout) => new(
        new PolicyStatement("ListLake", PolicyEffect.Allow, ["s3:ListBucket"],
            [StackResourceNames.BucketArn(buckets.Raw), StackResourceNames.BucketArn(buckets.Curated), StackResourceNames.BucketArn(buckets.Artifacts)]),
        new PolicyStatement("ReadRawZone", PolicyEffect.Allow, ["s3:GetObject"], [.. layout.RawFolders.Select(f => $"{StackResourceNames.BucketArn(buckets.Raw)}/{f}*")]),
        new PolicyStatement("ReadArtifacts", PolicyEffect.Allow, ["s3:GetObject"], [$"{StackResourceNames.BucketArn(buckets.Artifacts)}/{GlueBundle.KeyRoot}*"]),
        new PolicyStatement("WriteCuratedZone", PolicyEffect.Allow, ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], [$"{StackResourceNames.BucketArn(buckets.Curated)}/*"]),
        new PolicyStatement("SwitchCatalogPartitions", PolicyEffect.Allow,
            ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions", "glue:BatchCreatePartition", "glue:BatchUpdatePartition", "glue:BatchDeletePartition"],
            [names.GlueCatalogArn, names.GlueDatabaseArn, names.GlueTablesArn]),
        new PolicyStatement("DataQuality", PolicyEffect.Allow, ["glue:GetDataQualityRuleset", "glue:PublishDataQuality"], [names.GlueRulesetsArn]),
        new PolicyStatement("RequestHistoryRefetch", PolicyEffect.Allow, ["events:PutEvents"], [names.DefaultEventBusArn], null,
            [new PolicyCondition("StringEquals", "events:source", [Contracts.Ingestion.RefetchEvent.Source])]),
        new PolicyStatement("JobMetrics", PolicyEffect.Allow, ["cloudwatch:PutMetricData"], ["*"], null,
            [new PolicyCondition("StringEquals", "cloudwatch:namespace", ["Glue", "Glue Data Quality"])]),
        new PolicyStatement("JobTempDir", PolicyEffect.Allow, ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            [$"{StackResourceNames.BucketArn(buckets.Artifacts)}/{GlueBundle.TempRoot}*"]),
        new PolicyStatement("WriteJobLogs", PolicyEffect.Allow, ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
            [.. names.GlueLogGroups.SelectMany(g => new[] { names.LogGroupArn(g), names.LogGroupArn(g) + ":*" })]),
        LakeKeyThroughS3(names),
        // The security configuration encrypts job bookmarks client-side with the pipeline key, as the job's role.
        new PolicyStatement("EncryptBookmarks", PolicyEffect.Allow, ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], [names.KmsKeysArn], null,
            [PipelineKey(names)]));

    /// <summary>
    /// The lake key for objects the role reads and writes: S3 asks KMS as the caller for a data key (write) and to decrypt
    /// it (read); only through S3, only the stack's lake key.
    /// </summary>
    public static PolicyStatement LakeKeyThroughS3(StackResourceNames names) =>
        new("UseLakeKeyThroughS3", PolicyEffect.Allow, LakeKeyPolicy.ReaderActions, [names.KmsKeysArn], null,
        [
            new PolicyCondition("ForAnyValue:StringEquals", "kms:ResourceAliases", [names.LakeKeyAlias]),
            new PolicyCondition("StringEquals", "kms:ViaService", [$"s3.{names.Region}.amazonaws.com"]),
        ]);

    /// <summary>The condition that narrows a KMS statement on any key of the account to the stack's pipeline key.</summary>
    private static PolicyCondition PipelineKey(StackResourceNames names) =>
        new("ForAnyValue:StringEquals", "kms:ResourceAliases", [names.PipelineKeyAlias]);
}
