using Dataflow.Contracts;
using Dataflow.Contracts.Testing;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Query;

namespace Dataflow.Twin.Tests;

/// <summary>
/// The views of sql/athena/views against their declarations in sql/contracts/views.yaml: the typed columns the Glue
/// catalog stores for Athena and the twin casts to.
/// </summary>
public sealed class AthenaViewDeclarationTests
{
    private static readonly EtlContract Etl = EtlContract.Load(Checkout.Contracts);

    [Test]
    public void Every_view_yields_exactly_its_declared_columns_and_types()
    {
        var views = AthenaViewSet.Load(Checkout.Contracts, Etl, Checkout.Repository.AthenaViews);

        Assert.That(views.Problems(CuratedSchema.Load(Checkout.Contracts), Checkout.Repository.Relative), Is.Empty);
        Assert.That(views.Views.Select(v => v.Schema.Name), Is.EqualTo(Etl.Models(Checkout.Repository.AthenaViews).Select(m => m.Name)));
    }

    [Test]
    public void A_registered_view_has_the_declared_types_in_declared_order()
    {
        using var db = new DuckDbSession();
        var schema = CuratedSchema.Load(Checkout.Contracts);
        foreach (var table in schema.Tables)
        {
            ParquetTableView.Register(db, table, []);
        }

        var views = AthenaViewSet.Load(Checkout.Contracts, Etl, Checkout.Repository.AthenaViews);
        views.Register(db, p => p);

        foreach (var (_, view) in views.Views)
        {
            var actual = db.Query($"select column_name, column_type from (describe {view.Name})", view.Name).Rows.Select(r => $"{r[0]} {r[1]}");
            Assert.That(actual, Is.EqualTo(view.Columns.Select(c => $"{c.Name} {c.Type.DuckDb}")), view.Name);
        }
    }

    [Test]
    public void A_column_the_declaration_lacks_is_reported_with_both_lists()
    {
        var problems = ProblemsWith(yaml => yaml.Replace("      - { name: volume_zscore, type: double }\n", "", StringComparison.Ordinal));

        Assert.That(problems, Has.Exactly(1).Contains("sql/athena/views/010_daily_metrics.sql").And.Contains("volume_zscore").And.Contains("the contract declares"));
    }

    [Test]
    public void A_type_other_than_the_query_yields_is_reported()
    {
        var problems = ProblemsWith(yaml => yaml.Replace("      - { name: high_risk_days, type: bigint }", "      - { name: high_risk_days, type: int }", StringComparison.Ordinal));

        Assert.That(problems, Is.EqualTo(new[]
        {
            "sql/athena/views/040_risk_metrics.sql (declared in sql/contracts/views.yaml): column high_risk_days is BIGINT in the query, declared INTEGER",
        }));
    }

    [Test]
    public void A_view_file_without_a_declaration_is_an_error_naming_it()
    {
        var contracts = ContractsWith(yaml => yaml[..yaml.IndexOf("  - name: risk_metrics", StringComparison.Ordinal)]);
        try
        {
            var error = Assert.Throws<TwinException>(() => AthenaViewSet.Load(contracts, Etl, Checkout.Repository.AthenaViews));
            Assert.That(error!.Message, Does.Contain("040_risk_metrics.sql has no declaration in sql/contracts/views.yaml"));
        }
        finally
        {
            Directory.Delete(contracts.Directory, recursive: true);
        }
    }

    private static IReadOnlyList<string> ProblemsWith(Func<string, string> edit)
    {
        var contracts = ContractsWith(edit);
        try
        {
            return AthenaViewSet.Load(contracts, Etl, Checkout.Repository.AthenaViews).Problems(CuratedSchema.Load(Checkout.Contracts), Checkout.Repository.Relative);
        }
        finally
        {
            Directory.Delete(contracts.Directory, recursive: true);
        }
    }

    private static ContractFiles ContractsWith(Func<string, string> edit)
    {
        var folder = Directory.CreateTempSubdirectory("dataflow-views-").FullName;
        var original = File.ReadAllText(Checkout.Contracts.Views);
        var edited = edit(original);
        Assert.That(edited, Is.Not.EqualTo(original), "the edit must change the contract");
        File.WriteAllText(Path.Combine(folder, "views.yaml"), edited);
        return new ContractFiles(folder);
    }
}
