using Dataflow.Infra.Model.Naming;

namespace Dataflow.Infra.Model.Iam;

/// <summary>
/// The key policy of the stack's pipeline key, which encrypts the API key parameter (instead of the account-wide
/// <c>aws/ssm</c> key every principal with <c>ssm:GetParameter</c> can use) and, through the Glue security configuration,
/// the job's log groups and bookmarks. The account administers the key, so the roles' own policies grant its use (the
/// Lambda through SSM only, the job for its bookmarks). CloudWatch Logs may use it only for the job's two log groups:
/// its encryption context names the log group.
/// </summary>
public static class PipelineKeyPolicy
{
    public static readonly string[] LogsActions = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];

    public static PolicyDocument For(StackResourceNames names) => new(
        new PolicyStatement("AccountAdministersKey", PolicyEffect.Allow, ["kms:*"], ["*"], new PolicyPrincipal("AWS", [$"arn:aws:iam::{names.AccountId}:root"])),
        new PolicyStatement("CloudWatchLogsEncryptJobLogs", PolicyEffect.Allow, LogsActions, ["*"], PolicyPrincipal.Service($"logs.{names.Region}.amazonaws.com"),
            [new PolicyCondition("ArnEquals", "kms:EncryptionContext:aws:logs:arn", [.. names.GlueLogGroups.Select(names.LogGroupArn)])]));
}
