using Dataflow.Contracts;

namespace Dataflow.Cli.Tests;

public sealed class AthenaViewsCommandTests
{
    [Test]
    public void Writes_one_create_view_statement_per_view_file_in_order()
    {
        var root = RepositoryRoot.AboveBinaries;
        var output = Directory.CreateTempSubdirectory("dataflow-views-").FullName;
        try
        {
            var result = Dataflow.Run("athena-views", "--repo", root, "--out", output);
            var viewFiles = Directory.GetFiles(Path.Combine(root, "sql", "athena", "views"), "*.sql").Order(StringComparer.Ordinal)
                .Select(f => Path.GetFileNameWithoutExtension(f)[4..]).ToArray();
            var written = Directory.GetFiles(output).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(written.Select(w => w.Split('\n')[0]), Is.EqualTo(viewFiles.Select(v => $"create or replace view {v} as")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
