using Dataflow.Contracts.Testing;
using Dataflow.Contracts;

namespace Dataflow.Contracts.Tests;

public sealed class CuratedSchemaTests
{
    private static readonly CuratedSchema Schema = CuratedSchema.Load(Checkout.Contracts);

    [Test]
    public void The_five_curated_tables_are_declared() =>
        Assert.That(Schema.Tables.Select(t => t.Name), Is.EqualTo(new[] { "daily_bars", "monthly_bars", "rejected_bars", "bar_revisions", "corporate_actions" }));

    [Test]
    public void Daily_bars_key_columns_are_typed_and_not_nullable()
    {
        var daily = Schema.Table("daily_bars");

        Assert.That(daily.Grain, Is.EqualTo(new[] { "symbol", "bar_interval", "bar_time" }));
        Assert.That(daily.Column("close").Type.DuckDb, Is.EqualTo("DECIMAL(18,6)"));
        Assert.That(daily.Column("bar_time").Type.QuickSight, Is.EqualTo("DATETIME"));
        Assert.That(daily.Column("volume").Nullable, Is.True);
        Assert.That(daily.Column("symbol").Nullable, Is.False);
        Assert.That(daily.PartitionKeys.Select(k => k.Name), Is.EqualTo(new[] { "bar_interval", "year", "month" }));
    }

    [Test]
    public void No_column_is_named_with_a_word_either_engine_reserves()
    {
        string[] reserved = ["interval", "date", "timestamp", "order", "group", "select", "from", "table", "user"];

        Assert.That(Schema.Tables.SelectMany(t => t.AllColumns).Select(c => c.Name).Intersect(reserved), Is.Empty);
    }

    [TestCase("decimal(39,2)")]
    [TestCase("varchar")]
    [TestCase("decimal(5,6)")]
    public void An_unsupported_type_is_refused_with_its_location(string type)
    {
        var e = Assert.Throws<ContractException>(() => ColumnType.Parse(type, "t.yaml: table 'x', column 'y'"));

        Assert.That(e!.Message, Does.StartWith("t.yaml: table 'x', column 'y': unsupported type"));
    }

    [Test]
    public void A_grain_naming_an_unknown_column_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("contracts-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "curated_tables.yaml"),
                "database: d\ntables:\n  - name: t\n    grain: [nope]\n    columns:\n      - { name: a, type: string }\n");

            var e = Assert.Throws<ContractException>(() => CuratedSchema.Load(new ContractFiles(dir)));

            Assert.That(e!.Message, Does.Contain("table 't': grain names unknown columns nope"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
