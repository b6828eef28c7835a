using System.Text.Json.Nodes;
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
    private List<RegisteredResource> _registered = [];

    [OneTimeSetUp]
    public async Task Deploy()
    {
        _registered = [.. (await StackDeployment.RunAsync(stack)).Mocks.Registered];
        _resources = _registered.Select(r => r.Args).ToList();
    }

    private RegisteredResource Registered(string type, string name) => _registered.Single(r => r.Type == type && r.Name == name);

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
        Assert.That(target["input"], Is.EqualTo("""{"scheduled_time":"<aws.scheduler.scheduled-time>"}"""), "a retry of one schedule is the same run, resumed");
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
        var tables = OfType("aws:glue/catalogTable:CatalogTable").Where(t => Input<string>(t, "tableType") == "EXTERNAL_TABLE")
            .Select(t => Input<string>(t, "name")).Order().ToArray();
        var rulesets = OfType("aws:glue/dataQualityRuleset:DataQualityRuleset").ToArray();
        var dqdl = Directory.GetFiles(RepositoryFile("glue", "rulesets"), "*.dqdl");

        Assert.That(tables, Is.EqualTo(new[] { "bar_revisions", "corporate_actions", "daily_bars", "monthly_bars", "rejected_bars" }));
        Assert.That(rulesets, Has.Length.EqualTo(dqdl.Length));
        Assert.That(rulesets.Select(r => Input<string>(r, "ruleset")), Is.EquivalentTo(dqdl.Select(File.ReadAllText).Select(Dataflow.Infra.Model.Etl.GlueBundle.WithoutLabels)));
    }

    [Test]
    public void No_crawler_adds_partitions_behind_the_commit()
    {
        // The job points the catalog's partitions at the folders its commit names; a crawler would add run folders.
        Assert.That(OfType("aws:glue/crawler:Crawler"), Is.Empty);
        Assert.That(OfType("aws:glue/trigger:Trigger").Select(t => t.Name), Is.EqualTo(new[] { "on-manifest" }));
    }

    [Test]
    public void Catalog_rulesets_carry_no_labels_and_the_jobs_bundle_keeps_them()
    {
        var rulesets = OfType("aws:glue/dataQualityRuleset:DataQualityRuleset").Select(r => Input<string>(r, "ruleset")).ToArray();

        Assert.That(rulesets, Has.All.Not.Contains("labels="));
        Assert.That(File.ReadAllText(Path.Combine(Dataflow.Contracts.Testing.Checkout.Repository.Rulesets, "daily_bars.dqdl")), Does.Contain("labels="));
    }

    [Test]
    public void The_workgroup_enforces_its_settings_and_caps_scans()
    {
        var configuration = (IDictionary<string, object>)OfType("aws:athena/workgroup:Workgroup").Single().Inputs["configuration"];

        Assert.That(configuration["enforceWorkgroupConfiguration"], Is.True);
        Assert.That(configuration["bytesScannedCutoffPerQuery"], Is.EqualTo((stack == "prod" ? 2047 : 1024) * 1024 * 1024));
        Assert.That(OfType("aws:athena/namedQuery:NamedQuery").Count(),
            Is.EqualTo(Directory.GetFiles(RepositoryFile("sql", "athena", "queries"), "*.sql").Length));
    }

    [Test]
    public void Every_view_is_a_glue_catalog_view_of_the_stack_database_with_its_declared_columns()
    {
        var declared = ViewCatalog.Load(Dataflow.Contracts.Testing.Checkout.Contracts);
        var tables = OfType("aws:glue/catalogTable:CatalogTable").Where(t => Input<string>(t, "tableType") == "VIRTUAL_VIEW").ToArray();

        Assert.That(tables.Select(t => Input<string>(t, "name")), Is.EqualTo(declared.Views.Select(v => v.Name)));
        foreach (var table in tables)
        {
            var columns = ((IEnumerable<object>)((IDictionary<string, object>)table.Inputs["storageDescriptor"])["columns"])
                .Cast<IDictionary<string, object>>().Select(c => $"{c["name"]} {c["type"]}");
            Assert.Multiple(() =>
            {
                Assert.That(Input<string>(table, "databaseName"), Is.EqualTo($"dataflow_{stack}_market"));
                Assert.That(((IDictionary<string, object>)table.Inputs["parameters"])["presto_view"], Is.EqualTo("true"));
                Assert.That(Input<string>(table, "viewOriginalText"), Does.StartWith("/* Presto View: "));
                Assert.That(columns, Is.EqualTo(declared.View(Input<string>(table, "name")).Columns.Select(c => $"{c.Name} {c.Type.Glue}")));
            });
        }
    }

    [Test]
    public void Every_role_policy_is_least_privilege()
    {
        var policies = OfType("aws:iam/rolePolicy:RolePolicy").ToArray();

        Assert.That(policies, Has.Length.EqualTo(4), "function, scheduler, job, events");
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
    public void Each_role_policy_attaches_to_its_own_role()
    {
        var policies = _registered.Where(r => r.Type == "aws:iam/rolePolicy:RolePolicy").ToArray();

        Assert.That(policies.Select(p => p.Name), Is.EquivalentTo(new[] { "function-policy", "scheduler-policy", "job-policy", "events-policy" }));
        foreach (var policy in policies)
        {
            var role = Registered("aws:iam/role:Role", policy.Name.Replace("-policy", "-role", StringComparison.Ordinal));
            Assert.That(policy.Inputs.GetValueOrDefault("role"), Is.EqualTo(role.Id), policy.Name);
            Assert.That(role.Id, Is.EqualTo(Mocks.AutoName(role.Name)), "a role without a name gets the provider's generated one, and that is its id");
        }
    }

    [Test]
    public void Each_service_assumes_only_its_own_role()
    {
        var expected = new Dictionary<string, string>
        {
            ["function-role"] = "lambda.amazonaws.com",
            ["scheduler-role"] = "scheduler.amazonaws.com",
            ["job-role"] = "glue.amazonaws.com",
            ["events-role"] = "events.amazonaws.com",
        };
        foreach (var (name, service) in expected)
        {
            using var trust = JsonDocument.Parse((string)Registered("aws:iam/role:Role", name).Inputs["assumeRolePolicy"]);
            var statement = trust.RootElement.GetProperty("Statement").EnumerateArray().Single();
            Assert.That(statement.GetProperty("Principal").GetProperty("Service").ToString(), Does.Contain(service), name);
            Assert.That(Registered("aws:iam/role:Role", name).Inputs["path"], Is.EqualTo("/dataflow/"), $"{name}: under the path a deploy role can be scoped to");
        }
    }

    [Test]
    public void Each_role_is_used_by_the_resource_it_was_made_for()
    {
        string RoleArn(string name) => Registered("aws:iam/role:Role", name).StateString("arn");

        Assert.That(OfType("aws:lambda/function:Function").Single().Inputs["role"], Is.EqualTo(RoleArn("function-role")));
        Assert.That(OfType("aws:glue/job:Job").Single().Inputs["roleArn"], Is.EqualTo(RoleArn("job-role")));
        var target = (IDictionary<string, object>)OfType("aws:scheduler/schedule:Schedule").Single().Inputs["target"];
        Assert.That(target["roleArn"], Is.EqualTo(RoleArn("scheduler-role")));
        Assert.That(target["arn"], Is.EqualTo(Registered("aws:lambda/function:Function", "function").StateString("arn")));
        Assert.That(OfType("aws:cloudwatch/eventTarget:EventTarget").Single(t => t.Name == "manifest-to-workflow").Inputs["roleArn"], Is.EqualTo(RoleArn("events-role")));
    }

    [Test]
    public void Each_event_target_hangs_on_its_own_rule()
    {
        var targets = _registered.Where(r => r.Type == "aws:cloudwatch/eventTarget:EventTarget").ToArray();
        var topic = _registered.Single(r => r.Type == "aws:sns/topic:Topic");
        var workflow = _registered.Single(r => r.Type == "aws:glue/workflow:Workflow");

        Assert.That(targets, Is.Not.Empty);
        foreach (var target in targets)
        {
            var ruleName = target.Name switch
            {
                "manifest-to-workflow" => "manifest-created",
                "refetch-to-function" => "refetch-requested",
                _ => target.Name.Replace("-to-topic", "", StringComparison.Ordinal),
            };
            var rule = Registered("aws:cloudwatch/eventRule:EventRule", ruleName);
            Assert.That(target.Inputs.GetValueOrDefault("rule"), Is.EqualTo(rule.Id), target.Name);
            Assert.That(target.Inputs["arn"], Is.EqualTo(target.Name switch
            {
                "manifest-to-workflow" => workflow.StateString("arn"),
                "refetch-to-function" => Registered("aws:lambda/function:Function", "function").StateString("arn"),
                _ => topic.StateString("arn"),
            }), target.Name);
        }
    }

    [Test]
    public void The_alarm_topic_is_encrypted_with_a_rotated_key_of_its_own_that_its_publishers_may_use()
    {
        var key = Registered("aws:kms/key:Key", "alarm-key");
        var topic = Registered("aws:sns/topic:Topic", "alarms");
        var services = JsonNode.Parse((string)key.Inputs["policy"])!["Statement"]!.AsArray()
            .Where(s => s!["Principal"]?["Service"] is not null).Select(s => (string)s!["Principal"]!["Service"]![0]!);

        Assert.That(topic.Inputs["kmsMasterKeyId"], Is.EqualTo(key.StateString("arn")), "not alias/aws/sns, which CloudWatch and EventBridge cannot use");
        Assert.That(key.Inputs["enableKeyRotation"], Is.True);
        Assert.That(services, Is.EquivalentTo(new[] { "cloudwatch.amazonaws.com", "events.amazonaws.com" }));
    }

    [Test]
    public void The_glue_job_logs_to_log_groups_of_its_own_with_the_stacks_retention()
    {
        var job = OfType("aws:glue/job:Job").Single();
        var prefix = (string)((IDictionary<string, object>)job.Inputs["defaultArguments"])["--custom-logGroup-prefix"];
        var groups = OfType("aws:cloudwatch/logGroup:LogGroup").Where(g => ((string)g.Inputs["name"]).StartsWith("/aws-glue/", StringComparison.Ordinal)).ToArray();

        Assert.That(groups.Select(g => (string)g.Inputs["name"]), Is.EquivalentTo(new[] { $"{prefix}/error", $"{prefix}/output" }));
        Assert.That(groups.Select(g => g.Inputs["retentionInDays"]), Is.All.EqualTo(groups.Length == 0 ? 0 : OfType("aws:cloudwatch/logGroup:LogGroup").Single(g => g.Name == "logs").Inputs["retentionInDays"]),
            "the same retention as the function's logs");
    }

    [Test]
    public void A_refetch_the_etl_requests_invokes_the_function_which_only_that_rule_may_do()
    {
        var rule = Registered("aws:cloudwatch/eventRule:EventRule", "refetch-requested");
        var target = Registered("aws:cloudwatch/eventTarget:EventTarget", "refetch-to-function");
        var permission = OfType("aws:lambda/permission:Permission").Single();

        Assert.That(JsonNode.DeepEquals(JsonNode.Parse((string)rule.Inputs["eventPattern"]), JsonNode.Parse(Dataflow.Contracts.Ingestion.RefetchEvent.Pattern())), Is.True);
        Assert.That(((IDictionary<string, object>)target.Inputs["deadLetterConfig"])["arn"], Is.EqualTo(Registered("aws:sqs/queue:Queue", "dead-letters").StateString("arn")));
        Assert.That(permission.Inputs["principal"], Is.EqualTo("events.amazonaws.com"));
        Assert.That(permission.Inputs["action"], Is.EqualTo("lambda:InvokeFunction"));
        Assert.That(permission.Inputs["sourceArn"], Is.EqualTo(rule.StateString("arn")), "only this rule, not any rule of the account");
        var queuePolicy = OfType("aws:sqs/queuePolicy:QueuePolicy").Single();
        Assert.That((string)queuePolicy.Inputs["policy"], Does.Contain((string)rule.Inputs["name"]), "the dead-letter queue takes the rule's undelivered events");
    }

    [Test]
    public void The_function_logs_to_its_log_group_and_fails_over_to_the_dead_letter_queue()
    {
        var function = Registered("aws:lambda/function:Function", "function");
        var logging = (IDictionary<string, object>)function.Inputs["loggingConfig"];
        var retries = OfType("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").Single();
        var destination = (IDictionary<string, object>)((IDictionary<string, object>)retries.Inputs["destinationConfig"])["onFailure"];
        var queueArn = Registered("aws:sqs/queue:Queue", "dead-letters").StateString("arn");

        Assert.That(logging["logGroup"], Is.EqualTo(Registered("aws:cloudwatch/logGroup:LogGroup", "logs").Id));
        Assert.That(retries.Inputs["functionName"], Is.EqualTo(function.Id));
        Assert.That(destination["destination"], Is.EqualTo(queueArn));
        var schedule = (IDictionary<string, object>)OfType("aws:scheduler/schedule:Schedule").Single().Inputs["target"];
        Assert.That(((IDictionary<string, object>)schedule["deadLetterConfig"])["arn"], Is.EqualTo(queueArn));
    }

    [Test]
    public void Catalog_tables_and_rulesets_belong_to_the_stacks_database()
    {
        var database = _registered.Single(r => r.Type == "aws:glue/catalogDatabase:CatalogDatabase").StateString("name");

        Assert.That(OfType("aws:glue/catalogTable:CatalogTable").Select(t => t.Inputs["databaseName"]), Is.All.EqualTo(database));
        Assert.That(OfType("aws:glue/dataQualityRuleset:DataQualityRuleset").Select(r => ((IDictionary<string, object>)r.Inputs["targetTable"])["databaseName"]),
            Is.All.EqualTo(database));
    }

    [Test]
    public void The_workflow_runs_the_job_on_the_manifest()
    {
        var workflow = Registered("aws:glue/workflow:Workflow", "workflow");
        var onManifest = Registered("aws:glue/trigger:Trigger", "on-manifest");
        var job = Registered("aws:glue/job:Job", "job").StateString("name");
        static IDictionary<string, object> First(object list) => (IDictionary<string, object>)((IEnumerable<object>)list).Single();

        Assert.That(onManifest.Inputs["workflowName"], Is.EqualTo(workflow.StateString("name")));
        Assert.That(First(onManifest.Inputs["actions"])["jobName"], Is.EqualTo(job));
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
    public void The_no_new_data_alarm_judges_only_the_days_the_schedule_runs()
    {
        var alarm = OfType("aws:cloudwatch/metricAlarm:MetricAlarm").Single(a => Input<string>(a, "name").EndsWith("-no-new-data", StringComparison.Ordinal));

        var queries = ((IEnumerable<object>)alarm.Inputs["metricQueries"]).Cast<IReadOnlyDictionary<string, object>>().ToArray();

        // The stack's schedule (Mon-Fri 22:30 UTC, Pulumi.yaml's defaults) never runs on Saturday (6) or Sunday (7).
        Assert.That(queries.Single(q => q.ContainsKey("expression"))["expression"], Is.EqualTo("IF(DAY(FILL(m1, 0)) == 6 OR DAY(FILL(m1, 0)) == 7, 1, FILL(m1, 0))"));
        Assert.That(((IReadOnlyDictionary<string, object>)queries.Single(q => q.ContainsKey("metric"))["metric"])["metricName"], Is.EqualTo("BarsIngested"));
        Assert.That(alarm.Inputs.ContainsKey("metricName"), Is.False, "an alarm on an expression names no metric of its own");
    }

    [Test]
    public void QuickSight_is_deployed_only_where_the_stack_turns_it_on() =>
        Assert.That(OfType("aws:cloudcontrol/resource:Resource"), Is.Empty, "both stacks leave dataflow:quicksightEnabled off until a subscription exists");
}
