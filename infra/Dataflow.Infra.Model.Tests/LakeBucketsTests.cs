using Dataflow.Contracts.Testing;
using System.Text.Json;
using Dataflow.Contracts;
using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Naming;
using Dataflow.Infra.Model.Storage;

namespace Dataflow.Infra.Model.Tests;

public sealed class LakeBucketsTests
{
    private const string Account = "123456789012";
    private static readonly LakeLayout Layout = Checkout.Layout;
    private static readonly StackConfig Dev = PulumiProject.Load(RepositoryRoot.AboveBinaries).Resolve("dev", Checkout.Universe);
    private static readonly IReadOnlyList<BucketSpec> Buckets = LakeBuckets.For(Dev, Layout, Account);

    [Test]
    public void Four_buckets_named_by_project_stack_zone_and_account()
    {
        Assert.That(Buckets.Select(b => b.Name), Is.EqualTo(new[]
        {
            "dataflow-dev-raw-123456789012",
            "dataflow-dev-curated-123456789012",
            "dataflow-dev-athena-results-123456789012",
            "dataflow-dev-artifacts-123456789012",
        }));
    }

    [Test]
    public void A_protected_stack_protects_its_data_buckets_and_a_throwaway_stack_none()
    {
        var prod = PulumiProject.Load(RepositoryRoot.AboveBinaries).Resolve("prod", Checkout.Universe);

        Assert.That(LakeBuckets.For(prod, Layout, Account).Where(b => b.Protected).Select(b => b.Zone), Is.EquivalentTo(new[] { LakeLayout.Raw, LakeLayout.Curated }),
            "the system of record and the published tables; results and artifacts are rebuilt");
        Assert.That(Buckets.Where(b => b.Protected), Is.Empty, "dev says protectData: false");
    }

    [Test]
    public void Raw_curated_and_artifacts_are_versioned_athena_results_are_not() =>
        Assert.That(Buckets.Where(b => b.Versioned).Select(b => b.Zone), Is.EqualTo(new[] { "raw", "curated", "artifacts" }));

    [Test]
    public void Curated_versions_a_run_retires_expire()
    {
        var rule = Buckets.Single(b => b.Zone == "curated").LifecycleRules.Single();

        Assert.That(rule.NoncurrentVersionExpirationDays, Is.Not.Null.And.GreaterThan(0));
    }

    [Test]
    public void Lifecycle_days_come_from_the_stack_config()
    {
        var raw = Buckets.Single(b => b.Zone == "raw").LifecycleRules.Single();
        var results = Buckets.Single(b => b.Zone == "athena-results").LifecycleRules.Single();
        var artifacts = Buckets.Single(b => b.Zone == "artifacts").LifecycleRules.Single(r => r.Id == "artifacts-old-versions");
        var glueTemp = Buckets.Single(b => b.Zone == "artifacts").LifecycleRules.Single(r => r.Id == "glue-temp-expire");

        Assert.Multiple(() =>
        {
            Assert.That(raw.TransitionDays, Is.EqualTo(30));
            Assert.That(raw.TransitionStorageClass, Is.EqualTo("STANDARD_IA"));
            Assert.That(raw.NoncurrentVersionExpirationDays, Is.EqualTo(30));
            Assert.That(raw.ExpirationDays, Is.Null, "raw is the system of record: never expired");
            Assert.That(results.ExpirationDays, Is.EqualTo(7));
            Assert.That(artifacts.NoncurrentVersionExpirationDays, Is.EqualTo(14));
            Assert.That((glueTemp.Prefix, glueTemp.ExpirationDays), Is.EqualTo((Dataflow.Infra.Model.Etl.GlueBundle.TempRoot, 7)), "the job's scratch space expires");
            Assert.That(Buckets.SelectMany(b => b.LifecycleRules).All(r => r.AbortIncompleteMultipartUploadDays == 7));
        });
    }

    [Test]
    public void Every_bucket_is_tagged_with_project_stack_component_and_zone()
    {
        foreach (var bucket in Buckets)
        {
            Assert.That(bucket.Tags, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["project"] = "dataflow",
                ["stack"] = "dev",
                ["component"] = "data-lake",
                ["managed-by"] = "pulumi",
                ["zone"] = bucket.Zone,
            }));
        }
    }

    [Test]
    public void The_tls_policy_denies_insecure_requests_on_the_bucket_and_its_objects()
    {
        using var doc = JsonDocument.Parse(BucketPolicies.TlsOnly("arn:aws:s3:::b").ToJson());
        var statement = doc.RootElement.GetProperty("Statement").EnumerateArray().Single();

        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.GetProperty("Version").GetString(), Is.EqualTo("2012-10-17"));
            Assert.That(statement.GetProperty("Effect").GetString(), Is.EqualTo("Deny"));
            Assert.That(statement.GetProperty("Principal").GetString(), Is.EqualTo("*"));
            Assert.That(statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "s3:*" }));
            Assert.That(statement.GetProperty("Resource").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "arn:aws:s3:::b", "arn:aws:s3:::b/*" }));
            Assert.That(statement.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport")[0].GetString(), Is.EqualTo("false"));
        });
    }

    [TestCase("12345")]
    [TestCase("12345678901x")]
    public void A_bad_account_id_is_refused(string account) =>
        Assert.Throws<ArgumentException>(() => ResourceNames.Bucket(Layout, "dataflow", "dev", "raw", account));

    [Test]
    public void A_name_over_63_characters_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ResourceNames.Bucket(Layout, "a-very-long-project-name-for-testing", "staging", "athena-results", Account));

        Assert.That(e!.Message, Does.Contain("breaks S3's rules"));
    }
}
