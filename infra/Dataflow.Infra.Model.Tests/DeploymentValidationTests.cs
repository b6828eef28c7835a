using Dataflow.Contracts;
using Dataflow.Infra.Model.Validation;

namespace Dataflow.Infra.Model.Tests;

public sealed class DeploymentValidationTests
{
    [Test]
    public void The_repository_deploys_cleanly_on_every_stack() =>
        Assert.That(DeploymentValidation.Problems(RepositoryRoot.AboveBinaries), Is.Empty);

    [Test]
    public void A_broken_stack_file_is_reported_with_its_stack()
    {
        var copy = Directory.CreateTempSubdirectory("dataflow-deploy-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(RepositoryRoot.AboveBinaries, "Pulumi*.yaml"))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            foreach (var folder in new[] { "sql", "glue" })
            {
                foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot.AboveBinaries, folder), "*", SearchOption.AllDirectories)
                    .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)))
                {
                    var target = Path.Combine(copy, Path.GetRelativePath(RepositoryRoot.AboveBinaries, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(file, target);
                }
            }

            var prod = Path.Combine(copy, "Pulumi.prod.yaml");
            File.WriteAllText(prod, File.ReadAllText(prod).Replace("dataflow:glueWorkers: 4", "dataflow:glueWorkers: 1000", StringComparison.Ordinal));
            Assert.That(DeploymentValidation.Problems(copy), Has.Some.Contains("Pulumi.prod.yaml").And.Some.Contains("dataflow:glueWorkers"));

            File.AppendAllText(prod, "  dataflow:glueWorkers: 3\n");
            Assert.That(DeploymentValidation.Problems(copy), Has.Some.Contains("Pulumi.prod.yaml:").And.Some.Contains("Duplicate key"), "a YAML error names the file and line");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
