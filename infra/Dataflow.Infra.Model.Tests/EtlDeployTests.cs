using Dataflow.Contracts.Testing;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dataflow.Contracts;
using Dataflow.Infra.Model.Analytics;
using Dataflow.Infra.Model.Etl;
using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Naming;

namespace Dataflow.Infra.Model.Tests;

public sealed class EtlDeployTests
{
    private static readonly LakeLayout Layout = LakeLayout.Load(ContractFiles.FromRepository(RepositoryRoot.AboveBinaries));

    [Test]
    public void The_manifest_rule_matches_manifest_keys_and_not_responses()
    {
        var pattern = JsonNode.Parse(EtlTrigger.ManifestCreatedPattern("raw-b", Layout))!;
        var prefix = (string)pattern["detail"]!["object"]!["key"]![0]!["prefix"]!;
        var manifest = Layout.RunManifestKey(new DateOnly(2025, 3, 3), "20250303T220000Z-x");
        var response = Layout.RawTimeSeriesKey("1day", "AAPL", new DateOnly(2025, 3, 3), "20250303T220000Z-x");

        Assert.Multiple(() =>
        {
            Assert.That(manifest, Does.StartWith(prefix));
            Assert.That(response, Does.Not.StartWith(prefix), "one event per run, not per symbol");
            Assert.That((string)pattern["detail"]!["bucket"]!["name"]![0]!, Is.EqualTo("raw-b"));
        });
    }

    [Test]
    public void Every_query_of_sql_athena_queries_becomes_a_named_statement()
    {
        var statements = AthenaStatements.FromRepository(Checkout.Repository);

        Assert.That(statements.Select(s => s.Name), Is.EqualTo(Directory.GetFiles(Checkout.Repository.AthenaQueries, "*.sql")
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)));
    }

    [Test]
    public void Every_view_is_stored_in_the_form_athena_writes_with_its_declared_columns()
    {
        var views = CatalogViews.FromRepository(Checkout.Repository, "dataflow_dev_market");
        var declared = ViewCatalog.Load(Checkout.Contracts);
        var files = Directory.GetFiles(Checkout.Repository.AthenaViews, "*.sql").Order(StringComparer.Ordinal).ToArray();

        Assert.That(views.Select(v => v.Name), Is.EqualTo(files.Select(f => Path.GetFileNameWithoutExtension(f)[4..])), "in file order");
        foreach (var (view, file) in views.Zip(files))
        {
            var text = view.OriginalText;
            var encoded = Regex.Match(text, @"^/\* Presto View: (?<b64>[A-Za-z0-9+/=]+) \*/$");
            Assert.That(encoded.Success, text[..Math.Min(60, text.Length)]);
            var definition = JsonNode.Parse(Convert.FromBase64String(encoded.Groups["b64"].Value))!;
            var sql = (string)definition["originalSql"]!;
            var columns = definition["columns"]!.AsArray().Select(c => $"{c!["name"]} {c["type"]}").ToArray();

            Assert.Multiple(() =>
            {
                Assert.That((string?)definition["catalog"], Is.EqualTo("awsdatacatalog"));
                Assert.That((string?)definition["schema"], Is.EqualTo("dataflow_dev_market"));
                Assert.That(columns, Is.EqualTo(declared.View(view.Name).Columns.Select(c => $"{c.Name} {TrinoType(c.Type.Glue)}")));
                Assert.That(sql, Does.Contain(File.ReadAllText(file).TrimEnd().TrimEnd(';')), "the file's query, whole");
                Assert.That(sql, Does.Not.Contain(";"), "one statement");
                foreach (var column in declared.View(view.Name).Columns)
                {
                    Assert.That(sql, Does.Contain($"cast(declared.{column.Name} as {TrinoType(column.Type.Glue)}) as {column.Name}"));
                }
            });
        }
    }

    /// <summary>Trino's type names for the Hive names of the contracts, as Athena documents the mapping.</summary>
    private static string TrinoType(string hive) => hive switch
    {
        "string" => "varchar",
        "int" => "integer",
        "timestamp" => "timestamp(3)",
        _ => hive,
    };

    [Test]
    public void The_glue_database_ends_with_the_contract_database()
    {
        var names = new StackResourceNames("dataflow", "dev", "eu-west-1", "111122223333");
        Assert.That(names.GlueDatabase, Is.EqualTo($"dataflow_dev_{CuratedSchema.Load(ContractFiles.FromRepository(RepositoryRoot.AboveBinaries)).Database}"));
        Assert.That(PolicyAudit.Check("events", PipelinePolicies.EventsToGlue(names)), Is.Empty);
    }
}
