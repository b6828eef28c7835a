using Dataflow.Contracts.Ingestion;
using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Ingestion;
using Dataflow.Infra.Model.Naming;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

public sealed record IngestionArgs(StackConfig Config, StackResourceNames Names, LakeBucketNames Buckets, Dataflow.Contracts.LakeLayout Layout,
    Input<string> ApiKey, Output<string> PipelineKeyArn, string PackagePath, IReadOnlyDictionary<string, string> Tags);

/// <summary>
/// The scheduled ingestion: the API key in SSM, the .NET Lambda (dotnet10, arm64) with its role and log group, the
/// EventBridge Scheduler schedule that invokes it, and the dead-letter queue for runs that failed after retries.
/// </summary>
public sealed class Ingestion : ComponentResource
{
    public Ingestion(string name, IngestionArgs args, ComponentResourceOptions? options = null)
        : base("dataflow:ingestion:Ingestion", name, options)
    {
        var parent = new CustomResourceOptions { Parent = this };
        var names = args.Names;

        var apiKey = new Aws.Ssm.Parameter("api-key", new Aws.Ssm.ParameterArgs
        {
            Name = names.ApiKeyParameter,
            Type = "SecureString",
            KeyId = args.PipelineKeyArn,
            Value = args.ApiKey,
            Description = "Twelve Data API key of the ingestion Lambda",
            Tags = args.Tags.ToDictionary(),
        }, parent);

        var deadLetters = new Aws.Sqs.Queue("dead-letters", new Aws.Sqs.QueueArgs
        {
            Name = names.IngestionDeadLetterQueue,
            MessageRetentionSeconds = 14 * 24 * 3600,
            SqsManagedSseEnabled = true,
            Tags = args.Tags.ToDictionary(),
        }, parent);

        var logs = new Aws.CloudWatch.LogGroup("logs", new Aws.CloudWatch.LogGroupArgs
        {
            Name = names.IngestionLogGroup,
            RetentionInDays = args.Config.Compute.LogRetentionDays,
            Tags = args.Tags.ToDictionary(),
        }, parent);

        var role = ServiceRole.Declare("function", "lambda.amazonaws.com", PipelinePolicies.Ingestion(names, args.Buckets, args.Layout), names, args.Tags, this);

        var spec = IngestionFunctionSpec.For(args.Config, names, args.Buckets.Raw);
        var function = new Aws.Lambda.Function("function", new Aws.Lambda.FunctionArgs
        {
            Name = spec.Name,
            Role = role.Arn,
            Runtime = IngestionFunctionSpec.Runtime,
            Architectures = { IngestionFunctionSpec.Architecture },
            Handler = spec.Handler,
            Code = new FileArchive(args.PackagePath),
            MemorySize = IngestionFunctionSpec.MemoryMb,
            ReservedConcurrentExecutions = IngestionFunctionSpec.ReservedConcurrency,
            TracingConfig = new Aws.Lambda.Inputs.FunctionTracingConfigArgs { Mode = IngestionFunctionSpec.TracingMode },
            Timeout = IngestionFunctionSpec.TimeoutSeconds,
            Environment = new Aws.Lambda.Inputs.FunctionEnvironmentArgs
            {
                Variables = spec.Environment.ToDictionary(),
            },
            LoggingConfig = new Aws.Lambda.Inputs.FunctionLoggingConfigArgs
            {
                LogFormat = "JSON",
                LogGroup = logs.Name,
            },
            Tags = args.Tags.ToDictionary(),
        }, new CustomResourceOptions { Parent = this, DependsOn = { logs, apiKey } });

        new Aws.Lambda.FunctionEventInvokeConfig("retries", new Aws.Lambda.FunctionEventInvokeConfigArgs
        {
            FunctionName = function.Name,
            MaximumRetryAttempts = IngestionFunctionSpec.AsyncRetries,
            MaximumEventAgeInSeconds = IngestionFunctionSpec.MaximumEventAgeSeconds,
            DestinationConfig = new Aws.Lambda.Inputs.FunctionEventInvokeConfigDestinationConfigArgs
            {
                OnFailure = new Aws.Lambda.Inputs.FunctionEventInvokeConfigDestinationConfigOnFailureArgs { Destination = deadLetters.Arn },
            },
        }, parent);

        var schedulerRole = ServiceRole.Declare("scheduler", "scheduler.amazonaws.com", PipelinePolicies.Scheduler(names), names, args.Tags, this);

        new Aws.Scheduler.Schedule("schedule", new Aws.Scheduler.ScheduleArgs
        {
            Name = names.IngestionSchedule,
            ScheduleExpression = args.Config.ScheduleExpression,
            ScheduleExpressionTimezone = args.Config.ScheduleTimezone,
            FlexibleTimeWindow = new Aws.Scheduler.Inputs.ScheduleFlexibleTimeWindowArgs { Mode = "FLEXIBLE", MaximumWindowInMinutes = 15 },
            Target = new Aws.Scheduler.Inputs.ScheduleTargetArgs
            {
                Arn = function.Arn,
                RoleArn = schedulerRole.Arn,
                Input = ScheduledEvent.Input,
                RetryPolicy = new Aws.Scheduler.Inputs.ScheduleTargetRetryPolicyArgs { MaximumRetryAttempts = 2, MaximumEventAgeInSeconds = IngestionFunctionSpec.MaximumEventAgeSeconds },
                DeadLetterConfig = new Aws.Scheduler.Inputs.ScheduleTargetDeadLetterConfigArgs { Arn = deadLetters.Arn },
            },
        }, parent);

        // The ETL asks for a symbol's whole history when it records a split: its event's detail is an ingestion event.
        var refetch = new Aws.CloudWatch.EventRule("refetch-requested", new Aws.CloudWatch.EventRuleArgs
        {
            Name = names.RefetchRule,
            Description = "The ETL recorded a split: fetch the symbol's whole history again",
            EventPattern = RefetchEvent.Pattern(),
            Tags = args.Tags.ToDictionary(),
        }, parent);
        new Aws.CloudWatch.EventTarget("refetch-to-function", new Aws.CloudWatch.EventTargetArgs
        {
            Rule = refetch.Name,
            Arn = function.Arn,
            RetryPolicy = new Aws.CloudWatch.Inputs.EventTargetRetryPolicyArgs { MaximumRetryAttempts = 2, MaximumEventAgeInSeconds = IngestionFunctionSpec.MaximumEventAgeSeconds },
            DeadLetterConfig = new Aws.CloudWatch.Inputs.EventTargetDeadLetterConfigArgs { Arn = deadLetters.Arn },
        }, parent);
        new Aws.Sqs.QueuePolicy("dead-letters-policy", new Aws.Sqs.QueuePolicyArgs
        {
            QueueUrl = deadLetters.Url,
            Policy = PipelinePolicies.DeadLetterQueue(names).ToJson(),
        }, parent);
        new Aws.Lambda.Permission("refetch-invokes-function", new Aws.Lambda.PermissionArgs
        {
            Action = "lambda:InvokeFunction",
            Function = function.Name,
            Principal = "events.amazonaws.com",
            SourceArn = refetch.Arn,
        }, parent);

        FunctionName = function.Name;
        DeadLetterQueueName = deadLetters.Name;
        RegisterOutputs();
    }

    [Output("functionName")]
    public Output<string> FunctionName { get; private set; }

    [Output("deadLetterQueueName")]
    public Output<string> DeadLetterQueueName { get; private set; }
}
