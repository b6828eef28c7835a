using Dataflow.Contracts.Testing;
using System.Text.RegularExpressions;

namespace Dataflow.Contracts.Tests;

/// <summary>
/// Key layouts live in sql/contracts/lake.yaml and nowhere else: no source file (C#, Python, SQL, shell, workflow)
/// spells a fixed part of a layout, as a path or as the folder names of one. The twin, the Glue driver and the Pulumi
/// program render them from the contract instead.
/// </summary>
public sealed partial class LayoutLiteralTests
{
    private static readonly string[] SourceExtensions = [".cs", ".py", ".sql", ".sh", ".yml", ".yaml", ".json"];

    /// <summary>Where layouts may be written out: the contract itself, the docs that quote it, and this project's tests of the renderer.</summary>
    private static readonly string[] Allowed = ["sql/contracts/", "docs/", "contracts/Dataflow.Contracts.Tests/", ".git/", "lake/", "artifacts/"];

    /// <summary>The fixed parts of every key layout: runs of text between placeholders that span more than one folder.</summary>
    public static IEnumerable<string> Fragments()
    {
        var layout = Checkout.Layout;
        var templates = new[] { layout.RawTimeSeries, layout.RunManifest, layout.QualityResults, layout.QualityQuarantine, layout.QualityHistory };
        return templates.SelectMany(t => Placeholder().Split(t.Template))
            .Select(f => f.Trim('/'))
            .Where(f => f.Contains('/', StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal);
    }

    [TestCaseSource(nameof(Fragments))]
    public void No_source_file_spells_a_layout_fragment(string fragment)
    {
        // As a path, or as folder names handed to a path API one by one ("a", "b").
        var folders = fragment.Split('/').Where(s => !s.EndsWith('=')).ToArray();
        var asArguments = folders.Zip(folders.Skip(1), (a, b) => $"\"{a}\", \"{b}\"").ToArray();
        var offenders = SourceFiles().Where(f =>
        {
            var text = File.ReadAllText(f);
            return text.Contains(fragment, StringComparison.Ordinal) || asArguments.Any(a => text.Contains(a, StringComparison.Ordinal));
        }).Select(f => Path.GetRelativePath(Checkout.Repository.Root, f)).ToArray();

        Assert.That(offenders, Is.Empty, $"'{fragment}' is part of a key layout of sql/contracts/lake.yaml: render it from LakeLayout / pipeline.json instead");
    }

    [Test]
    public void The_scan_sees_the_engines_code_so_it_can_fail()
    {
        var files = SourceFiles().Select(f => Path.GetRelativePath(Checkout.Repository.Root, f)).ToArray();

        Assert.That(files, Does.Contain("glue/jobs/awsdataflowjob.py").And.Contain("local/Dataflow.Twin/Etl/stage_time_series.duckdb.sql")
            .And.Contain("infra/Dataflow.Infra/Etl.cs").And.Contain("local/Dataflow.Twin/TwinPaths.cs"));
        Assert.That(Fragments(), Does.Contain("twelvedata/time_series/interval=").Or.Contain("/time_series/interval="), "the raw layout's fixed part is among the fragments");
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Checkout.Repository.Root, "*", SearchOption.AllDirectories)
            .Where(f => SourceExtensions.Contains(Path.GetExtension(f), StringComparer.Ordinal))
            .Where(f =>
            {
                var relative = Path.GetRelativePath(Checkout.Repository.Root, f).Replace('\\', '/');
                return !Allowed.Any(a => relative.StartsWith(a, StringComparison.Ordinal))
                    && !relative.Contains("/bin/", StringComparison.Ordinal) && !relative.Contains("/obj/", StringComparison.Ordinal)
                    && !relative.Contains("/node_modules/", StringComparison.Ordinal);
            });

    [GeneratedRegex(@"\{[a-z_]+(:[^}]*)?\}")]
    private static partial Regex Placeholder();
}
