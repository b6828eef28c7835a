using System.Text.Json.Nodes;
using Dataflow.Contracts.Testing;
using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Naming;

namespace Dataflow.Infra.Model.Tests;

/// <summary>Who may use the stack's pipeline key: CloudWatch Logs for the job's groups only, roles by the key's alias only.</summary>
public sealed class PipelineKeyPolicyTests
{
    private static readonly StackResourceNames Names = new("dataflow", "prod", "eu-west-1", "111122223333");
    private static readonly LakeBucketNames Buckets = new("raw-b", "curated-b", "results-b", "artifacts-b");

    private static JsonObject Statement(string policyJson, string sid) =>
        JsonNode.Parse(policyJson)!["Statement"]!.AsArray().Single(s => (string)s!["Sid"]! == sid)!.AsObject();

    [Test]
    public void Cloudwatch_logs_may_use_the_key_for_the_jobs_two_log_groups_only()
    {
        var logs = Statement(PipelineKeyPolicy.For(Names).ToJson(), "CloudWatchLogsEncryptJobLogs");

        Assert.That((string)logs["Principal"]!["Service"]![0]!, Is.EqualTo("logs.eu-west-1.amazonaws.com"));
        Assert.That(logs["Condition"]!["ArnEquals"]!["kms:EncryptionContext:aws:logs:arn"]!.AsArray().Select(a => (string)a!), Is.EqualTo(new[]
        {
            "arn:aws:logs:eu-west-1:111122223333:log-group:/aws-glue/jobs/dataflow-prod-etl/error",
            "arn:aws:logs:eu-west-1:111122223333:log-group:/aws-glue/jobs/dataflow-prod-etl/output",
        }));
    }

    [Test]
    public void The_function_decrypts_with_the_key_only_through_ssm_and_only_the_stacks_key()
    {
        var decrypt = Statement(PipelinePolicies.Ingestion(Names, Buckets, Checkout.Layout).ToJson(), "DecryptApiKey");

        Assert.That(decrypt["Action"]!.AsArray().Select(a => (string)a!), Is.EqualTo(new[] { "kms:Decrypt" }));
        Assert.That((string)decrypt["Condition"]!["StringEquals"]!["kms:ViaService"]![0]!, Is.EqualTo("ssm.eu-west-1.amazonaws.com"));
        Assert.That((string)decrypt["Condition"]!["ForAnyValue:StringEquals"]!["kms:ResourceAliases"]![0]!, Is.EqualTo("alias/dataflow-prod-pipeline"));
    }

    [Test]
    public void The_job_uses_the_key_for_its_bookmarks_by_alias_and_may_associate_it_with_its_logs()
    {
        var policy = PipelinePolicies.GlueJob(Names, Buckets, Checkout.Layout).ToJson();
        var bookmarks = Statement(policy, "EncryptBookmarks");
        var logs = Statement(policy, "WriteJobLogs");

        Assert.That((string)bookmarks["Condition"]!["ForAnyValue:StringEquals"]!["kms:ResourceAliases"]![0]!, Is.EqualTo("alias/dataflow-prod-pipeline"));
        Assert.That((string)bookmarks["Resource"]![0]!, Is.EqualTo("arn:aws:kms:eu-west-1:111122223333:key/*"));
        Assert.That(logs["Action"]!.AsArray().Select(a => (string)a!), Does.Contain("logs:AssociateKmsKey"));
        Assert.That(PolicyAudit.Check("job", PipelinePolicies.GlueJob(Names, Buckets, Checkout.Layout)), Is.Empty);
        Assert.That(PolicyAudit.Check("ingestion", PipelinePolicies.Ingestion(Names, Buckets, Checkout.Layout)), Is.Empty);
    }
}

/// <summary>Who may use the stack's lake key besides the account's own policies.</summary>
public sealed class LakeKeyPolicyTests
{
    private static readonly StackResourceNames Names = new("dataflow", "dev", "eu-west-1", "111122223333");

    private static string[] Sids(bool quickSight) =>
        [.. JsonNode.Parse(LakeKeyPolicy.For(Names, quickSight).ToJson())!["Statement"]!.AsArray().Select(s => (string)s!["Sid"]!)];

    [Test]
    public void Quicksights_service_role_is_named_only_when_dashboards_are_on()
    {
        // KMS refuses a key policy naming a role that does not exist, and the role exists only once QuickSight is set up.
        Assert.That(Sids(quickSight: false), Is.EqualTo(new[] { "AccountAdministersKey" }));
        Assert.That(Sids(quickSight: true), Is.EqualTo(new[] { "AccountAdministersKey", "QuickSightReadsThroughAthena" }));
        Assert.That(LakeKeyPolicy.For(Names, true).ToJson(), Does.Contain("arn:aws:iam::111122223333:role/service-role/aws-quicksight-service-role-v0"));
    }
}
