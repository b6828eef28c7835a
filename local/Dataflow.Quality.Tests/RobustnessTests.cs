using Dataflow.Quality.Evaluation;
using Dataflow.Quality.Syntax;
using DuckDB.NET.Data;

namespace Dataflow.Quality.Tests;

/// <summary>Inputs that crashed the engine (stack overflows, overflows, format errors) or that it refused though Glue accepts them.</summary>
public sealed class RobustnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static string Errors(string text) => string.Join("\n", Assert.Throws<DqdlException>(() => DqdlDocument.Parse(text))!.Errors);

    [Test]
    public void A_composite_with_labels_prints_its_labels_once_and_reparses_the_same()
    {
        var document = DqdlDocument.Parse("""Rules = [ ((IsComplete "high") and (IsComplete "low")) labels=["team"="data"] ]""");

        Assert.That(document.Canonical, Does.Contain("""((IsComplete "high") AND (IsComplete "low")) labels=["team"="data"]"""));
        Assert.That(DqdlDocument.Parse(document.Canonical).Canonical, Is.EqualTo(document.Canonical));
    }

    [Test]
    public void Parentheses_nested_past_the_limit_are_an_error_not_a_crash()
    {
        var deep = $"Rules = [ {new string('(', 20_000)}IsComplete \"a\"{new string(')', 20_000)} ]";
        var atLimit = $"Rules = [ {new string('(', Parser.MaxNesting)}IsComplete \"a\"{new string(')', Parser.MaxNesting)} ]";

        Assert.That(Errors(deep), Does.Contain($"parentheses nested more than {Parser.MaxNesting} deep"));
        Assert.That(DqdlDocument.Parse(atLimit).Canonical, Does.Contain("IsComplete \"a\""));
    }

    [Test]
    public void A_chain_past_the_limit_is_an_error_and_one_at_the_limit_evaluates()
    {
        static string Chain(int terms) => "Rules = [ " + string.Join(" and ", Enumerable.Repeat("(IsComplete \"a\")", terms)) + " ]";

        Assert.That(Errors(Chain(20_000)), Does.Contain($"at most {Parser.MaxNesting} levels"));

        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        using (var create = db.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t AS SELECT 1 AS a";
            create.ExecuteNonQuery();
        }

        var result = new DqdlEvaluator(db).Evaluate(DqdlDocument.Parse(Chain(Parser.MaxNesting + 1)), new EvaluationInput("t", Now));
        Assert.That(result.Rules.Single().Outcome, Is.EqualTo(RuleOutcome.Passed));
    }

    [TestCase("(now() - 99999999999999 days)", "A duration may be at most 3652059 days")]
    [TestCase("(now() - 99999999999999999999999 days)", "a duration of 99999999999999999999999 is out of range")]
    [TestCase("\"99:99\"", "Error Parsing Date: 99:99")]
    [TestCase("\"24:30\"", "Error Parsing Date: 24:30")]
    [TestCase("\"13:00 PM\"", "Error Parsing Date: 13:00 PM")]
    [TestCase("\"2024-13-45\"", "Error Parsing Date: 2024-13-45")]
    public void Out_of_range_dates_times_and_durations_are_clear_errors(string value, string message) =>
        Assert.That(Errors($"Rules = [ ColumnValues \"ts\" > {value} ]"), Does.Contain(message));

    [TestCase("\"24:00\"")]
    [TestCase("\"00:00\"")]
    [TestCase("\"12:30 PM\"")]
    [TestCase("(now() - 3650000 days)")]
    public void Times_and_durations_in_range_are_accepted(string value) =>
        Assert.That(DqdlDocument.Parse($"Rules = [ ColumnValues \"ts\" > {value} ]").Canonical, Does.Contain(value));

    [Test]
    public void A_shift_of_now_past_year_9999_fails_evaluation_with_a_message()
    {
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        using (var create = db.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t AS SELECT TIMESTAMP '2026-01-01 00:00:00' AS ts";
            create.ExecuteNonQuery();
        }

        var document = DqdlDocument.Parse("Rules = [ ColumnValues \"ts\" < (now() + 3650000 days) ]");
        var error = Assert.Throws<DqdlException>(() => new DqdlEvaluator(db).Evaluate(document, new EvaluationInput("t", Now)));
        Assert.That(error!.Errors.Single(), Does.Contain("out of range (years 1 to 9999)"));
    }

    [Test]
    public void An_unknown_time_zone_is_rejected_and_a_known_one_accepted()
    {
        Assert.That(Errors("Rules = [ ColumnValues \"ts\" > \"21:45\" with timeZone = \"Mars/Olympus\" ]"), Does.Contain("Error Parsing Time Zone: Mars/Olympus"));
        Assert.That(DqdlDocument.Parse("Rules = [ ColumnValues \"ts\" > \"21:45\" with timeZone = \"America/New_York\" ]").Canonical, Does.Contain("America/New_York"));
    }

    [TestCase("FileMatch in [\"d41d8cd98f00b204e9800998ecf8427e\"] with hashAlgorithm = \"MD5\"")]
    [TestCase("FileSize \"s3://bucket/key\" > 100")]
    [TestCase("FileSize > 1 MB")]
    [TestCase("FileFreshness \"s3://bucket/\" > (now() - 1 days) with threshold > 0.5")]
    [TestCase("FileUniqueness \"s3://bucket/\" > 0.9")]
    [TestCase("FileMatch \"s3://bucket/a\" \"s3://bucket/b\" with dataFrame = \"true\"")]
    public void File_rules_glue_accepts_parse_and_are_not_evaluated_here(string rule)
    {
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        using (var create = db.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t AS SELECT 1 AS a";
            create.ExecuteNonQuery();
        }

        var result = new DqdlEvaluator(db).Evaluate(DqdlDocument.Parse($"Rules = [ {rule} ]"), new EvaluationInput("t", Now));
        Assert.That(result.Rules.Single().Outcome, Is.EqualTo(RuleOutcome.NotEvaluated));
    }

    [Test]
    public void Content_after_the_last_section_is_a_warning_when_glue_compatible_and_an_error_when_strict()
    {
        const string text = "Rules = [ RowCount > 0 ] Rules = [ RowCount > 1 ]";

        Assert.That(DqdlDocument.Parse(text, ParseOptions.GlueCompatible).Warnings.Single(), Does.Contain("Glue ignores everything from here on"));
        Assert.That(Errors(text), Does.Contain("extraneous input 'Rules'"));
    }

    [TestCase("Rules = [ RowCount > 0 ] # a comment without its newline")]
    [TestCase("Rules = [ RowCount > 0 ]\n# a last comment without its newline")]
    public void A_last_comment_without_a_newline_is_rejected_as_glue_does(string text) =>
        Assert.That(Errors(text), Does.Contain("token recognition error"));
}
