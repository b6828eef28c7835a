using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dataflow.Contracts;
using Dataflow.Infra.Model.Etl;
using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Naming;

namespace Dataflow.Infra.Model.Tests;

public sealed class PipelinePoliciesTests
{
    private static readonly StackResourceNames Names = new("dataflow", "dev", "eu-west-1", "111122223333");
    private static readonly LakeBucketNames Buckets = new("raw-b", "curated-b", "results-b", "artifacts-b");
    private static readonly LakeLayout Layout = LakeLayout.Load(ContractFiles.FromRepository(RepositoryRoot.AboveBinaries));

    private static IEnumerable<TestCaseData> Policies()
    {
        yield return new TestCaseData("ingestion", PipelinePolicies.Ingestion(Names, Buckets, Layout));
        yield return new TestCaseData("scheduler", PipelinePolicies.Scheduler(Names));
        yield return new TestCaseData("glue-job", PipelinePolicies.GlueJob(Names, Buckets, Layout));
    }

    [TestCaseSource(nameof(Policies))]
    public void Every_role_policy_passes_the_least_privilege_audit(string name, PolicyDocument policy) =>
        Assert.That(PolicyAudit.Check(name, policy), Is.Empty);

    [Test]
    public void The_audit_names_wildcard_actions_and_unscoped_resources()
    {
        var loose = new PolicyDocument(
            new PolicyStatement("All", PolicyEffect.Allow, ["s3:*"], ["arn:aws:s3:::b/*"]),
            new PolicyStatement("Anything", PolicyEffect.Allow, ["s3:GetObject", "cloudwatch:PutMetricData"], ["*"]),
            new PolicyStatement("DenyIsFine", PolicyEffect.Deny, ["s3:*"], ["*"]));

        Assert.That(PolicyAudit.Check("loose", loose), Is.EqualTo(new[]
        {
            "loose/All: wildcard action 's3:*'",
            "loose/Anything: 's3:GetObject' on resource '*' (AWS lets it be scoped)",
        }));
    }

    [Test]
    public void The_ingestion_role_can_write_the_keys_the_lambda_writes_and_nothing_else()
    {
        var writable = Allowed(PipelinePolicies.Ingestion(Names, Buckets, Layout), "s3:PutObject");
        var response = $"arn:aws:s3:::raw-b/{Layout.RawTimeSeriesKey("1day", "EUR/USD", new DateOnly(2025, 3, 3), "20250303T220000Z-abc")}";
        var manifest = $"arn:aws:s3:::raw-b/{Layout.RunManifestKey(new DateOnly(2025, 3, 3), "20250303T220000Z-abc")}";

        Assert.Multiple(() =>
        {
            Assert.That(writable(response), Is.True, response);
            Assert.That(writable(manifest), Is.True, manifest);
            Assert.That(writable("arn:aws:s3:::raw-b/other/x.json"), Is.False);
            Assert.That(writable("arn:aws:s3:::curated-b/twelvedata/x.json"), Is.False);
        });
    }

    [Test]
    public void The_ingestion_role_reads_back_the_raw_keys_a_resumed_run_or_backfill_asks_for_and_may_learn_a_key_is_missing()
    {
        // A resumed run and a backfill's next attempt read manifests and pages (IRawStore.GetAsync). Without ListBucket S3
        // answers a missing key with 403, not 404, and "not stored yet" would fail the invocation.
        var policy = PipelinePolicies.Ingestion(Names, Buckets, Layout);
        var readable = Allowed(policy, "s3:GetObject");
        var response = $"arn:aws:s3:::raw-b/{Layout.RawTimeSeriesKey("1day", "AAPL", new DateOnly(2025, 3, 3), "20250303T220000Z-abc", 2)}";
        var manifest = $"arn:aws:s3:::raw-b/{Layout.RunManifestKey(new DateOnly(2025, 3, 3), "20250303T220000Z-abc")}";
        var list = policy.Statements.Single(s => s.Actions.Contains("s3:ListBucket"));

        Assert.Multiple(() =>
        {
            Assert.That(readable(response), Is.True, response);
            Assert.That(readable(manifest), Is.True, manifest);
            Assert.That(readable("arn:aws:s3:::curated-b/daily_bars/x.parquet"), Is.False);
            Assert.That(list.Resources, Is.EqualTo(new[] { "arn:aws:s3:::raw-b" }), "the raw bucket only");
        });
    }

    [Test]
    public void The_glue_job_reads_raw_and_artifacts_and_writes_only_curated()
    {
        var policy = PipelinePolicies.GlueJob(Names, Buckets, Layout);
        Assert.Multiple(() =>
        {
            Assert.That(Allowed(policy, "s3:GetObject")("arn:aws:s3:::raw-b/twelvedata/time_series/x.json"), Is.True);
            Assert.That(Allowed(policy, "s3:GetObject")("arn:aws:s3:::artifacts-b/glue/sql/etl/010_typed_bars.sql"), Is.True);
            Assert.That(Allowed(policy, "s3:PutObject")("arn:aws:s3:::curated-b/daily_bars/x.parquet"), Is.True);
            Assert.That(Allowed(policy, "s3:PutObject")("arn:aws:s3:::raw-b/twelvedata/x.json"), Is.False, "raw stays verbatim");
            Assert.That(Allowed(policy, "s3:DeleteObject")("arn:aws:s3:::artifacts-b/glue/x"), Is.False);
        });
    }

