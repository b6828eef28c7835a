namespace Dataflow.Infra.Model.Storage;

/// <summary>
/// An S3 lifecycle rule, in the shape of <c>BucketLifecycleConfigurationRuleArgs</c>, so the Pulumi program maps it
/// field by field. Null means "not set".
/// </summary>
public sealed record LifecycleRule(
    string Id,
    string Prefix,
    int? ExpirationDays = null,
    int? NoncurrentVersionExpirationDays = null,
    int? TransitionDays = null,
    string? TransitionStorageClass = null,
    int AbortIncompleteMultipartUploadDays = 7);
