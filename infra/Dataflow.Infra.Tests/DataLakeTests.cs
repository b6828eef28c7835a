using System.Text.Json;
using Pulumi.Testing;

namespace Dataflow.Infra.Tests;

/// <summary>The DataLake component under Pulumi mocks, per stack. Tests run serially (NUnit's default), as Pulumi requires.</summary>
[TestFixture("dev")]
[TestFixture("prod")]
public sealed class DataLakeTests(string stack)
{
    private static readonly string[] Zones = ["raw", "curated", "athena-results", "artifacts"];

    /// <summary>The lake's buckets and the stack's access-log bucket.</summary>
    private static readonly string[] Buckets = [.. Zones, "access-logs"];
    /// <summary>The bucket sub-resources the program declares per zone, by the suffix of their logical name.</summary>
    private static readonly Dictionary<string, string> SubResources = new()
    {
        ["ownership"] = "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        ["public-access"] = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        ["encryption"] = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        ["tls-only"] = "aws:s3/bucketPolicy:BucketPolicy",
        ["lifecycle"] = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        ["versioning"] = "aws:s3/bucketVersioning:BucketVersioning",
        ["eventbridge"] = "aws:s3/bucketNotification:BucketNotification",
        ["access-logs"] = "aws:s3/bucketLogging:BucketLogging",
        ["policy"] = "aws:s3/bucketPolicy:BucketPolicy",
    };

    private List<MockResourceArgs> _resources = [];
    private List<RegisteredResource> _registered = [];

    [OneTimeSetUp]
    public async Task Deploy()
    {
        _registered = [.. (await StackDeployment.RunAsync(stack)).Mocks.Registered];
        _resources = _registered.Select(r => r.Args).ToList();
    }

    private string BucketOf(string zone) => $"dataflow-{stack}-{zone}-{Mocks.AccountId}";

    private IEnumerable<MockResourceArgs> OfType(string type) => _resources.Where(r => r.Type == type);

    private static T Input<T>(MockResourceArgs r, string name) => (T)r.Inputs[name];

    [Test]
    public void Every_bucket_sub_resource_attaches_to_its_zones_bucket()
    {
        var subResources = _resources.Where(r => r.Type!.StartsWith("aws:s3/bucket", StringComparison.Ordinal) && r.Type != "aws:s3/bucket:Bucket"
            && !r.Type.StartsWith("aws:s3/bucketObject", StringComparison.Ordinal)).ToList();

        // 6 per lake bucket (access logging included), versioning on raw, curated and artifacts, the EventBridge
        // notification on raw, and 5 on the access-log bucket (no logging of its own).
        Assert.That(subResources, Has.Count.EqualTo(Zones.Length * 6 + 3 + 1 + 5));
        foreach (var resource in subResources)
        {
            var zone = Buckets.Where(z => resource.Name!.StartsWith(z + "-", StringComparison.Ordinal)).MaxBy(z => z.Length)!;
            var kind = resource.Name![(zone.Length + 1)..];
            Assert.That(resource.Type, Is.EqualTo(SubResources[kind]), resource.Name);
            Assert.That(resource.Inputs.GetValueOrDefault("bucket"), Is.EqualTo(BucketOf(zone)), $"{resource.Name}.bucket");
        }
    }

    [Test]
    public void Each_tls_policy_guards_its_own_bucket()
    {
        foreach (var policy in OfType("aws:s3/bucketPolicy:BucketPolicy"))
        {
            using var doc = JsonDocument.Parse(Input<string>(policy, "policy"));
            var resources = doc.RootElement.GetProperty("Statement")[0].GetProperty("Resource").EnumerateArray().Select(r => r.GetString()).ToArray();
            var bucket = Input<string>(policy, "bucket");
            Assert.That(resources, Is.EquivalentTo(new[] { $"arn:aws:s3:::{bucket}", $"arn:aws:s3:::{bucket}/*" }), policy.Name);
        }
    }

    [Test]
    public void Five_buckets_named_by_stack_zone_and_account() =>
        Assert.That(OfType("aws:s3/bucket:Bucket").Select(b => Input<string>(b, "bucket")).Order(),
            Is.EquivalentTo(Buckets.Select(z => $"dataflow-{stack}-{z}-{Mocks.AccountId}")));

    [Test]
    public void Every_bucket_blocks_all_four_kinds_of_public_access()
    {
        var blocks = OfType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").ToList();

        Assert.That(blocks, Has.Count.EqualTo(Buckets.Length));
        foreach (var block in blocks)
        {
            foreach (var flag in new[] { "blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets" })
            {
                Assert.That(Input<bool>(block, flag), Is.True, $"{block.Name}.{flag}");
            }
        }
    }

    [Test]
    public void Lake_buckets_are_encrypted_with_the_lake_key_and_the_access_logs_with_sse_s3()
    {
        var encryption = OfType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").ToList();
        var lakeKey = _registered.Single(r => r.Type == "aws:kms/key:Key" && r.Name == "lake-key");

        Assert.That(encryption, Has.Count.EqualTo(Buckets.Length));
        foreach (var config in encryption)
        {
            var rule = (IDictionary<string, object>)((IEnumerable<object>)config.Inputs["rules"]).Single();
            var byDefault = (IDictionary<string, object>)rule["applyServerSideEncryptionByDefault"];
            if (config.Name == "access-logs-encryption")
            {
                // S3 server access logging delivers only to SSE-S3 buckets.
                Assert.That(byDefault["sseAlgorithm"], Is.EqualTo("AES256"));
                continue;
            }

            Assert.That(byDefault["sseAlgorithm"], Is.EqualTo("aws:kms"), config.Name);
            Assert.That(byDefault["kmsMasterKeyId"], Is.EqualTo(lakeKey.State["arn"]), config.Name);
            Assert.That(rule["bucketKeyEnabled"], Is.True, $"{config.Name}: a bucket key, not a KMS request per object");
        }
    }

    [Test]
    public void Every_bucket_policy_denies_requests_without_tls()
    {
        var policies = OfType("aws:s3/bucketPolicy:BucketPolicy").ToList();

        Assert.That(policies, Has.Count.EqualTo(Buckets.Length));
        foreach (var policy in policies)
        {
            using var doc = JsonDocument.Parse(Input<string>(policy, "policy"));
            var statement = doc.RootElement.GetProperty("Statement")[0];
            Assert.That(statement.GetProperty("Effect").GetString(), Is.EqualTo("Deny"));
            Assert.That(statement.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport")[0].GetString(), Is.EqualTo("false"));
        }
    }

    [Test]
    public void Raw_curated_and_artifacts_are_versioned()
    {
        var versioned = OfType("aws:s3/bucketVersioning:BucketVersioning").Select(v => v.Name).Order().ToArray();

        Assert.That(versioned, Is.EqualTo(new[] { "artifacts-versioning", "curated-versioning", "raw-versioning" }));
    }

    [Test]
    public void Lifecycle_days_follow_the_stack_config()
    {
        var expected = stack == "dev" ? 7 : 30;
        var results = OfType("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").Single(l => l.Name == "athena-results-lifecycle");
        var rule = (IDictionary<string, object>)((IEnumerable<object>)results.Inputs["rules"]).Single();

        Assert.That(((IDictionary<string, object>)rule["expiration"])["days"], Is.EqualTo(expected));
    }

    [Test]
    public void Only_dev_buckets_may_be_destroyed_with_their_data() =>
        Assert.That(OfType("aws:s3/bucket:Bucket").Select(b => Input<bool>(b, "forceDestroy")), Is.All.EqualTo(stack == "dev"));
}
