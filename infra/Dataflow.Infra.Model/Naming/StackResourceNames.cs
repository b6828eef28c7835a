namespace Dataflow.Infra.Model.Naming;

/// <summary>
/// Physical names and ARNs of one stack's pipeline resources, decided once so that the program, the IAM policies, the
/// dashboard and the alarms cannot disagree about them.
/// </summary>
public sealed record StackResourceNames(string Project, string Stack, string Region, string AccountId)
{
    private string Prefix => $"{Project}-{Stack}";

    public string IngestionFunction => $"{Prefix}-ingestion";
    public string IngestionLogGroup => $"/aws/lambda/{IngestionFunction}";
    public string IngestionSchedule => $"{Prefix}-ingestion";
    public string IngestionDeadLetterQueue => $"{Prefix}-ingestion-dlq";
    public string ApiKeyParameter => $"/{Project}/{Stack}/twelvedata/api-key";
    public string GlueJob => $"{Prefix}-etl";
    public string GlueWorkflow => $"{Prefix}-pipeline";

    /// <summary>The Glue job's <c>--evaluation_context</c>; each gated table's context is formed from it by the pipeline contract.</summary>
    /// <summary>Glue 5's <c>--custom-logGroup-prefix</c>: the job logs to {prefix}/error and {prefix}/output.</summary>
    public string GlueLogGroupPrefix => $"/aws-glue/jobs/{GlueJob}";
    public IReadOnlyList<string> GlueLogGroups => [$"{GlueLogGroupPrefix}/error", $"{GlueLogGroupPrefix}/output"];
    public string GlueEvaluationContext => GlueJob.Replace('-', '_');
    public string GlueDatabase => $"{Project}_{Stack}_market".Replace('-', '_');
    public string AthenaWorkgroup => Prefix;
    public string AlarmTopic => $"{Prefix}-alarms";

    /// <summary>The stack's key for what the pipeline keeps outside the lake: the API key parameter, the job's logs and bookmarks.</summary>
    public string PipelineKeyAlias => $"alias/{Prefix}-pipeline";
    public string GlueSecurityConfiguration => $"{Prefix}-etl";

    /// <summary>The stack's key for the lake's four buckets and Athena's results (SSE-KMS).</summary>
    public string LakeKeyAlias => $"alias/{Prefix}-lake";
    public string Dashboard => $"{Prefix}-pipeline";

    public string FunctionArn => $"arn:aws:lambda:{Region}:{AccountId}:function:{IngestionFunction}";
    public string LogGroupArn(string name) => $"arn:aws:logs:{Region}:{AccountId}:log-group:{name}";
    public string ParameterArn => $"arn:aws:ssm:{Region}:{AccountId}:parameter{ApiKeyParameter}";
    public string QueueArn => $"arn:aws:sqs:{Region}:{AccountId}:{IngestionDeadLetterQueue}";
    public string GlueCatalogArn => $"arn:aws:glue:{Region}:{AccountId}:catalog";
    public string GlueDatabaseArn => $"arn:aws:glue:{Region}:{AccountId}:database/{GlueDatabase}";
    public string GlueTablesArn => $"arn:aws:glue:{Region}:{AccountId}:table/{GlueDatabase}/*";
    public string GlueWorkflowArn => $"arn:aws:glue:{Region}:{AccountId}:workflow/{GlueWorkflow}";
    public string GlueRuleset(string table) => $"{Prefix}-{table.Replace('_', '-')}";
    /// <summary>The IAM path of the stack's roles: a deploy role can be scoped to <c>role/{project}/*</c>.</summary>
    public string RolePath => $"/{Project}/";
    public string RuleArns => $"arn:aws:events:{Region}:{AccountId}:rule/*";
    public string AlarmArns => $"arn:aws:cloudwatch:{Region}:{AccountId}:alarm:*";
    public string RefetchRule => $"{Prefix}-history-refetch";
    public string RefetchRuleArn => $"arn:aws:events:{Region}:{AccountId}:rule/{RefetchRule}";
    public string DefaultEventBusArn => $"arn:aws:events:{Region}:{AccountId}:event-bus/default";
    /// <summary>Any key of the account: role policies name the pipeline key by its alias (kms:ResourceAliases), not its id.</summary>
    public string KmsKeysArn => $"arn:aws:kms:{Region}:{AccountId}:key/*";
    public string GlueRulesetsArn => $"arn:aws:glue:{Region}:{AccountId}:dataQualityRuleset/{Prefix}-*";

    public static string BucketArn(string bucket) => $"arn:aws:s3:::{bucket}";
}
