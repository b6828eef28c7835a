using System.Text.RegularExpressions;
using Dataflow.Contracts;
using Dataflow.Contracts.Testing;

namespace Dataflow.Cli.Tests;

/// <summary>
/// A key layout changed in sql/contracts/lake.yaml and nowhere else: the CLI on that checkout ingests, transforms,
/// gates, publishes and validates on the new layout.
/// </summary>
public sealed partial class ContractLayoutTests
{
    [Test]
    public void A_raw_layout_with_a_leading_folder_runs_end_to_end_and_validates()
    {
        using var copy = new RepositoryCopy("sql", "glue", "quicksight", "Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml");
        var lakeYaml = copy["sql/contracts/lake.yaml"];
        var original = File.ReadAllText(lakeYaml);
        File.WriteAllText(lakeYaml, RawTemplate().Replace(original, "$1v2/$2", 1));
        var lake = copy["lake"];

        var run = Dataflow.Run("run", "--repo", copy.Root, "--lake", lake, "--symbols", "AAPL,EUR/USD", "--from", "2025-06-01");
        var validate = Dataflow.Run("validate", "--repo", copy.Root);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(lakeYaml), Does.Contain("raw_time_series: \"v2/twelvedata/"), "the edit took");
            Assert.That(run.ExitCode, Is.Zero, run.Output + run.Error);
            Assert.That(Directory.GetFiles(Path.Combine(lake, "raw", "v2"), "*.json", SearchOption.AllDirectories), Has.Length.EqualTo(2), "one response per symbol, on the new layout");
            Assert.That(Directory.GetFiles(Path.Combine(lake, "curated", "daily_bars"), "*.parquet", SearchOption.AllDirectories), Is.Not.Empty);
            Assert.That(validate.ExitCode, Is.Zero, validate.Output + validate.Error);
        });
    }

    [Test]
    public void The_cli_reads_the_checkout_it_is_pointed_at_not_copies_beside_its_binary()
    {
        using var copy = new RepositoryCopy("sql", "glue", "quicksight");
        var query = copy["sql/athena/queries/symbol_performance.sql"];
        File.Delete(query);

        var listed = Dataflow.Run("query", "--repo", copy.Root, "--lake", copy["lake"]);

        Assert.That(listed.ExitCode, Is.Zero, listed.Error);
        Assert.That(listed.Output, Does.Not.Contain("symbol_performance"), "the file deleted from the checkout is gone for the CLI too");
        Assert.That(Directory.GetFiles(AppContext.BaseDirectory, "*.sql", SearchOption.AllDirectories), Is.Empty, "no SQL is copied beside the binaries");
    }

    [Test]
    public void Outside_a_checkout_the_cli_says_so_and_how_to_point_it_at_one()
    {
        var folder = Directory.CreateTempSubdirectory("dataflow-nowhere-").FullName;
        try
        {
            var result = Dataflow.Run("run", "--repo", folder, "--lake", Path.Combine(folder, "lake"));

            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(Unwrapped(result.Output), Does.Contain($"not an AWS Dataflow checkout (no {RepositoryRoot.Marker} in {folder})"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The console wraps long lines at its width; the words are what matter.</summary>
    private static string Unwrapped(string output) => string.Join(' ', output.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex("(raw_time_series: \")(twelvedata/)")]
    private static partial Regex RawTemplate();
}
