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
        using var copy = new RepositoryCopy("Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "sql", "glue");
        var prod = copy["Pulumi.prod.yaml"];
        File.WriteAllText(prod, File.ReadAllText(prod).Replace("dataflow:glueWorkers: 4", "dataflow:glueWorkers: 1000", StringComparison.Ordinal));
        Assert.That(DeploymentValidation.Problems(copy.Root), Has.Some.Contains("Pulumi.prod.yaml").And.Some.Contains("dataflow:glueWorkers"));

        File.AppendAllText(prod, "  dataflow:glueWorkers: 3\n");
        Assert.That(DeploymentValidation.Problems(copy.Root), Has.Some.Contains("Pulumi.prod.yaml:").And.Some.Contains("Duplicate key"), "a YAML error names the file and line");
    }
}
