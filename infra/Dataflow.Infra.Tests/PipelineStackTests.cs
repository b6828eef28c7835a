using System.Text.Json;
using Dataflow.Contracts;
using Dataflow.Infra.Model.Iam;
using Pulumi.Testing;

namespace Dataflow.Infra.Tests;

/// <summary>The stages after the lake (ingestion, ETL, analytics, monitoring) under Pulumi mocks, per stack.</summary>
[TestFixture("dev")]
[TestFixture("prod")]
public sealed class PipelineStackTests(string stack)
{
    private List<MockResourceArgs> _resources = [];

    [OneTimeSetUp]
    public async Task Deploy() => _resources = (await StackDeployment.RunAsync(stack)).Mocks.Resources.ToList();

    private IEnumerable<MockResourceArgs> OfType(string type) => _resources.Where(r => r.Type == type);

    private static T Input<T>(MockResourceArgs r, string name) => (T)r.Inputs[name];

    private static string RepositoryFile(params string[] parts) => Path.Combine([RepositoryRoot.AboveBinaries, .. parts]);

    [Test]
    public void One_dotnet10_arm64_function_with_the_stream_handler()
    {
        var function = OfType("aws:lambda/function:Function").Single();

        Assert.That(Input<string>(function, "runtime"), Is.EqualTo("dotnet10"));
        Assert.That((IEnumerable<object>)function.Inputs["architectures"], Is.EqualTo(new[] { "arm64" }));
        Assert.That(Input<string>(function, "handler"), Does.EndWith("::HandleAsync"));
        Assert.That(Input<string>(function, "name"), Is.EqualTo($"dataflow-{stack}-ingestion"));
    }

    [Test]
    public void The_schedule_invokes_the_function_with_retries_and_a_dead_letter_queue()
    {
        var schedule = OfType("aws:scheduler/schedule:Schedule").Single();
        var target = (IDictionary<string, object>)schedule.Inputs["target"];

        Assert.That(Input<string>(schedule, "scheduleExpression"), Is.EqualTo("cron(30 22 ? * MON-FRI *)"));
        Assert.That(((IDictionary<string, object>)schedule.Inputs["flexibleTimeWindow"])["mode"], Is.EqualTo("FLEXIBLE"));
        Assert.That(target.ContainsKey("deadLetterConfig"), "dead-letter queue");
        Assert.That(target.ContainsKey("retryPolicy"), "retry policy");
    }

    [Test]
    public void The_api_key_is_a_secure_string()
    {
        var parameter = OfType("aws:ssm/parameter:Parameter").Single();

        Assert.That(Input<string>(parameter, "type"), Is.EqualTo("SecureString"));
        Assert.That(Input<string>(parameter, "name"), Is.EqualTo($"/dataflow/{stack}/twelvedata/api-key"));
    }

    [Test]
    public void The_glue_job_is_glue_5_sized_by_the_stack_without_bookmarks()
    {
        var job = OfType("aws:glue/job:Job").Single();
        var arguments = (IDictionary<string, object>)job.Inputs["defaultArguments"];

        Assert.That(Input<string>(job, "glueVersion"), Is.EqualTo("5.0"));
        Assert.That(job.Inputs["numberOfWorkers"], Is.EqualTo(stack == "prod" ? 4 : 2), "mocks hand numbers over as doubles; NUnit compares them numerically");
        Assert.That(arguments["--job-bookmark-option"], Is.EqualTo("job-bookmark-disable"));
        Assert.That((string)arguments["--sql_prefix"], Does.StartWith("glue/").And.EndWith("/sql/etl/"));
    }

    [Test]
    public void Catalog_tables_and_rulesets_follow_the_contracts()
    {
        var tables = OfType("aws:glue/catalogTable:CatalogTable").Select(t => Input<string>(t, "name")).Order().ToArray();
        var rulesets = OfType("aws:glue/dataQualityRuleset:DataQualityRuleset").ToArray();
        var dqdl = Directory.GetFiles(RepositoryFile("glue", "rulesets"), "*.dqdl");

        Assert.That(tables, Is.EqualTo(new[] { "daily_bars", "monthly_bars", "rejected_bars" }));
        Assert.That(rulesets, Has.Length.EqualTo(dqdl.Length));
        Assert.That(rulesets.Select(r => Input<string>(r, "ruleset")), Is.EquivalentTo(dqdl.Select(File.ReadAllText)));
    }

    [Test]
    public void The_crawler_only_logs_schema_changes()
    {
        var policy = (IDictionary<string, object>)OfType("aws:glue/crawler:Crawler").Single().Inputs["schemaChangePolicy"];

        Assert.That(policy["deleteBehavior"], Is.EqualTo("LOG"));
        Assert.That(policy["updateBehavior"], Is.EqualTo("LOG"));
    }

    [Test]
    public void The_workgroup_enforces_its_settings_and_caps_scans()
    {
        var configuration = (IDictionary<string, object>)OfType("aws:athena/workgroup:Workgroup").Single().Inputs["configuration"];

        Assert.That(configuration["enforceWorkgroupConfiguration"], Is.True);
        Assert.That(configuration["bytesScannedCutoffPerQuery"], Is.EqualTo((stack == "prod" ? 2047 : 1024) * 1024 * 1024));
        Assert.That(OfType("aws:athena/namedQuery:NamedQuery").Count(),
            Is.EqualTo(Directory.GetFiles(RepositoryFile("sql", "athena"), "*.sql", SearchOption.AllDirectories).Length));
    }

    [Test]
    public void Every_role_policy_is_least_privilege()
    {
        var policies = OfType("aws:iam/rolePolicy:RolePolicy").ToArray();

        Assert.That(policies, Has.Length.EqualTo(5), "function, scheduler, job, crawler, events");
        foreach (var policy in policies)
        {
            using var json = JsonDocument.Parse(Input<string>(policy, "policy"));
            foreach (var statement in json.RootElement.GetProperty("Statement").EnumerateArray())
            {
                var actions = statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!).ToArray();
                var resources = statement.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()!).ToArray();
                Assert.That(actions, Has.None.Contains("*"), policy.Name);
                if (resources.Contains("*"))
                {
                    Assert.That(actions, Is.SubsetOf(PolicyAudit.WildcardResourceActions.Keys), policy.Name);
                }
            }
        }
    }

    [Test]
    public void Alarms_notify_the_topic_and_the_dashboard_is_valid_json()
    {
        var alarms = OfType("aws:cloudwatch/metricAlarm:MetricAlarm").ToArray();
        var dashboard = OfType("aws:cloudwatch/dashboard:Dashboard").Single();

        Assert.That(alarms, Is.Not.Empty);
        Assert.That(alarms.Select(a => ((IEnumerable<object>)a.Inputs["alarmActions"]).Count()), Is.All.EqualTo(1));
        Assert.That(OfType("aws:sns/topicSubscription:TopicSubscription").Single().Inputs["protocol"], Is.EqualTo("email"));
        using var body = JsonDocument.Parse(Input<string>(dashboard, "dashboardBody"));
        Assert.That(body.RootElement.GetProperty("widgets").GetArrayLength(), Is.GreaterThan(0));
    }

    [Test]
    public void QuickSight_is_deployed_only_where_the_stack_turns_it_on() =>
        Assert.That(OfType("aws:cloudcontrol/resource:Resource"), Is.Empty, "both stacks leave dataflow:quicksightEnabled off until a subscription exists");
}
