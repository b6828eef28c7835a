using Dataflow.Contracts.Testing;
using Dataflow.Contracts;
using System.Text.Json;

namespace Dataflow.Cli.Tests;

public sealed class QualityCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("dataflow-cli-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void Lint_prints_the_canonical_form_and_exits_zero()
    {
        var file = Write("ok.dqdl", "Rules = [ (RowCount > 0) and (IsComplete \"a\"), ColumnValues \"s\" in [ \"x\", \"y\" ] ]\n");

        var (exit, output, _) = Dataflow.Run("quality", "lint", file);

        Assert.That(exit, Is.Zero);
        Assert.That(output, Is.EqualTo("Rules = [\n    (RowCount > 0) AND (IsComplete \"a\"),\n    ColumnValues \"s\" in [\"x\",\"y\"]\n]\n"));
    }

    [Test]
    public void Lint_lists_every_error_with_the_file_and_exits_one()
    {
        var file = Write("bad.dqdl", "Rules = [ Foo \"a\", RowCount ]\n");

        var (exit, _, error) = Dataflow.Run("quality", "lint", file);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain($"{file}: Rule Type: Foo is not valid").And.Contain("No condition provided for rule with non-boolean rule type: RowCount"));
    }

    [Test]
    public void Check_prints_glue_shaped_json_and_exits_one_when_a_rule_fails()
    {
        var data = Write("bars.csv", "symbol,close\nAAPL,10\nMSFT,-1\n");
        var ruleset = Write("r.dqdl", "Rules = [ RowCount = 2, ColumnValues \"close\" > 0 ]\n");

        var (exit, output, _) = Dataflow.Run("quality", "check", "--ruleset", ruleset, "--data", data, "--json");

        Assert.That(exit, Is.EqualTo(1));
        using var doc = JsonDocument.Parse(output);
        var rules = doc.RootElement.EnumerateArray().ToArray();
        Assert.That(rules.Select(r => (r.GetProperty("Rule").GetString(), r.GetProperty("Outcome").GetString())),
            Is.EqualTo(new[] { ("RowCount = 2", "Passed"), ("ColumnValues \"close\" > 0", "Failed") }));
        Assert.That(rules[1].GetProperty("FailureReason").GetString(), Is.EqualTo("50.00 % of rows passed the threshold"));
        Assert.That(rules[0].GetProperty("EvaluatedMetrics").GetProperty("Dataset.*.RowCount").GetDouble(), Is.EqualTo(2));
    }

    [Test]
    public void Check_knows_the_pipelines_reference_data_sets_unless_told_otherwise()
    {
        var data = Write("bars.csv", "symbol\nAAPL\nBTC/USD\n");
        var ruleset = Write("r.dqdl", """
            Rules = [
                ReferentialIntegrity "symbol" "symbol_reference.symbol" = 1.0,
                CustomSql "select count(*) from trading_sessions where calendar = 'XNYS' and session_date between '2025-02-01' and '2025-02-28'" = 19
            ]

            """);
        var universe = Write("universe.csv", "symbol\nAAPL\n");

        var (defaults, _, _) = Dataflow.Run("quality", "check", "--ruleset", ruleset, "--data", data);
        var (overridden, output, _) = Dataflow.Run("quality", "check", "--ruleset", ruleset, "--data", data, "--reference", $"symbol_reference={universe}", "--json");

        Assert.That(defaults, Is.Zero, "AAPL and BTC/USD are in sql/seeds/symbols.csv; February 2025 had 19 NYSE sessions");
        Assert.That(overridden, Is.EqualTo(1));
        Assert.That(JsonDocument.Parse(output).RootElement[0].GetProperty("EvaluatedMetrics").GetProperty("Column.symbol_reference.ReferentialIntegrity").GetDouble(), Is.EqualTo(0.5));
    }

    [Test]
    public void Check_on_a_missing_file_says_so_and_exits_one_as_all_bad_input_does()
    {
        var ruleset = Write("r.dqdl", "Rules = [ RowCount > 0 ]\n");

        var (exit, output, _) = Dataflow.Run("quality", "check", "--ruleset", ruleset, "--data", Path.Combine(_dir, "nope.parquet"));

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("no such file or folder"));
    }

    [Test]
    public void Run_with_a_bad_date_explains_the_format()
    {
        var (exit, _, error) = Dataflow.Run("run", "--lake", _dir, "--from", "2025-13-01");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(error, Does.Contain("--from '2025-13-01' is not a date in yyyy-MM-dd form"));
    }
}

public sealed class ValidateCommandTests
{
    [Test]
    public void The_repository_validates()
    {
        var (exit, output, _) = Dataflow.Run("validate", "--repo", RepositoryRoot.AboveBinaries);

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("ok   quicksight (CloudFormation schemas and lint)").And.Contain("ok   glue/rulesets (DQDL, strict)"));
    }

    [Test]
    public void A_broken_artifact_fails_validation_and_says_where()
    {
        using var repository = new RepositoryCopy("sql", "glue", "quicksight", "Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml");
        var copy = repository.Root;
        File.AppendAllText(Path.Combine(copy, "glue", "rulesets", "daily_bars.dqdl"), "garbage\n");
        File.WriteAllText(Path.Combine(copy, "Pulumi.prod.yaml"), File.ReadAllText(Path.Combine(copy, "Pulumi.prod.yaml")).Replace("forceDestroy: false", "forceDestroy: true", StringComparison.Ordinal));
        // A hand edit of the seed: Christmas Day 2026 made a session on NYSE.
        var sessions = Path.Combine(copy, "sql", "seeds", "trading_sessions.csv");
        File.WriteAllText(sessions, File.ReadAllText(sessions).Replace("XNYS,2026-12-24\n", "XNYS,2026-12-24\nXNYS,2026-12-25\n", StringComparison.Ordinal));

        var (exit, output, _) = Dataflow.Run("validate", "--repo", copy);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("FAIL glue/rulesets").And.Contain("daily_bars.dqdl: line").And.Contain("extraneous input 'garbage'"));
        Assert.That(output, Does.Contain("Pulumi.prod.yaml: dataflow:forceDestroy may be true only with dataflow:protectData: false"));
        Assert.That(output, Does.Contain("FAIL sql/seeds/trading_sessions.csv").And.Contain("differs from the trading calendars"));
    }
}
