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
    public void Every_view_and_query_of_sql_athena_becomes_a_named_statement()
    {
        var statements = AthenaStatements.FromRepository(Checkout.Repository);
        var viewFiles = Directory.GetFiles(Path.Combine(RepositoryRoot.AboveBinaries, "sql", "athena", "views"), "*.sql").Order(StringComparer.Ordinal).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(statements.Where(s => s.IsView).Select(s => Regex.Match(s.Sql, @"^create or replace view (\w+) as").Groups[1].Value),
                Is.EqualTo(viewFiles.Select(f => Path.GetFileNameWithoutExtension(f)[4..])), "in file order");
            Assert.That(statements.Count(s => !s.IsView), Is.EqualTo(Directory.GetFiles(Path.Combine(RepositoryRoot.AboveBinaries, "sql", "athena", "queries"), "*.sql").Length));
            Assert.That(statements.Select(s => s.Name), Is.Unique);
            Assert.That(statements.Where(s => s.IsView).Select(s => s.Sql), Has.All.Not.Contain(";"), "one statement each");
        });
    }

    [Test]
    public void The_glue_database_ends_with_the_contract_database()
    {
        var names = new StackResourceNames("dataflow", "dev", "eu-west-1", "111122223333");
        Assert.That(names.GlueDatabase, Is.EqualTo($"dataflow_dev_{CuratedSchema.Load(ContractFiles.FromRepository(RepositoryRoot.AboveBinaries)).Database}"));
        Assert.That(PolicyAudit.Check("events", PipelinePolicies.EventsToGlue(names)), Is.Empty);
    }
}
