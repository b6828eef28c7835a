using System.Text.Json.Nodes;
using Dataflow.Contracts.Testing;

namespace Dataflow.Cli.Tests;

/// <summary>A symbol held by the gate, as an operator meets it: exit code 3, what failed, how to release it.</summary>
public sealed class HoldCommandTests
{
    [Test]
    public void A_held_symbol_exits_3_names_the_rule_and_the_release_and_a_release_publishes_it()
    {
        var lake = Directory.CreateTempSubdirectory("dataflow-hold-").FullName;
        try
        {
            string[] common = ["--lake", lake, "--repo", Checkout.Repository.Root];
            Assert.That(Dataflow.Run(["run", "--symbols", "AAPL,MSFT", "--from", "2025-12-01", "--to", "2025-12-10", .. common]).ExitCode, Is.Zero);
            Assert.That(Dataflow.Run(["ingest", "--symbols", "AAPL,MSFT", "--from", "2025-12-05", "--to", "2025-12-12", .. common]).ExitCode, Is.Zero);
            // The newest AAPL response gets a bar whose high is below its low.
            var newest = Directory.GetFiles(Path.Combine(lake, "raw"), "*.json", SearchOption.AllDirectories)
                .Where(f => f.Contains("symbol=AAPL", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Last();
            var body = JsonNode.Parse(File.ReadAllText(newest))!;
            var bar = body["values"]![0]!;
            (bar["high"], bar["low"]) = (bar["low"]!.GetValue<string>(), bar["high"]!.GetValue<string>());
            File.WriteAllText(newest, body.ToJsonString());

            var held = Dataflow.Run(["transform", .. common]);

            Assert.That(held.ExitCode, Is.EqualTo(3), held.Output + held.Error);
            Assert.That(held.Output.ReplaceLineEndings(" "), Does.Contain("HELD AAPL (1day)").And.Contain("high >= greatest(open, close)")
                .And.Contain("dataflow release AAPL"));

            var release = Dataflow.Run(["release", "aapl", .. common]);
            Assert.That(release.ExitCode, Is.Zero, release.Output + release.Error);
            Assert.That(release.Output, Does.Contain("Released AAPL (1day)"));

            var published = Dataflow.Run(["transform", .. common]);
            Assert.That(published.ExitCode, Is.Zero, published.Output + published.Error);
            Assert.That(published.Output, Does.Not.Contain("HELD"));
            Assert.That(Dataflow.Run(["release", "AAPL", .. common]).Output, Does.Contain("AAPL is not held"));
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }
}
