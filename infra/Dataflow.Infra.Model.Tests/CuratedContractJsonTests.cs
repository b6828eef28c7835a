using System.Text.Json;
using Dataflow.Contracts;
using Dataflow.Infra.Model.Etl;

namespace Dataflow.Infra.Model.Tests;

public sealed class CuratedContractJsonTests
{
    [Test]
    public void The_glue_jobs_contract_lists_every_column_with_its_glue_type_and_which_tables_are_gated()
    {
        var schema = CuratedSchema.Load();
        var rulesets = Path.Combine(RepositoryRoot.AboveBinaries, "glue", "rulesets");

        using var doc = JsonDocument.Parse(CuratedContractJson.Render(schema, t => File.Exists(Path.Combine(rulesets, $"{t}.dqdl"))));

        var tables = doc.RootElement.GetProperty("tables").EnumerateArray().ToArray();
        Assert.That(tables.Select(t => t.GetProperty("name").GetString()), Is.EqualTo(schema.Tables.Select(t => t.Name)));
        var daily = tables.Single(t => t.GetProperty("name").GetString() == "daily_bars");
        Assert.That(daily.GetProperty("ruleset").GetBoolean(), Is.True);
        Assert.That(tables.Single(t => t.GetProperty("name").GetString() == "rejected_bars").GetProperty("ruleset").GetBoolean(), Is.False);
        Assert.That(daily.GetProperty("columns").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("type").GetString())),
            Is.EqualTo(schema.Table("daily_bars").Columns.Select(c => (c.Name, c.Type.Glue))));
        Assert.That(daily.GetProperty("partition_keys").EnumerateArray().Select(c => c.GetProperty("name").GetString()), Is.EqualTo(new[] { "bar_interval", "year" }));
    }
}