    [Test]
    public void The_glue_job_may_send_only_its_refetch_events_to_the_default_bus()
    {
        var policy = PipelinePolicies.GlueJob(Names, Buckets, Layout);
        var send = policy.Statements.Single(s => s.Actions.Contains("events:PutEvents"));

        Assert.That(send.Resources, Is.EqualTo(new[] { "arn:aws:events:eu-west-1:111122223333:event-bus/default" }));
        Assert.That(send.Conditions!.Single().Key, Is.EqualTo("events:source"));
        Assert.That(send.Conditions!.Single().Values, Is.EqualTo(new[] { Contracts.Ingestion.RefetchEvent.Source }));
    }

    [Test]
    public void The_glue_job_writes_its_temp_dir_and_its_own_log_groups_and_no_others()
    {
        var policy = PipelinePolicies.GlueJob(Names, Buckets, Layout);
        var tempDir = GlueBundle.TempDir("artifacts-b");
        var tempObject = $"arn:aws:s3:::artifacts-b/{tempDir["s3://artifacts-b/".Length..]}part-0001";
        var logResources = policy.Statements.Single(s => s.Actions.Contains("logs:PutLogEvents")).Resources;

        Assert.Multiple(() =>
        {
            Assert.That(tempDir, Does.Not.StartWith($"s3://artifacts-b/{GlueBundle.KeyRoot}"), "not inside the content-addressed bundle");
            Assert.That(Allowed(policy, "s3:PutObject")(tempObject), Is.True, tempObject);
            Assert.That(Allowed(policy, "s3:DeleteObject")(tempObject), Is.True, tempObject);
            Assert.That(Allowed(policy, "s3:PutObject")($"arn:aws:s3:::artifacts-b/{GlueBundle.KeyRoot}abc/awsdataflowjob.py"), Is.False, "the bundle stays read-only");
            Assert.That(logResources.Where(r => !r.EndsWith(":*", StringComparison.Ordinal)), Is.EquivalentTo(Names.GlueLogGroups.Select(Names.LogGroupArn)));
            Assert.That(logResources, Has.None.Contains("/aws-glue/*"), "not every Glue job's logs");
        });
    }

    [Test]
    public void Only_the_refetch_rule_may_park_its_undelivered_events_in_the_dead_letter_queue()
    {
        var statement = PipelinePolicies.DeadLetterQueue(Names).Statements.Single();

        Assert.That(statement.Principal, Is.EqualTo(PolicyPrincipal.Service("events.amazonaws.com")).Using<PolicyPrincipal>((a, b) => a.Kind == b.Kind && a.Identifiers.SequenceEqual(b.Identifiers)));
        Assert.That(statement.Resources, Is.EqualTo(new[] { Names.QueueArn }));
        Assert.That(statement.Conditions!.Single().Values, Is.EqualTo(new[] { "arn:aws:events:eu-west-1:111122223333:rule/dataflow-dev-history-refetch" }));
    }

    [Test]
    public void Only_the_named_services_can_assume_the_roles()
    {
        var trust = JsonNode.Parse(PipelinePolicies.AssumedBy("scheduler.amazonaws.com", Names).ToJson())!;
        var statement = trust["Statement"]![0]!;

        Assert.That((string)statement["Principal"]!["Service"]![0]!, Is.EqualTo("scheduler.amazonaws.com"));
        Assert.That((string)statement["Action"]![0]!, Is.EqualTo("sts:AssumeRole"));
    }

    [TestCase("scheduler.amazonaws.com", "111122223333", null)]
    [TestCase("events.amazonaws.com", "111122223333", "arn:aws:events:eu-west-1:111122223333:rule/*")]
    [TestCase("lambda.amazonaws.com", null, null)]
    [TestCase("glue.amazonaws.com", null, null)]
    public void Trust_is_conditioned_on_this_account_where_the_service_sends_it(string service, string? account, string? sourceArn)
    {
        var statement = JsonNode.Parse(PipelinePolicies.AssumedBy(service, Names).ToJson())!["Statement"]![0]!;

        Assert.That((string?)statement["Condition"]?["StringEquals"]?["aws:SourceAccount"]?[0], Is.EqualTo(account));
        Assert.That((string?)statement["Condition"]?["ArnLike"]?["aws:SourceArn"]?[0], Is.EqualTo(sourceArn));
    }

    [Test]
    public void Only_this_accounts_alarms_and_rules_may_publish_to_the_alarm_topic()
    {
        var statements = JsonNode.Parse(PipelinePolicies.AlarmTopic("arn:aws:sns:eu-west-1:111122223333:t", Names).ToJson())!["Statement"]!.AsArray();
        var bySid = statements.ToDictionary(s => (string)s!["Sid"]!, s => s!);

        Assert.That((string)bySid["CloudWatchAlarms"]["Condition"]!["ArnLike"]!["aws:SourceArn"]![0]!, Is.EqualTo("arn:aws:cloudwatch:eu-west-1:111122223333:alarm:*"));
        Assert.That((string)bySid["EventBridgeRules"]["Condition"]!["ArnLike"]!["aws:SourceArn"]![0]!, Is.EqualTo("arn:aws:events:eu-west-1:111122223333:rule/*"));
        Assert.That(statements.Select(s => (string)s!["Condition"]!["StringEquals"]!["aws:SourceAccount"]![0]!), Is.All.EqualTo("111122223333"));
    }

    /// <summary>IAM's wildcard matching, written independently of the policies: '*' any run of characters, '?' one.</summary>
    private static Func<string, bool> Allowed(PolicyDocument policy, string action) => resource =>
        policy.Statements.Where(s => s.Effect == PolicyEffect.Allow && s.Actions.Contains(action))
            .SelectMany(s => s.Resources)
            .Any(pattern => Regex.IsMatch(resource, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$"));
}
