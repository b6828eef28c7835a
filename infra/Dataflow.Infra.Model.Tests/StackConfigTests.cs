using Dataflow.Contracts.Testing;
using Dataflow.Contracts;
using Dataflow.Infra.Model.Configuration;

namespace Dataflow.Infra.Model.Tests;

public sealed class StackConfigTests
{
    private static readonly SymbolUniverse Universe = Checkout.Universe;
    private static readonly PulumiProject Project = PulumiProject.Load(RepositoryRoot.AboveBinaries);

    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["aws:region"] = "eu-west-1",
        ["dataflow:alarmEmail"] = "ops@example.com",
        ["dataflow:scheduleExpression"] = "cron(30 22 ? * MON-FRI *)",
        ["dataflow:rawInfrequentAccessDays"] = "30",
        ["dataflow:rawNoncurrentVersionDays"] = "30",
        ["dataflow:athenaResultsDays"] = "7",
        ["dataflow:artifactsNoncurrentVersionDays"] = "14",
    };

    private static StackConfig Parse(string stack, params (string Key, string? Value)[] overrides)
    {
        var values = new Dictionary<string, string?>(Valid);
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        // As the Pulumi CLI hands them over: the stack's values over Pulumi.yaml's defaults.
        return StackConfig.Parse("dataflow", stack, k => values.TryGetValue(k, out var v) ? v : Project.Declarations.GetValueOrDefault(k)?.Default, Universe);
    }

    [Test]
    public void The_repository_has_exactly_the_dev_and_prod_stacks() =>
        Assert.That(Project.Stacks, Is.EqualTo(new[] { "dev", "prod" }));

    [TestCase("dev")]
    [TestCase("prod")]
    public void Each_stack_file_resolves_to_a_valid_configuration(string stack)
    {
        var config = Project.Resolve(stack, Universe);

        Assert.That(config.Stack, Is.EqualTo(stack));
        Assert.That(config.Project, Is.EqualTo("dataflow"));
        Assert.That(config.Symbols, Is.Not.Empty);
    }

    [Test]
    public void Dev_and_prod_differ_only_in_the_keys_their_files_set()
    {
        var dev = Project.Resolve("dev", Universe);
        var prod = Project.Resolve("prod", Universe);

        Assert.That(dev.Symbols, Is.EqualTo(new[] { "AAPL", "MSFT", "SPY", "EUR/USD" }));
        Assert.That(prod.Symbols, Is.EqualTo(Universe.Symbols.Select(s => s.Symbol)), "prod leaves symbols unset: the whole universe");
        Assert.That(dev.ForceDestroy, Is.True);
        Assert.That(prod.ForceDestroy, Is.False);
        Assert.That((dev.ProtectData, prod.ProtectData), Is.EqualTo((false, true)));
        Assert.That(prod.Compute, Is.EqualTo(new ComputeSettings("G.1X", 4, 90, 2047 * 1024 * 1024)));
        Assert.That(dev.Compute, Is.EqualTo(new ComputeSettings("G.1X", 2, 30, 1024 * 1024 * 1024)), "Pulumi.yaml's defaults");
        Assert.That(dev with { Stack = "prod", Symbols = prod.Symbols, ForceDestroy = false, ProtectData = true, AlarmEmail = prod.AlarmEmail, Retention = prod.Retention, Compute = prod.Compute },
            Is.EqualTo(prod));
    }

    [Test]
    public void Every_declared_key_has_a_description()
    {
        Assert.That(Project.Declarations.Values.Where(d => string.IsNullOrWhiteSpace(d.Description)).Select(d => d.Key), Is.Empty);
    }

    [Test]
    public void Every_problem_is_reported_at_once_naming_its_key()
    {
        var e = Assert.Throws<StackConfigException>(() => Parse("dev",
            ("aws:region", "Ireland"),
            ("dataflow:alarmEmail", "nobody"),
            ("dataflow:rawInfrequentAccessDays", "7"),
            ("dataflow:symbols", "[\"AAPL\",\"ZZZZ\"]"),
            ("dataflow:interval", "1hour")));

        Assert.That(e!.Problems, Has.Count.EqualTo(5));
        Assert.That(e.Message, Does.Contain("aws:region 'Ireland'")
            .And.Contain("dataflow:alarmEmail 'nobody'")
            .And.Contain("dataflow:rawInfrequentAccessDays must be a whole number of days, at least 30 (got '7')")
            .And.Contain("'ZZZZ' is not in sql/seeds/symbols.csv")
            .And.Contain("dataflow:interval '1hour'"));
    }

    [Test]
    public void An_empty_number_is_an_error_not_the_minimum()
    {
        var e = Assert.Throws<StackConfigException>(() => Parse("dev", ("dataflow:glueWorkers", "")));

        Assert.That(e!.Message, Does.Contain("dataflow:glueWorkers is required"));
    }

    [TestCase("prod")]
    [TestCase("production")]
    [TestCase("prod-eu")]
    public void A_stack_protects_its_data_unless_it_says_otherwise_whatever_its_name(string stack)
    {
        Assert.That(Parse(stack).ProtectData, Is.True, "Pulumi.yaml's default");
        var e = Assert.Throws<StackConfigException>(() => Parse(stack, ("dataflow:forceDestroy", "true")));

        Assert.That(e!.Message, Does.Contain("dataflow:forceDestroy may be true only with dataflow:protectData: false"));
        Assert.That(Parse(stack, ("dataflow:forceDestroy", "true"), ("dataflow:protectData", "false")).ForceDestroy, Is.True, "a throw-away stack says so twice");
    }

    [TestCase("rate(1 hour)", true)]
    [TestCase("cron(30 22 ? * MON-FRI *)", true)]
    [TestCase("cron(30 22 * *)", false)]
    [TestCase("every day", false)]
    public void Schedule_expressions_are_checked(string expression, bool valid)
    {
        if (valid)
        {
            Assert.That(Parse("dev", ("dataflow:scheduleExpression", expression)).ScheduleExpression, Is.EqualTo(expression));
        }
        else
        {
            Assert.Throws<StackConfigException>(() => Parse("dev", ("dataflow:scheduleExpression", expression)));
        }
    }

    [Test]
    public void A_misspelt_key_in_a_stack_file_is_an_error_not_ignored()
    {
        var dir = Directory.CreateTempSubdirectory("pulumi-project-").FullName;
        try
        {
            File.Copy(Path.Combine(RepositoryRoot.AboveBinaries, "Pulumi.yaml"), Path.Combine(dir, "Pulumi.yaml"));
            File.WriteAllText(Path.Combine(dir, "Pulumi.dev.yaml"), "config:\n  dataflow:alarmEmial: a@b.co\n");

            var e = Assert.Throws<StackConfigException>(() => PulumiProject.Load(dir).StackValues("dev"));

            Assert.That(e!.Message, Does.Contain("dataflow:alarmEmial is not declared in Pulumi.yaml"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestCase("dataflow:glueWorkerType", "G.3X", "is not a Glue 5 worker type")]
    [TestCase("dataflow:glueWorkers", "0", "must be a whole number from 2 to 100")]
    [TestCase("dataflow:logRetentionDays", "10", "is not a CloudWatch Logs retention")]
    [TestCase("dataflow:athenaBytesScannedCutoffMb", "abc", "must be a whole number")]
    [TestCase("dataflow:athenaBytesScannedCutoffMb", "2048", "from 10 to 2047")]
    [TestCase("dataflow:quicksightEnabled", "yes", "must be true or false")]
    public void Deploy_settings_out_of_range_are_refused_with_their_key(string key, string value, string message) =>
        Assert.That(() => Parse("dev", (key, value)), Throws.TypeOf<StackConfigException>().With.Message.Contains(key).And.Message.Contains(message));

    [Test]
    public void Dashboards_on_need_a_principal_to_share_them_with()
    {
        Assert.That(() => Parse("dev", ("dataflow:quicksightEnabled", "true")),
            Throws.TypeOf<StackConfigException>().With.Message.Contains("dataflow:quicksightPrincipalArn"));
        var config = Parse("dev", ("dataflow:quicksightEnabled", "true"), ("dataflow:quicksightPrincipalArn", "arn:aws:quicksight:eu-west-1:111122223333:group/default/analysts"));
        Assert.That(config.Dashboards, Is.EqualTo(new DashboardSettings(true, "arn:aws:quicksight:eu-west-1:111122223333:group/default/analysts")));
    }
}
