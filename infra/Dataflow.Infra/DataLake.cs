using Dataflow.Contracts;
using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Naming;
using Dataflow.Infra.Model.Storage;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

public sealed record DataLakeArgs(StackConfig Config, LakeLayout Layout, StackResourceNames Names)
{
    public string AccountId => Names.AccountId;
}

/// <summary>
/// The four lake buckets of a stack (raw, curated, athena-results, artifacts), each private, encrypted with the stack's
/// lake key (SSE-KMS with bucket keys, <see cref="LakeKeyPolicy"/>), TLS-only and owner-enforced, with the versioning
/// and lifecycle that <see cref="LakeBuckets"/> decides; and the access-log bucket they log to (SSE-S3).
/// </summary>
public sealed class DataLake : ComponentResource
{
    private readonly Dictionary<string, Aws.S3.Bucket> _buckets = [];

    public DataLake(string name, DataLakeArgs args, ComponentResourceOptions? options = null)
        : base("dataflow:storage:DataLake", name, options)
    {
        var key = new Aws.Kms.Key("lake-key", new Aws.Kms.KeyArgs
        {
            Description = $"{args.Names.LakeKeyAlias}: default encryption of the lake's buckets and Athena's results",
            EnableKeyRotation = true,
            DeletionWindowInDays = 30,
            Policy = LakeKeyPolicy.For(args.Names, args.Config.Dashboards.Enabled).ToJson(),
            Tags = ResourceTags.For(args.Config, "data-lake").ToDictionary(),
        }, new CustomResourceOptions { Parent = this, Protect = args.Config.ProtectData, RetainOnDelete = args.Config.ProtectData });
        var alias = new Aws.Kms.Alias("lake-key-alias", new Aws.Kms.AliasArgs { Name = args.Names.LakeKeyAlias, TargetKeyId = key.KeyId },
            new CustomResourceOptions { Parent = this });
        // Users of the key wait for the alias too: the roles' policies name the key by it.
        KeyArn = Output.Tuple(key.Arn, alias.Name).Apply(t => t.Item1);

        var lake = LakeBuckets.For(args.Config, args.Layout, args.AccountId);
        var logs = DeclareAccessLogBucket(AccessLogBucket.For(args.Config, args.Layout, args.AccountId), lake, args);
        foreach (var spec in lake)
        {
            _buckets[spec.Zone] = DeclareBucket(spec, args, logs, key.Arn);
        }

        RegisterOutputs(_buckets.ToDictionary(b => $"{b.Key}BucketName", b => (object?)b.Value.BucketName));
    }

    /// <summary>The lake key's ARN (available once its alias exists).</summary>
    public Output<string> KeyArn { get; }

    /// <summary>A zone's bucket name as an output of the bucket: a resource that uses it waits for the bucket.</summary>
    public Output<string> BucketName(string zone) => _buckets[zone].BucketName;

