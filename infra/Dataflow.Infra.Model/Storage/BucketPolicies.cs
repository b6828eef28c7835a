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
}
