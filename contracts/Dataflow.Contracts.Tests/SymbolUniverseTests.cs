using Dataflow.Contracts.Testing;
using Dataflow.Contracts;

namespace Dataflow.Contracts.Tests;

public sealed class SymbolUniverseTests
{
    [Test]
    public void The_universe_carries_reference_data_for_every_symbol()
    {
        var universe = Checkout.Universe;

        Assert.That(universe.Symbols, Has.Count.GreaterThanOrEqualTo(10));
        Assert.That(universe["xom"].Industry, Is.EqualTo("Oil, Gas & Consumable Fuels"), "quoted CSV field with a comma");
        Assert.That(universe["EUR/USD"].Calendar, Is.EqualTo("FX"));
        Assert.That(universe.Symbols.Select(s => s.Calendar).Distinct(), Is.SubsetOf(SymbolReference.Calendars));
    }

    [Test]
    public void Selecting_keeps_universe_order_and_rejects_unknown_symbols()
    {
        var universe = Checkout.Universe;

        Assert.That(universe.Select(["SPY", "aapl"]).Symbols.Select(s => s.Symbol), Is.EqualTo(new[] { "AAPL", "SPY" }));
        Assert.Throws<ContractException>(() => universe.Select(["AAPL", "ZZZZ"]));
    }

    [Test]
    public void A_duplicate_or_bad_calendar_is_reported_with_its_line()
    {
        var dir = Directory.CreateTempSubdirectory("universe-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "symbols.csv"),
                "symbol,name,asset_type,sector,industry,exchange,mic_code,currency,calendar,timezone\n" +
                "AAA,A Inc,Common Stock,S,I,NYSE,XNYS,USD,XNYS,America/New_York\n" +
                "BBB,B Inc,Common Stock,S,I,NYSE,XNYS,USD,LSE,Europe/London\n" +
                "CCC,C Inc,Common Stock,S,I,NYSE,XNYS,USD,XNYS,New York\n" +
                "aaa,A again,Common Stock,S,I,NYSE,XNYS,USD,XNYS,America/New_York\n");

            var e = Assert.Throws<ContractException>(() => SymbolUniverse.Load(new ContractFiles(dir)));

            Assert.That(e!.Message, Does.Contain("symbols.csv:3: BBB: calendar 'LSE'").And.Contain("symbol 'AAA' is listed 2 times")
                .And.Contain("symbols.csv:4: CCC: timezone 'New York' is not an IANA time zone name"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
