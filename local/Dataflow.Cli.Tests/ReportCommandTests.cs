using Dataflow.Contracts.Testing;

namespace Dataflow.Cli.Tests;

public sealed class ReportCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("dataflow-report-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Report_redraws_the_dashboard_from_edited_quicksight_json_without_rerunning_the_etl()
    {
        var lake = Path.Combine(_dir, "lake");
        var run = Dataflow.Run("run", "--lake", lake, "--symbols", "AAPL,SPY", "--from", "2025-01-01");
        Assert.That(run.ExitCode, Is.Zero, run.Output + run.Error);
        var quicksight = Path.Combine(_dir, "quicksight");
        CopyFolder(Checkout.Repository.QuickSight, quicksight);
        var definition = Path.Combine(quicksight, "definition.json");
        File.WriteAllText(definition, File.ReadAllText(definition).Replace("Average return across symbols, latest day (%)", "Mean daily return, edited", StringComparison.Ordinal));
        var curatedBefore = Directory.GetFiles(Path.Combine(lake, "curated"), "*.parquet", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var report = Dataflow.Run("report", "--lake", lake, "--quicksight", quicksight);

        var page = File.ReadAllText(Path.Combine(lake, "reports", "run-report.html"));
        Assert.Multiple(() =>
        {
            Assert.That(report.ExitCode, Is.Zero, report.Output + report.Error);
            Assert.That(Unwrapped(report.Output), Does.Contain("(10 dashboard visuals)"));
            Assert.That(page, Does.Contain("Mean daily return, edited").And.Not.Contain("Average return across symbols, latest day (%)"));
            Assert.That(page, Does.Contain("Data quality"), "the last run's sections are kept");
            Assert.That(Directory.GetFiles(Path.Combine(lake, "curated"), "*.parquet", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc),
                Is.EquivalentTo(curatedBefore), "curated files untouched");
        });
    }

    [Test]
    public void Report_on_a_lake_without_a_run_says_what_to_run_first()
    {
        var result = Dataflow.Run("report", "--lake", Path.Combine(_dir, "empty"));

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Output, Does.Contain("dataflow run"));
    }

    /// <summary>The console wraps long lines at its width; the words are what matter.</summary>
    private static string Unwrapped(string output) => string.Join(' ', output.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
