using Dataflow.Quality.Syntax;

namespace Dataflow.Quality.Tests;

public sealed class ParserTests
{
    private static string One(string rule) => Printer.Print(DqdlDocument.Parse($"Rules = [ {rule} ]").Ruleset.Rules.Single());

    private static DqdlException Fails(string text, ParseOptions? options = null) =>
        Assert.Throws<DqdlException>(() => DqdlDocument.Parse(text, options))!;

    public static IEnumerable<string> ExampleFiles() => DqdlExamples.Files();

    [TestCaseSource(nameof(ExampleFiles))]
    public void Every_reference_example_parses_and_its_canonical_form_is_stable(string file)
    {
        var document = DqdlDocument.Load(file);

        var again = DqdlDocument.Parse(document.Canonical);

        Assert.That(again.Canonical, Is.EqualTo(document.Canonical));
        Assert.That(document.Ruleset.Rules.Count + document.Ruleset.Analyzers.Count, Is.GreaterThan(0));
    }

    [Test]
    public void The_core_example_prints_each_rule_as_glue_does()
    {
        var rules = DqdlDocument.Load(Path.Combine(DqdlExamples.Folder, "01_core_integrity.dqdl")).Ruleset.Rules.Select(Printer.Print).ToArray();

        Assert.That(rules, Has.Length.EqualTo(31));
        Assert.That(rules, Does.Contain("IsPrimaryKey \"symbol\" \"datetime\""));
        Assert.That(rules, Does.Contain("ColumnValues \"datetime\" <= (now() + 5 minutes)"));
        Assert.That(rules, Does.Contain("ColumnValues \"symbol\" matches \"[A-Z][A-Z0-9.-]{0,9}\""));
        Assert.That(rules, Does.Contain("CustomSql \"select count(*) from primary where high < low\" = 0"));
    }

    [Test]
    public void And_binds_tighter_than_or_and_chains_flatten()
    {
        Assert.That(One("(RowCount > 0) or (IsComplete \"a\") and (IsUnique \"a\")"),
            Is.EqualTo("(RowCount > 0) OR ((IsComplete \"a\") AND (IsUnique \"a\"))"));
        Assert.That(One("(RowCount > 0) and (IsComplete \"a\") and (IsUnique \"a\")"),
            Is.EqualTo("(RowCount > 0) AND (IsComplete \"a\") AND (IsUnique \"a\")"));
        Assert.That(One("((RowCount > 0) or (IsComplete \"a\")) and (IsUnique \"a\")"),
            Is.EqualTo("((RowCount > 0) OR (IsComplete \"a\")) AND (IsUnique \"a\")"));
    }

    [Test]
    public void The_and_trap_swallows_the_next_rule_as_parameters()
    {
        Assert.That(Fails("Rules = [ IsComplete \"a\" and IsComplete \"b\" ]").Message, Is.EqualTo("Parsing Error: Rule Type: IsComplete is not valid"));

        var silent = DqdlDocument.Parse("Rules = [ IsComplete \"a\" OR IsUnique \"b\" and IsComplete \"c\" ]").Ruleset.Rules.Single();

        Assert.That(Printer.Print(silent), Is.EqualTo("(IsComplete \"a\") OR (IsUnique \"b\" and IsComplete \"c\")"));
        Assert.That(One("RowCount > 5 and IsComplete \"a\""), Is.EqualTo("(RowCount > 5) AND (IsComplete \"a\")"), "a condition ends the parameters");
    }

    [Test]
    public void Number_expressions_have_no_operator_precedence()
    {
        var rule = (LeafRule)DqdlDocument.Parse("Rules = [ RowCount > 4 + 2 * 3 ]").Ruleset.Rules.Single();

        var expression = ((NumberOperand)((ComparisonCondition)rule.Condition!).Value).Expression;
        Assert.That(expression, Is.EqualTo(new BinaryNumber('*', new BinaryNumber('+', new NumberLiteral("4"), new NumberLiteral("2")), new NumberLiteral("3"))));
        Assert.That(One("RowCount between 0.8 * avg(last(7)) and 1.2 * avg(last(7))"), Is.EqualTo("RowCount between 0.8 * avg(last(7)) and 1.2 * avg(last(7))"));
        Assert.That(One("Mean \"v\" > avg(last(5)) - (2 * std(last(5)))"), Is.EqualTo("Mean \"v\" > avg(last(5)) - (2 * std(last(5)))"));
    }

