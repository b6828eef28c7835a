using Dataflow.Quality;
using Dataflow.Quality.Evaluation;
using Dataflow.Quality.Syntax;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Pipeline;

namespace Dataflow.Twin.Tests;

/// <summary>
/// A curated table's ruleset (glue/rulesets/TABLE.dqdl) passes on the twin's curated output, and each of its rules fails
/// on a realistic defect made to a copy of that output. A rule without a defect in <see cref="IRulesetDefects.Defects"/>
/// fails the suite.
/// </summary>
public abstract class RulesetDefectTests<TFixture>
    where TFixture : IRulesetDefects
{
    private string _lake = "";
    private DateTimeOffset _asOf;

    protected DqdlDocument Ruleset { get; private set; } = null!;

    /// <summary>A rule too long to spell in a test, found in the ruleset by a fragment of its text.</summary>
    protected static string RuleOf(string fragment) =>
        DqdlDocument.Load(TestRepository.Paths(".").Ruleset(TFixture.Table)).Ruleset.Rules.Select(Printer.Print).Single(r => r.Contains(fragment, StringComparison.Ordinal));

    [OneTimeSetUp]
    public async Task PublishCleanData()
    {
        _lake = Directory.CreateTempSubdirectory($"dataflow-ruleset-{TFixture.Table}-").FullName;
        var run = await new TwinPipeline(TestRepository.Paths(_lake), SilentObserver.Instance)
            .RunAsync(TwinRunOptions.Defaults with { Lake = _lake }, CancellationToken.None);
        _asOf = run.Ingestion.StartedUtc;
        Ruleset = DqdlDocument.Load(TestRepository.Paths(_lake).Ruleset(TFixture.Table));
    }

    [OneTimeTearDown]
    public void RemoveLake() => Directory.Delete(_lake, recursive: true);

    protected EvaluationResult Evaluate(string? defect, DateTimeOffset? asOf = null, IReadOnlyDictionary<string, string>? references = null)
    {
        using var db = new DuckDbSession();
        var store = new CuratedStore(TestRepository.Paths(_lake));
        ParquetTableView.Register(db, Contracts.CuratedSchema.Load(TestRepository.Paths(_lake).Contracts).Table(TFixture.Table),
            store.Files(store.Current(), TFixture.Table), "published");
        db.Execute($"CREATE TABLE {TFixture.Table} AS SELECT * FROM published ORDER BY ALL", "copying the curated table");
        var defaults = ReferenceSeeds.Load(db, TestRepository.Paths(_lake)).Concat(QualityReferences.Empty(TestRepository.Paths(_lake).Contracts)).ToDictionary();
        if (defect is not null)
        {
            db.Execute(defect, "making the defect");
        }

        return new DqdlEvaluator(db.Connection).Evaluate(Ruleset, new EvaluationInput(TFixture.Table, asOf ?? _asOf)
        {
            References = references is null ? defaults : defaults.Concat(references).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        });
    }

    protected double Metric(string rule, string metric, string? defect = null, DateTimeOffset? asOf = null) =>
        Evaluate(defect, asOf).Rules.Single(r => r.Rule == rule).EvaluatedMetrics[metric];

    [Test]
    public void Every_rule_has_a_defect_that_makes_it_fail() =>
        Assert.That(Ruleset.Ruleset.Rules.Select(Printer.Print), Is.EquivalentTo(TFixture.Defects.Keys));

    [Test]
    public void The_clean_curated_data_passes_every_rule()
    {
        var result = Evaluate(null);

        Assert.That(result.Rules.Where(r => r.Outcome != RuleOutcome.Passed).Select(r => $"{r.Rule}: {r.FailureReason}"), Is.Empty);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000:Do not declare static members on generic types",
        Justification = "NUnit's TestCaseSource needs a static source; each closed fixture type has its own cases.")]
    public static IEnumerable<TestCaseData> Cases() =>
        TFixture.Defects.Select(d => new TestCaseData(d.Key, d.Value).SetArgDisplayNames(d.Key[..Math.Min(60, d.Key.Length)].ReplaceLineEndings(" ")));

    [TestCaseSource(nameof(Cases))]
    public void The_rule_fails_on_its_defect(string rule, string defect)
    {
        var result = Evaluate(defect).Rules.Single(r => r.Rule == rule);

        Assert.That(result.Outcome, Is.EqualTo(RuleOutcome.Failed), $"{rule} after: {defect}");
    }
}

/// <summary>What a ruleset fixture declares: its curated table, and per rule (as Glue prints it) SQL that breaks it.</summary>
public interface IRulesetDefects
{
    static abstract string Table { get; }

    static abstract IReadOnlyDictionary<string, string> Defects { get; }
}
