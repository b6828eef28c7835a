using Dataflow.Contracts.Testing;
using Dataflow.Contracts;

namespace Dataflow.Contracts.Tests;

public sealed class LakeLayoutTests
{
    private static readonly LakeLayout Layout = Checkout.Layout;

    [Test]
    public void Raw_key_follows_the_documented_layout()
    {
        var key = Layout.RawTimeSeriesKey("1day", "AAPL", new DateOnly(2025, 3, 7), "20250307T210000Z-sample");

        Assert.That(key, Is.EqualTo("twelvedata/time_series/interval=1day/symbol=AAPL/ingest_date=2025-03-07/20250307T210000Z-sample.json"));
    }

    [Test]
    public void Pair_symbols_are_percent_encoded_and_round_trip()
    {
        var key = Layout.RawTimeSeriesKey("1day", "EUR/USD", new DateOnly(2025, 3, 7), "r");

        Assert.That(key, Does.Contain("/symbol=EUR%2FUSD/"));
        Assert.That(LakeLayout.DecodeSymbol("EUR%2FUSD"), Is.EqualTo("EUR/USD"));
    }

    [Test]
    public void Manifests_live_outside_the_data_prefix_so_data_globs_never_read_them()
    {
        var manifest = Layout.RunManifestKey(new DateOnly(2025, 3, 7), "r");

        Assert.That(manifest, Is.EqualTo("twelvedata/manifests/ingest_date=2025-03-07/r.json"));
        Assert.That(manifest, Does.Not.StartWith(Layout.RawTimeSeries.StaticPrefix));
        Assert.That(Layout.RawTimeSeries.StaticPrefix, Is.EqualTo("twelvedata/time_series/interval="));
    }

    [Test]
    public void All_four_zones_are_declared() =>
        Assert.That(Layout.Zones, Is.EquivalentTo(new[] { "raw", "curated", "athena-results", "artifacts" }));

    [Test]
    public void Architecture_doc_quotes_every_key_layout_verbatim()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.AboveBinaries, "docs", "architecture.md"));

        foreach (var template in new[] { Layout.RawTimeSeries, Layout.RunManifest, Layout.BucketNameTemplate })
        {
            Assert.That(doc, Does.Contain(template.Template), "docs/architecture.md must quote the layout from sql/contracts/lake.yaml");
        }
    }

    [Test]
    public void Rendering_without_a_value_names_what_is_missing()
    {
        var e = Assert.Throws<ContractException>(() => new KeyTemplate("a/{x}/{y}").Render(new Dictionary<string, string> { ["x"] = "1" }));

        Assert.That(e!.Message, Does.Contain("needs y"));
    }
}