    [Test]
    public void Trailing_content_is_rejected_by_default_and_a_warning_in_glue_mode()
    {
        Assert.That(Fails("Rules = [ RowCount > 0 ] garbage here").Message, Does.Contain("line 1:25 extraneous input 'garbage'"));
        Assert.That(Fails("Analyzers = [ RowCount ] Rules = [ RowCount > 0 ]").Message, Does.Contain("a Rules section after Analyzers is ignored by Glue"));

        var lenient = DqdlDocument.Parse("Rules = [ RowCount > 0 ] garbage here", ParseOptions.GlueCompatible);

        Assert.That(lenient.Warnings.Single(), Does.Contain("extraneous input 'garbage'"));
        Assert.That(lenient.Ruleset.Rules, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_carriage_return_fails_like_glue_unless_normalised()
    {
        Assert.That(Fails("Rules = [\r\n RowCount > 0\r\n]").Message, Does.Contain("line 1:9 token recognition error at: '\\r'"));
        Assert.That(DqdlDocument.Parse("Rules = [\r\n RowCount > 0\r\n]", new ParseOptions(NormalizeLineEndings: true)).Ruleset.Rules, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_final_comment_needs_its_newline()
    {
        Assert.That(Fails("Rules = [ RowCount > 0 ]\n# done").Message, Does.Contain("token recognition error"));
        Assert.That(DqdlDocument.Parse("Rules = [ RowCount > 0 ]\n# done\n").Ruleset.Rules, Has.Count.EqualTo(1));
    }

    [Test]
    public void Escapes_stay_in_parameters_and_are_unescaped_for_evaluation()
    {
        var rule = (LeafRule)DqdlDocument.Parse("Rules = [ IsComplete \"a\\\"b\" ]").Ruleset.Rules.Single();

        Assert.That(rule.Parameters[0].Value, Is.EqualTo("a\\\"b"));
        Assert.That(rule.Parameters[0].Unescaped, Is.EqualTo("a\"b"));
        Assert.That(Printer.Print(rule), Is.EqualTo("IsComplete \"a\\\"b\""));
    }

    [Test]
    public void Clauses_keep_their_fixed_order()
    {
        Assert.That(One("ColumnValues \"v\" > 0 where \"symbol = 'SPY'\" labels=[\"team\"=\"data\"] with threshold > 0.95"),
            Is.EqualTo("ColumnValues \"v\" > 0 where \"symbol = 'SPY'\" with threshold > 0.95 labels=[\"team\"=\"data\"]"));
        Assert.That(Fails("Rules = [ ColumnValues \"v\" > 0 with threshold > 0.5 where \"x\" ]").Message, Does.Contain("where"));
    }

    [Test]
    public void Keywords_are_case_sensitive_where_glue_says_so()
    {
        Assert.That(Fails("Rules = [ RowCount BETWEEN 1 and 2 ]").Message, Does.StartWith("Parsing Error: line 1:27"), "BETWEEN is an identifier: a parameter");
        Assert.That(Fails("rules = [ RowCount > 0 ]").Message, Does.StartWith("Parsing Error: line 1:10"), "lower-case rules is a variable name");
        Assert.That(Fails("RowCount > 0").Message, Does.Contain("expecting {'Rules', 'Analyzers'}"));
        Assert.That(One("RowCount between 1 AND 2"), Is.EqualTo("RowCount between 1 and 2"));
    }

    [Test]
    public void Trailing_commas_and_empty_sections_are_errors()
    {
        Assert.That(Fails("Rules = [ RowCount > 0, ]").Message, Does.Contain("line 1:24"));
        Assert.That(Fails("Rules = [ ]").Message, Is.EqualTo("Parsing Error: No rules or analyzers provided."));
        Assert.That(DqdlDocument.Parse("Rules = [ RowCount > 0 ] Analyzers = [ ]").Ruleset.HasAnalyzersSection, Is.True);
    }

    [Test]
    public void Lists_print_without_spaces_and_dates_and_durations_keep_their_form()
    {
        Assert.That(One("ColumnValues \"s\" in [ \"a\", \"b\", NULL ]"), Is.EqualTo("ColumnValues \"s\" in [\"a\",\"b\",NULL]"));
        Assert.That(One("ColumnValues \"n\" not in [1, 2,3]"), Is.EqualTo("ColumnValues \"n\" not in [1,2,3]"));
        Assert.That(One("DataFreshness \"t\" <= 24 hours"), Is.EqualTo("DataFreshness \"t\" <= 24 hours"));
        Assert.That(One("ColumnValues \"d\" > (now() - 3 days)"), Is.EqualTo("ColumnValues \"d\" > (now() - 3 days)"));
        Assert.That(One("ColumnValues \"d\" >= \"2024-01-01\""), Is.EqualTo("ColumnValues \"d\" >= \"2024-01-01\""));
        Assert.That(One("ColumnValues \"n\" > - 5"), Is.EqualTo("ColumnValues \"n\" > -5"));
        Assert.That(One("Completeness of col_1 > 0.5"), Is.EqualTo("Completeness of col_1 > 0.5"));
        Assert.That(Fails("Rules = [ ColumnValues \"s\" in [1, \"2\"] ]").Message, Does.Contain("may not mix"));
    }
}
