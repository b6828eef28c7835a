using Dataflow.Infra.Model.Naming;

namespace Dataflow.Infra.Model.Iam;

/// <summary>
/// The key policy of the customer-managed key that encrypts the alarm topic. SNS documents that CloudWatch alarms and
/// EventBridge can publish to an encrypted topic only with a customer-managed key granting them
/// <c>kms:GenerateDataKey*</c> and <c>kms:Decrypt</c>: the AWS-managed <c>alias/aws/sns</c> key's policy cannot, and
/// every alarm would be lost silently. The CloudWatch grant is scoped to this account's alarms; the EventBridge grant
/// is not, because EventBridge's KMS request carries neither <c>aws:SourceAccount</c> nor <c>aws:SourceArn</c>: a
/// condition on them would drop every notification.
/// </summary>
public static class AlarmKeyPolicy
{
    public static readonly string[] PublisherActions = ["kms:GenerateDataKey*", "kms:Decrypt"];

    public static PolicyDocument For(StackResourceNames names) => new(
        new PolicyStatement("AccountAdministersKey", PolicyEffect.Allow, ["kms:*"], ["*"], new PolicyPrincipal("AWS", [$"arn:aws:iam::{names.AccountId}:root"])),
        new PolicyStatement("CloudWatchAlarmsPublish", PolicyEffect.Allow, PublisherActions, ["*"], PolicyPrincipal.Service("cloudwatch.amazonaws.com"),
        [
            new PolicyCondition("StringEquals", "aws:SourceAccount", [names.AccountId]),
            new PolicyCondition("ArnLike", "aws:SourceArn", [names.AlarmArns]),
        ]),
        new PolicyStatement("EventBridgeRulesPublish", PolicyEffect.Allow, PublisherActions, ["*"], PolicyPrincipal.Service("events.amazonaws.com")));
}