    /// <summary>The server access-log bucket: private, encrypted with SSE-S3 (the only encryption S3 logging delivers to), expiring.</summary>
    private Aws.S3.Bucket DeclareAccessLogBucket(BucketSpec spec, IReadOnlyList<BucketSpec> sources, DataLakeArgs args)
    {
        var (bucket, child) = DeclareWithBaseline(spec, args, kmsKeyArn: null);
        new Aws.S3.BucketPolicy($"{spec.Zone}-policy", new Aws.S3.BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = bucket.Arn.Apply(arn => BucketPolicies.AccessLogTarget(arn, sources.Select(s => StackResourceNames.BucketArn(s.Name)), args.AccountId).ToJson()),
        }, child);
        return bucket;
    }

    /// <summary>
    /// A bucket with what every bucket has: owner-enforced objects, all four public-access blocks, default encryption
    /// (SSE-KMS with the key and S3 bucket keys, or SSE-S3 without one) and its lifecycle. A protected bucket protects every setting of it too: deleting the versioning resource would suspend
    /// versioning. Returns the options its other settings are declared with.
    /// </summary>
    private (Aws.S3.Bucket Bucket, CustomResourceOptions Child) DeclareWithBaseline(BucketSpec spec, DataLakeArgs args, Output<string>? kmsKeyArn)
    {
        var bucket = new Aws.S3.Bucket(spec.Zone, new Aws.S3.BucketArgs
        {
            BucketName = spec.Name,
            ForceDestroy = args.Config.ForceDestroy,
            Tags = spec.Tags.ToDictionary(),
        }, new CustomResourceOptions { Parent = this, Protect = spec.Protected, RetainOnDelete = spec.Protected });
        var child = new CustomResourceOptions { Parent = bucket, Protect = spec.Protected, RetainOnDelete = spec.Protected };

        new Aws.S3.BucketOwnershipControls($"{spec.Zone}-ownership", new Aws.S3.BucketOwnershipControlsArgs
        {
            Bucket = bucket.Id,
            Rule = new Aws.S3.Inputs.BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        }, child);

        new Aws.S3.BucketPublicAccessBlock($"{spec.Zone}-public-access", new Aws.S3.BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, child);

        var byDefault = new Aws.S3.Inputs.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs { SseAlgorithm = "AES256" };
        if (kmsKeyArn is not null)
        {
            byDefault.SseAlgorithm = "aws:kms";
            byDefault.KmsMasterKeyId = kmsKeyArn;
        }

        new Aws.S3.BucketServerSideEncryptionConfiguration($"{spec.Zone}-encryption", new Aws.S3.BucketServerSideEncryptionConfigurationArgs
        {
            Bucket = bucket.Id,
            Rules = new[]
            {
                // With a key, one data key per bucket and period (an S3 bucket key) instead of a KMS request per object.
                new Aws.S3.Inputs.BucketServerSideEncryptionConfigurationRuleArgs { ApplyServerSideEncryptionByDefault = byDefault, BucketKeyEnabled = kmsKeyArn is not null },
            },
        }, child);

        new Aws.S3.BucketLifecycleConfiguration($"{spec.Zone}-lifecycle", new Aws.S3.BucketLifecycleConfigurationArgs
        {
            Bucket = bucket.Id,
            Rules = spec.LifecycleRules.Select(LifecycleRuleArgs.From).ToList(),
        }, child);
        return (bucket, child);
    }

    private Aws.S3.Bucket DeclareBucket(BucketSpec spec, DataLakeArgs args, Aws.S3.Bucket accessLogs, Output<string> kmsKeyArn)
    {
        var (bucket, child) = DeclareWithBaseline(spec, args, kmsKeyArn);
        new Aws.S3.BucketLogging($"{spec.Zone}-access-logs", new Aws.S3.BucketLoggingArgs
        {
            Bucket = bucket.Id,
            TargetBucket = accessLogs.Id,
            TargetPrefix = $"{spec.Zone}/",
        }, child);

        new Aws.S3.BucketPolicy($"{spec.Zone}-tls-only", new Aws.S3.BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = bucket.Arn.Apply(arn => BucketPolicies.TlsOnly(arn).ToJson()),
        }, child);

        if (spec.Versioned)
        {
            new Aws.S3.BucketVersioning($"{spec.Zone}-versioning", new Aws.S3.BucketVersioningArgs
            {
                Bucket = bucket.Id,
                VersioningConfiguration = new Aws.S3.Inputs.BucketVersioningVersioningConfigurationArgs { Status = "Enabled" },
            }, child);
        }

        if (spec.Zone == LakeLayout.Raw)
        {
            // The run manifest's "Object Created" event starts the ETL (Etl component).
            new Aws.S3.BucketNotification($"{spec.Zone}-eventbridge", new Aws.S3.BucketNotificationArgs
            {
                Bucket = bucket.Id,
                Eventbridge = true,
            }, child);
        }

        return bucket;
    }
}
