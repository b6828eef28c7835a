using Dataflow.Contracts.Testing;
using System.Text.Json.Nodes;
using Dataflow.Contracts;
using Dataflow.QuickSight;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Pipeline;
using Dataflow.Twin.Query;

namespace Dataflow.Twin.Tests.Report;

/// <summary>Each QuickSight data set declares exactly the columns, in order and type, of the Athena view it reads.</summary>
public sealed class QuickSightDataSetTests
{
    [Test]
    public async Task Data_set_columns_match_the_views()
    {
        var lake = Directory.CreateTempSubdirectory("dataflow-qs-").FullName;
        try
        {
            var paths = TestRepository.Paths(lake);
            await new TwinPipeline(paths, SilentObserver.Instance).RunAsync(
                TwinRunOptions.Defaults with { Lake = lake, Symbols = ["AAPL", "EUR/USD"], From = new(2025, 1, 1) }, CancellationToken.None);
            using var db = new DuckDbSession();
            CuratedCatalog.Register(db, paths, CuratedSchema.Load(Checkout.Contracts));

            foreach (var (key, dataSet) in QuickSightAssets.Load(Checkout.Repository.QuickSight).DataSets)
            {
                var table = dataSet["PhysicalTableMap"]!.AsObject().Single().Value!["RelationalTable"]!;
                var declared = table["InputColumns"]!.AsArray().Select(c => ((string)c!["Name"]!, (string)c["Type"]!)).ToArray();
                var view = (string)table["Name"]!;

                var actual = db.Query($"select column_name, column_type from (describe {view})", view).Rows
                    .Select(r => ((string)r[0]!, QuickSightType((string)r[1]!))).ToArray();

                Assert.That(declared, Is.EqualTo(actual), $"quicksight/data-sets/{key}.json vs view {view}");
            }
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    private static string QuickSightType(string duckDb) => duckDb switch
    {
        "VARCHAR" => "STRING",
        "DATE" or "TIMESTAMP" => "DATETIME",
        "BIGINT" or "INTEGER" => "INTEGER",
        "BOOLEAN" => "BOOLEAN",
        _ when duckDb.StartsWith("DECIMAL", StringComparison.Ordinal) || duckDb == "DOUBLE" => "DECIMAL",
        _ => duckDb,
    };
}
