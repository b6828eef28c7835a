using Dataflow.Contracts.Testing;
using Dataflow.Contracts;

namespace Dataflow.Contracts.Tests;

/// <summary>docs/architecture.md explains the contracts; these tests fail when it stops matching their sources.</summary>
public sealed class ArchitectureDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepositoryRoot.AboveBinaries, "docs", "architecture.md"));

    [Test]
    public void Every_curated_table_is_listed_with_its_grain_and_partitions()
    {
        foreach (var table in CuratedSchema.Load(Checkout.Contracts).Tables)
        {
            var row = $"| `{table.Name}` | {string.Join(", ", table.Grain)} | {string.Join(", ", table.PartitionKeys.Select(k => k.Name))} |";
            Assert.That(Doc, Does.Contain(row), $"docs/architecture.md should have the row {row}");
        }
    }

    [Test]
    public void Every_zone_is_described() =>
        Assert.That(Checkout.Layout.Zones.Where(z => !Doc.Contains($"| `{z}` |", StringComparison.Ordinal)), Is.Empty);

    [Test]
    public void Every_declared_stack_config_key_is_explained()
    {
        var pulumiYaml = File.ReadAllLines(Path.Combine(RepositoryRoot.AboveBinaries, "Pulumi.yaml"));
        var keys = pulumiYaml
            .SkipWhile(l => l != "config:").Skip(1)
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.StartsWith("   ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(':'))
            .Select(l => $"`dataflow:{l.Trim().TrimEnd(':')}`")
            .ToArray();

        Assert.That(keys, Is.Not.Empty);
        Assert.That(keys.Where(k => !Doc.Contains(k, StringComparison.Ordinal)), Is.Empty);
    }
}
