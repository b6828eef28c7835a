using Dataflow.Contracts;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Dataflow.Infra.Model.Tests;

/// <summary>The GitOps contract of .github/workflows, asserted on the parsed YAML (yamllint checks the syntax in .ci/run).</summary>
public sealed partial class WorkflowTests
{
    private static YamlMappingNode Workflow(string name) =>
        (YamlMappingNode)LoadYaml(Path.Combine(RepositoryRoot.AboveBinaries, ".github", "workflows", name));

    private static YamlNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string? Scalar(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static IEnumerable<(string Id, YamlMappingNode Job)> Jobs(YamlMappingNode workflow) =>
        Map(workflow, "jobs").Children.Select(j => (((YamlScalarNode)j.Key).Value!, (YamlMappingNode)j.Value));

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) =>
        ((YamlSequenceNode)job.Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>();

    private static readonly string[] Files = ["ci.yml", "preview.yml", "deploy.yml"];

    [TestCaseSource(nameof(Files))]
    public void Every_action_is_pinned_to_an_exact_version(string file)
    {
        var uses = Jobs(Workflow(file)).SelectMany(j => Steps(j.Job)).Select(s => Scalar(s, "uses")).OfType<string>().ToArray();

        Assert.That(uses, Is.Not.Empty);
        Assert.That(uses.Where(u => !Pinned().IsMatch(u)), Is.Empty, "pin to vX.Y.Z or a commit SHA");
    }

    /// <summary>
    /// Releases whose commit could not be resolved where this repository is built (no network to GitHub): pinned to the
    /// exact tag until someone runs <c>git ls-remote https://github.com/OWNER/REPO refs/tags/TAG</c>; Dependabot
    /// (.github/dependabot.yml) proposes the SHA with its version comment.
    /// </summary>
    private static readonly string[] AwaitingCommitPins = ["pulumi/actions@v7.0.0", "aws-actions/configure-aws-credentials@v6.2.3"];

    [TestCaseSource(nameof(Files))]
    public void Every_action_is_pinned_by_commit_sha_with_its_version_in_a_comment(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.AboveBinaries, ".github", "workflows", file))
            .Select(l => l.Trim()).Where(l => l.StartsWith("- uses:", StringComparison.Ordinal) || l.StartsWith("uses:", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("uses:", StringComparison.Ordinal) + 5)..].Trim()).ToArray();

        Assert.That(lines, Is.Not.Empty);
        Assert.That(lines.Where(u => !ShaPinned().IsMatch(u) && !AwaitingCommitPins.Contains(u)), Is.Empty, "owner/repo@<40-hex sha> # vX.Y.Z");
    }

    [Test]
    public void Three_parity_jobs_diff_pinned_engines_against_the_twin_and_upload_their_reports()
    {
        var jobs = Jobs(Workflow("ci.yml")).ToDictionary(j => j.Id, j => j.Job);
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.AboveBinaries, ".github", "workflows", "ci.yml"));

        foreach (var (job, engine) in new[] { ("spark-parity", "spark"), ("trino-parity", "trino"), ("dqdl-parity", "deequ") })
        {
            Assert.That(jobs.ContainsKey(job), job);
            var steps = Steps(jobs[job]).ToArray();
            var runs = string.Join("\n", steps.Select(s => Scalar(s, "run") ?? ""));
            Assert.That(runs, Does.Contain("-- parity ").And.Contain($"--engine {engine}").And.Contain("--allowed .github/parity/allowed.yaml"), job);
            var upload = steps.Single(s => Scalar(s, "uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);
            Assert.That(Scalar(upload, "if"), Is.EqualTo("always()"), $"{job}: the report is uploaded when the diff fails the job");
            Assert.That(jobs[job].Children.ContainsKey(new YamlScalarNode("permissions")), Is.False, $"{job}: read-only defaults, no AWS role");
        }

        Assert.That(text, Does.Contain("pyspark==3.5.4").And.Contain("trinodb/trino:476").And.Contain("com.amazon.deequ:deequ:2.0.10-spark-3.5"), "pinned engine versions");
    }

    [Test]
    public void Dependabot_keeps_the_action_pins_current()
    {
        var config = (YamlMappingNode)LoadYaml(Path.Combine(RepositoryRoot.AboveBinaries, ".github", "dependabot.yml"));
        var updates = ((YamlSequenceNode)config.Children[new YamlScalarNode("updates")]).Children.Cast<YamlMappingNode>();

        Assert.That(updates.Select(u => Scalar(u, "package-ecosystem")), Does.Contain("github-actions"));
    }

    [TestCaseSource(nameof(Files))]
    public void Permissions_are_declared_and_minimal(string file)
    {
        var permissions = Map(Workflow(file), "permissions").Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!);
        Assert.That(permissions.Select(p => $"{p.Key}:{p.Value}"), Is.EquivalentTo(new[] { "contents:read" }), "more only where a job needs it");
    }

    [TestCaseSource(nameof(Files))]
    public void Only_jobs_that_assume_an_aws_role_get_an_id_token(string file)
    {
        foreach (var (id, job) in Jobs(Workflow(file)))
        {
            var assumes = Steps(job).Any(s => Scalar(s, "uses")?.StartsWith("aws-actions/configure-aws-credentials@", StringComparison.Ordinal) == true);
            var permissions = job.Children.TryGetValue(new YamlScalarNode("permissions"), out var p)
                ? ((YamlMappingNode)p).Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!)
                : [];
            Assert.That(permissions.GetValueOrDefault("id-token"), Is.EqualTo(assumes ? "write" : null), $"{file}/{id}");
        }
    }

    [TestCaseSource(nameof(Files))]
    public void Checkout_never_leaves_the_token_in_the_git_config(string file)
    {
        var checkouts = Jobs(Workflow(file)).SelectMany(j => Steps(j.Job)).Where(s => Scalar(s, "uses")?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true).ToArray();

        Assert.That(checkouts, Is.Not.Empty);
        Assert.That(checkouts.Select(c => Scalar(Map(c, "with"), "persist-credentials")), Is.All.EqualTo("false"), "pull-request code runs after checkout");
    }

    [Test]
    public void Pull_request_code_never_reaches_prod_credentials_or_state()
    {
        var workflow = Workflow("preview.yml");
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.AboveBinaries, ".github", "workflows", "preview.yml"));
        var (_, job) = Jobs(workflow).Single();

        Assert.That(Scalar(job, "environment"), Is.EqualTo("dev-preview"), "the preview's Pulumi token and role live in an environment of their own, scoped to dev");
        Assert.That(text, Does.Not.Contain("prod").IgnoreCase);
    }

    [Test]
    public void Deploys_run_only_on_main_prod_is_previewed_behind_its_environment_and_runs_the_package_dev_ran()
    {
        var workflow = Workflow("deploy.yml");
        var jobs = Jobs(workflow).ToDictionary(j => j.Id, j => j.Job);
        string[] Uses(string job) => Steps(jobs[job]).Select(s => Scalar(s, "uses") ?? "").ToArray();
        string[] Runs(string job) => Steps(jobs[job]).Select(s => Scalar(s, "run") ?? "").ToArray();

        Assert.That(Map(workflow, "on").Children.Keys.Select(k => ((YamlScalarNode)k).Value), Is.EquivalentTo(new[] { "push", "workflow_dispatch" }));
        Assert.That(jobs.Select(j => Scalar(j.Value, "if")), Is.All.EqualTo("github.ref == 'refs/heads/main'"), "a manual run of another branch deploys nothing");
        var prodPulumi = Steps(jobs["up-prod"]).Where(s => Scalar(s, "uses")?.StartsWith("pulumi/actions@", StringComparison.Ordinal) == true)
            .Select(s => Scalar(Map(s, "with"), "command")).ToArray();
        Assert.That(prodPulumi, Is.EqualTo(new[] { "preview", "up" }), "prod is previewed inside its environment, then applied");
        Assert.That(Runs("up-dev"), Has.Some.Contains("lambda/publish.sh"));
        Assert.That(Uses("up-dev"), Has.Some.StartsWith("actions/upload-artifact@"));
        Assert.That(Runs("up-prod"), Has.None.Contains("lambda/publish.sh"), "prod does not build its own package");
        Assert.That(Uses("up-prod"), Has.Some.StartsWith("actions/download-artifact@"));
    }

    [TestCaseSource(nameof(Files))]
    public void No_long_lived_aws_keys_are_used(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.AboveBinaries, ".github", "workflows", file));
        Assert.That(text, Does.Not.Contain("AWS_ACCESS_KEY_ID").And.Not.Contain("AWS_SECRET_ACCESS_KEY").And.Not.Contain("aws-access-key-id"));
    }

    [Test]
    public void Pull_requests_preview_dev_and_comment_the_diff()
    {
        var workflow = Workflow("preview.yml");
        var (_, job) = Jobs(workflow).Single();
        var stacks = ((YamlSequenceNode)Map(Map(job, "strategy"), "matrix").Children[new YamlScalarNode("stack")]).Children.Select(s => ((YamlScalarNode)s).Value);
        var pulumi = Steps(job).Single(s => Scalar(s, "uses")?.StartsWith("pulumi/actions@", StringComparison.Ordinal) == true);

        Assert.Multiple(() =>
        {
            Assert.That(Map(workflow, "on").Children.Keys.Select(k => ((YamlScalarNode)k).Value), Is.EquivalentTo(new[] { "pull_request" }));
            Assert.That(stacks, Is.EquivalentTo(new[] { "dev" }), "prod is previewed by nobody's pull request");
            Assert.That(Scalar(Map(pulumi, "with"), "command"), Is.EqualTo("preview"));
            Assert.That(Scalar(Map(pulumi, "with"), "comment-on-pr"), Is.EqualTo("true"));
            Assert.That(Scalar(Map(job, "concurrency"), "group"), Does.Contain("${{ matrix.stack }}"), "one group per stack");
            Assert.That(Steps(job).Any(s => Scalar(s, "uses")?.StartsWith("aws-actions/configure-aws-credentials@", StringComparison.Ordinal) == true), "OIDC credentials");
        });
    }

    [Test]
    public void Main_deploys_dev_then_prod_behind_its_environment_one_stack_at_a_time()
    {
        var workflow = Workflow("deploy.yml");
        var jobs = Jobs(workflow).ToDictionary(j => j.Id, j => j.Job);
        var ups = jobs.Where(j => Steps(j.Value).Any(s => Scalar(s, "uses")?.StartsWith("pulumi/actions@", StringComparison.Ordinal) == true
            && Scalar(Map(s, "with"), "command") == "up")).ToDictionary(j => Scalar(j.Value, "environment")!, j => j.Value);

        Assert.Multiple(() =>
        {
            Assert.That(ups.Keys, Is.EquivalentTo(StackFiles()), "an up job per stack, each in the stack's environment");
            Assert.That(Scalar(ups["prod"], "needs"), Is.EqualTo(jobs.Single(j => j.Value == ups["dev"]).Key), "prod after dev");
            Assert.That(Scalar(ups["dev"], "needs"), Is.EqualTo("test"), "dev after the tests");
            foreach (var (stack, job) in ups)
            {
                Assert.That(Scalar(Map(job, "concurrency"), "group"), Is.EqualTo($"pulumi-{stack}"));
                Assert.That(Scalar(Map(job, "concurrency"), "cancel-in-progress"), Is.EqualTo("false"), "never cancel an update half way");
                var stackNames = Steps(job).Where(s => Scalar(s, "uses")?.StartsWith("pulumi/actions@", StringComparison.Ordinal) == true)
                    .Select(s => Scalar(Map(s, "with"), "stack-name"));
                Assert.That(stackNames, Is.All.EndsWith($"/{stack}"), "a job touches its own stack only");
            }

            Assert.That(((YamlSequenceNode)Map(Map(workflow, "on"), "push").Children[new YamlScalarNode("branches")]).Children.Select(b => ((YamlScalarNode)b).Value), Is.EqualTo(new[] { "main" }));
        });
    }

    private static IEnumerable<string> StackFiles() =>
        Directory.GetFiles(RepositoryRoot.AboveBinaries, "Pulumi.*.yaml").Select(f => Path.GetFileName(f).Split('.')[1]);

    [GeneratedRegex(@"^[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")]
    private static partial Regex Pinned();

    [GeneratedRegex(@"^[\w.-]+/[\w.-]+@[0-9a-f]{40}\s+# v\d+\.\d+\.\d+$")]
    private static partial Regex ShaPinned();
}
