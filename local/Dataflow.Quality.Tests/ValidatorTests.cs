namespace Dataflow.Quality.Tests;

/// <summary>The validator's messages are Glue's (dqdl.md §7.6), so errors read the same here and in the console.</summary>
public sealed class ValidatorTests
{
    private static string Error(string text) => Assert.Throws<Syntax.DqdlException>(() => DqdlDocument.Parse(text))!.Message;

    [TestCase("Rules = [ Foo \"a\" ]", "Rule Type: Foo is not valid")]
    [TestCase("Rules = [ ColumnCorrelation \"a\" \"b\" \"c\" > 0.5 ]", "Rule Type: ColumnCorrelation is not valid")]
    [TestCase("Rules = [ AllStatistics \"a\" ]", "Analyzer Type: AllStatistics is not supported in rules section")]
    [TestCase("Rules = [ IsComplete \"a\" > 0.5 ]", "Unexpected condition for rule of type IsComplete with boolean return type")]
    [TestCase("Rules = [ RowCount ]", "No condition provided for rule with non-boolean rule type: RowCount")]
    [TestCase("Rules = [ ColumnCount > 1 where \"a > 1\" ]", "Where clause is not supported for rule type: ColumnCount")]
    [TestCase("Rules = [ RowCount > 1 where \"\" ]", "Empty where condition provided for rule type: RowCount")]
    [TestCase("Rules = [ Completeness \"a\" > 0.5 with threshold > 0.5 ]", "Threshold condition not supported for rule type: Completeness")]
    [TestCase("Rules = [ ColumnValues \"a\" > 1 with threshold > 0.5 with threshold > 0.6 ]", "Only one threshold condition at a time is supported.")]
    [TestCase("Rules = [ ColumnValues \"a\" in [\"x\"] with ignoreCase != \"true\" ]", "String tags only support the equality operator.")]
    [TestCase("Rules = [ RowCount > 0 labels=[] ]", "Labels must have at least one label")]
    [TestCase("Rules = [ RowCount > 0 labels=[\"a\"=\"1\", \"a\"=\"2\"] ]", "Duplicate label key. Key must be unique.")]
    [TestCase("Rules = [ RowCount > 0 labels=[\"a\"=\"\"] ]", "Label key or value cannot be empty")]
    [TestCase("Metadata = { \"Owner\": \"me\" } Rules = [ RowCount > 0 ]", "Unsupported key provided in Metadata section")]
    [TestCase("DataSources = { \"Primary\": \"a\", \"AdditionalDataSources\": \"b\" } Rules = [ RowCount > 0 ]", "Additional sources must be an array of values.")]
    [TestCase("Analyzers = [ IsComplete \"a\" ]", "Analyzer Type: IsComplete is not supported")]
    [TestCase("Analyzers = [ Distribution \"a\" ]", "Analyzer Type: Distribution is not valid")]
    [TestCase("_x = \"a\" Rules = [ RowCount > 0 ]", "Variable name '_x' cannot start with '.' or '_'")]
    [TestCase("x = \"a\" x = \"b\" Rules = [ RowCount > 0 ]", "Variable 'x' is already defined")]
    [TestCase("x = \"select $y\" Rules = [ RowCount > 0 ]", "Nested variables are not supported in variable 'x'")]
    [TestCase("Rules = [ CustomSql $nope > 0 ]", "Error resolving parameters: Variable not found: nope")]
    [TestCase("a = [\"x\"] Rules = [ Mean $a > 0 ]", "Error resolving parameters: Invalid variable type for 'a': expected STRING, but got STRING_ARRAY")]
    [TestCase("Rules = [ ColumnValues \"a\" in $nope ]", "Error resolving parameters: Variable not found: nope")]
    public void Invalid_rulesets_get_glues_message(string text, string message) =>
        Assert.That(Error(text), Does.Contain(message));

    [Test]
    public void Labels_are_limited_to_ten_defaults_included()
    {
        var defaults = string.Join(", ", Enumerable.Range(0, 8).Select(i => $"\"d{i}\"=\"v\""));

        Assert.That(Error($"DefaultLabels = [{defaults}] Rules = [ RowCount > 0 labels=[\"a\"=\"1\", \"b\"=\"2\", \"c\"=\"3\"] ]"),
            Does.Contain("Number of labels exceed maximum allowed (MAX: 10)"));
        Assert.That(DqdlDocument.Parse($"DefaultLabels = [{defaults}] Rules = [ RowCount > 0 labels=[\"d0\"=\"x\", \"b\"=\"2\"] ]").Ruleset.Rules, Has.Count.EqualTo(1),
            "a rule label overriding a default does not count twice");
        Assert.That(Error($"Rules = [ RowCount > 0 labels=[\"{new string('k', 129)}\"=\"v\"] ]"), Does.Contain("Label key has length 129 exceeding the maximum length of 128 characters"));
    }

    [Test]
    public void Variables_work_as_parameters_and_with_in()
    {
        var document = DqdlDocument.Parse("sql = \"select count(*) from primary\"\nsyms = [\"AAPL\", \"MSFT\"]\nRules = [ CustomSql $sql > 0, ColumnValues \"symbol\" in $syms ]");

        Assert.That(document.Ruleset.Rules.Select(Syntax.Printer.Print), Is.EqualTo(new[] { "CustomSql $sql > 0", "ColumnValues \"symbol\" in $syms" }));
    }

    [Test]
    public void All_problems_are_reported_together()
    {
        var message = Error("Rules = [ Foo \"a\", RowCount, IsComplete \"b\" > 1 ]");

        Assert.That(message, Does.StartWith("Parsing Error: Rule Type: Foo is not valid, No condition provided"));
    }
}

public sealed class SupportMatrixTests
{
    [Test]
    public void The_published_matrix_is_the_registrys()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dataflow.slnx")))
        {
            root = root.Parent;
        }

        var published = File.ReadAllText(Path.Combine(root!.FullName, "docs", "dqdl-support.md"));

        Assert.That(published, Is.EqualTo(Rules.SupportMatrix.Markdown()), "regenerate: dotnet run --project local/Dataflow.Cli -- quality matrix > docs/dqdl-support.md");
    }
}
