using Dataflow.Contracts;
using Dataflow.Contracts.Testing;
using System.Text.RegularExpressions;
using Dataflow.Infra.Model.Etl;

namespace Dataflow.Infra.Model.Tests;

public sealed partial class GlueBundleTests
{
    [Test]
    public void The_bundle_holds_the_script_every_etl_model_and_every_ruleset_under_one_hashed_prefix()
    {
        var bundle = GlueBundle.FromRepository(Checkout.Repository);
        var keys = bundle.Files.Select(f => f.Key).ToArray();
        var sql = Directory.GetFiles(Path.Combine(RepositoryRoot.AboveBinaries, "sql", "etl"), "*.sql").Select(Path.GetFileName);
        var rulesets = Directory.GetFiles(Path.Combine(RepositoryRoot.AboveBinaries, "glue", "rulesets"), "*.dqdl").Select(Path.GetFileName);

        Assert.Multiple(() =>
        {
            Assert.That(bundle.Prefix, Does.Match("^glue/[0-9a-f]{16}/$"));
            Assert.That(keys, Is.Unique);
            Assert.That(keys, Does.Contain(bundle.ScriptKey).And.Contain(bundle.PipelineKey).And.Contain(bundle.SeedsPrefix + "symbols.csv").And.Contain(bundle.SeedsPrefix + "trading_sessions.csv"));
            Assert.That(keys.Where(k => k.StartsWith(bundle.SqlPrefix, StringComparison.Ordinal)).Select(Path.GetFileName), Is.EquivalentTo(sql));
            Assert.That(keys.Where(k => k.StartsWith(bundle.RulesetsPrefix, StringComparison.Ordinal)).Select(Path.GetFileName), Is.EquivalentTo(rulesets));
        });
    }

    [Test]
    public void Changing_any_file_changes_the_prefix_and_nothing_else_does()
    {
        using var copy = new RepositoryCopy("glue", "sql");
        var before = GlueBundle.FromRepository(copy.Repository).Prefix;
        Assert.That(GlueBundle.FromRepository(copy.Repository).Prefix, Is.EqualTo(before), "deterministic");
        var model = Directory.GetFiles(copy["sql/etl"], "*.sql").First();
        File.AppendAllText(model, "\n-- a comment\n");

        Assert.That(GlueBundle.FromRepository(copy.Repository).Prefix, Is.Not.EqualTo(before));
    }

    [Test]
    public void Job_arguments_are_exactly_the_ones_the_script_reads()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot.AboveBinaries, "glue", "jobs", GlueBundle.ScriptName));
        var declared = ArgumentsList().Match(script).Groups["list"].Value;
        var expected = QuotedName().Matches(declared).Select(m => m.Groups[1].Value).Where(a => a is not ("JOB_NAME" or "JOB_RUN_ID")).Select(a => "--" + a);

        var bundle = GlueBundle.FromRepository(Checkout.Repository);
        var arguments = bundle.JobArguments("raw", "cur", "art", "ctx", "/aws-glue/jobs/dataflow-dev-etl");

        Assert.That(bundle.ScriptArguments("raw", "cur", "art", "ctx").Keys, Is.EquivalentTo(expected));
        Assert.That(arguments["--sql_prefix"], Is.EqualTo(bundle.SqlPrefix));
        Assert.That(arguments["--pipeline_key"], Is.EqualTo(bundle.PipelineKey));
        Assert.That(arguments["--job-bookmark-option"], Is.EqualTo("job-bookmark-disable"));
        Assert.That(arguments["--custom-logGroup-prefix"], Is.EqualTo("/aws-glue/jobs/dataflow-dev-etl"), "logs go to the job's own groups, which have a retention");
        Assert.That(arguments["--TempDir"], Is.EqualTo(GlueBundle.TempDir("art")));
    }

    [GeneratedRegex(@"ARGUMENTS = \[(?<list>[^\]]*)\]")]
    private static partial Regex ArgumentsList();

    [GeneratedRegex("\"([A-Za-z_]+)\"")]
    private static partial Regex QuotedName();

    [Test]
    public void A_catalog_ruleset_is_the_ruleset_without_its_labels()
    {
        const string Dqdl = """
            Rules = [
                RowCount > 0,
                CustomSql "select count(*) from primary" = 0 labels=["severity"="warn", "team"="data"],
                (IsComplete "a") and (IsComplete "b") labels=["severity"="warn"]
            ]
            """;

        Assert.That(GlueBundle.WithoutLabels(Dqdl), Is.EqualTo("""
            Rules = [
                RowCount > 0,
                CustomSql "select count(*) from primary" = 0,
                (IsComplete "a") and (IsComplete "b")
            ]
            """));
        Assert.That(GlueBundle.WithoutLabels(File.ReadAllText(Path.Combine(Dataflow.Contracts.Testing.Checkout.Repository.Rulesets, "daily_bars.dqdl"))),
            Does.Not.Contain("labels"));
    }
}
