using Dataflow.Infra.Model.Naming;

namespace Dataflow.Infra.Model.Iam;

/// <summary>
/// The key policy of the stack's lake key, the default encryption (SSE-KMS, with S3 bucket keys) of the raw, curated,
/// athena-results and artifacts buckets and of Athena's results. The account administers it, so the pipeline's roles
/// are granted its use by their own policies (through S3 only, see <see cref="PipelinePolicies"/>), as are analysts'
/// roles. QuickSight reads through Athena as its service role, which QuickSight manages: with dashboards on, the key
/// policy grants that role what Athena needs through S3 (read the curated zone, write and read its results). The grant
/// is only made when dashboards are on, as KMS refuses a policy naming a role that does not exist.
/// </summary>
public static class LakeKeyPolicy
{
    public static readonly string[] ReaderActions = ["kms:Decrypt", "kms:GenerateDataKey"];

    public static string QuickSightServiceRole(string accountId) => $"arn:aws:iam::{accountId}:role/service-role/aws-quicksight-service-role-v0";

    public static PolicyDocument For(StackResourceNames names, bool quickSightReads) => new([
        new PolicyStatement("AccountAdministersKey", PolicyEffect.Allow, ["kms:*"], ["*"], new PolicyPrincipal("AWS", [$"arn:aws:iam::{names.AccountId}:root"])),
        .. quickSightReads
            ? new[]
            {
                new PolicyStatement("QuickSightReadsThroughAthena", PolicyEffect.Allow, ReaderActions, ["*"],
                    new PolicyPrincipal("AWS", [QuickSightServiceRole(names.AccountId)]),
                    [new PolicyCondition("StringEquals", "kms:ViaService", [$"s3.{names.Region}.amazonaws.com"])]),
            }
            : [],
    ]);
}
