using Dataflow.Infra.Model.Iam;

namespace Dataflow.Infra.Model.Storage;

/// <summary>Bucket policies every lake bucket carries.</summary>
public static class BucketPolicies
{
    /// <summary>Refuses every request that does not arrive over TLS, for the bucket and each of its objects.</summary>
    public static PolicyDocument TlsOnly(string bucketArn) => new(
        new PolicyStatement(
            "DenyInsecureTransport",
            PolicyEffect.Deny,
            ["s3:*"],
            [bucketArn, $"{bucketArn}/*"],
            PolicyPrincipal.Everyone,
            [new PolicyCondition("Bool", "aws:SecureTransport", ["false"])]));

    /// <summary>
    /// The access-log bucket's policy: TLS only, and S3's logging service may write objects into it for the stack's
    /// lake buckets of this account only (the bucket owner enforces ownership, so the grant is a policy, not an ACL).
    /// </summary>
    public static PolicyDocument AccessLogTarget(string logBucketArn, IEnumerable<string> sourceBucketArns, string accountId) => new(
        (IReadOnlyList<PolicyStatement>)
        [
            .. TlsOnly(logBucketArn).Statements,
            new PolicyStatement("S3ServerAccessLogs", PolicyEffect.Allow, ["s3:PutObject"], [$"{logBucketArn}/*"], PolicyPrincipal.Service("logging.s3.amazonaws.com"),
            [
                new PolicyCondition("ArnLike", "aws:SourceArn", [.. sourceBucketArns]),
                new PolicyCondition("StringEquals", "aws:SourceAccount", [accountId]),
            ]),
        ]);
}
