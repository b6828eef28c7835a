using Dataflow.Infra.Model.Storage;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

/// <summary>Field-by-field translation of a model <see cref="LifecycleRule"/> into its Pulumi input.</summary>
internal static class LifecycleRuleArgs
{
    public static Aws.S3.Inputs.BucketLifecycleConfigurationRuleArgs From(LifecycleRule rule)
    {
        var args = new Aws.S3.Inputs.BucketLifecycleConfigurationRuleArgs
        {
            Id = rule.Id,
            Status = "Enabled",
            Filter = new Aws.S3.Inputs.BucketLifecycleConfigurationRuleFilterArgs { Prefix = rule.Prefix },
            AbortIncompleteMultipartUpload = new Aws.S3.Inputs.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs
            {
                DaysAfterInitiation = rule.AbortIncompleteMultipartUploadDays,
            },
        };

        if (rule.ExpirationDays is { } expiration)
        {
            args.Expiration = new Aws.S3.Inputs.BucketLifecycleConfigurationRuleExpirationArgs { Days = expiration };
        }

        if (rule.NoncurrentVersionExpirationDays is { } noncurrent)
        {
            args.NoncurrentVersionExpiration = new Aws.S3.Inputs.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs
            {
                NoncurrentDays = noncurrent,
            };
        }

        if (rule.TransitionDays is { } days && rule.TransitionStorageClass is { } storageClass)
        {
            args.Transitions = new[]
            {
                new Aws.S3.Inputs.BucketLifecycleConfigurationRuleTransitionArgs { Days = days, StorageClass = storageClass },
            };
        }

        return args;
    }
}
