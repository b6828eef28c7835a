using Dataflow.Contracts;
using System.Text.RegularExpressions;
using Dataflow.Twin;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Pipeline;

namespace Dataflow.Glue.Tests;

public sealed class GlueJobTests
{
    private static readonly string Script = Path.Combine(RepositoryRoot.AboveBinaries, "glue", "jobs", "awsdataflowjob.py");

    [Test]
    public void The_job_passes_pyflakes()
    {
        var pyflakes = DebianTool.Require("pyflakes3", "pyflakes3");

        var (exit, output) = DebianTool.Run(pyflakes, Script, allowFailure: true);

        Assert.That(exit, Is.Zero, output);
    }

    [Test]
    public void Pyflakes_catches_an_undefined_name_so_the_lint_can_fail()
    {
        var pyflakes = DebianTool.Require("pyflakes3", "pyflakes3");
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.py");
        File.WriteAllText(broken, File.ReadAllText(Script).Replace("stage_raw(spark, args[\"raw_bucket\"])", "stage_raw(spark, argz[\"raw_bucket\"])", StringComparison.Ordinal));
        try
        {
            Assert.That(DebianTool.Run(pyflakes, broken, allowFailure: true).ExitCode, Is.Not.Zero);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Test]
    public async Task The_job_stages_the_same_columns_the_twin_stages()
    {
        var declared = Regex.Match(File.ReadAllText(Script), @"STAGING_COLUMNS = \[(?<list>[^\]]*)\]").Groups["list"].Value;
        var python = Regex.Matches(declared, "\"(?<c>[a-z_]+)\"").Select(m => m.Groups["c"].Value).ToArray();
        var lake = Directory.CreateTempSubdirectory("dataflow-glue-").FullName;
        try
        {
            await new Dataflow.Twin.Ingest.TwinIngest(TwinPaths.ForLake(lake), _ => null).RunAsync(
                new Dataflow.Twin.Ingest.IngestOptions(Dataflow.Twin.Ingest.IngestSource.Sample, ["AAPL"], "1day",
                    Dataflow.Ingestion.IngestionWindow.Between(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31)), 1, null), null, CancellationToken.None);
            using var db = new DuckDbSession();
            new TwinTransform(db, TwinPaths.ForLake(lake)).StageRaw();

            var twin = db.Query("SELECT column_name FROM (DESCRIBE stg_time_series_values)", "describe").Rows.Select(r => (string)r[0]!).ToArray();

            Assert.That(python, Is.EqualTo(twin));
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    [Test]
    public void The_job_loads_the_reference_data_sets_the_twin_loads_from_the_same_seeds()
    {
        var declared = Regex.Match(File.ReadAllText(Script), @"REFERENCE_SEEDS = \{(?<map>[^}]*)\}").Groups["map"].Value;
        var python = Regex.Matches(declared, "\"(?<alias>[a-z_]+)\": \"(?<seed>[a-z_]+\\.csv)\"")
            .ToDictionary(m => m.Groups["alias"].Value, m => m.Groups["seed"].Value);
        var twin = ReferenceSeeds.Files(ContractFiles.FromRepository(RepositoryRoot.AboveBinaries));

        Assert.That(python.ToDictionary(p => p.Key, p => Path.Combine(RepositoryRoot.AboveBinaries, "sql", "seeds", p.Value)), Is.EquivalentTo(twin));
    }

    [Test]
    public void The_job_runs_the_models_in_file_order_and_overwrites_partitions_dynamically()
    {
        var text = File.ReadAllText(Script);

        Assert.That(text, Does.Contain("keys = sorted(").And.Contain("createOrReplaceTempView(name)"));
        Assert.That(text, Does.Contain("\"spark.sql.sources.partitionOverwriteMode\", \"dynamic\""));
        Assert.That(text, Does.Contain("\"spark.sql.session.timeZone\", \"UTC\""), "both engines read naive UTC timestamps (sql/etl/README.md)");
        Assert.That(text, Does.Contain("EvaluateDataQuality().process_rows("));
        Assert.That(SqlModel.LoadOrdered(Path.Combine(RepositoryRoot.AboveBinaries, "sql", "etl")).Select(m => m.Name),
            Is.EqualTo(new[] { "typed_bars", "validated_bars", "ranked_bars", "daily_bars", "monthly_bars", "rejected_bars" }),
            "name = file name without its NNN_ prefix, as the job's key[4:-4] takes it");
    }
}
