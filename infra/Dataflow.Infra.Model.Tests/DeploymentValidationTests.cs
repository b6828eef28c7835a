using Dataflow.Contracts.Testing;
using Dataflow.Infra.Model.Validation;

namespace Dataflow.Infra.Model.Tests;

public sealed class DeploymentValidationTests
{
    [Test]
    public void The_repository_deploys_cleanly_on_every_stack() =>
        Assert.That(DeploymentValidation.Problems(Checkout.Repository), Is.Empty);

    [Test]
    public void A_broken_stack_file_is_reported_with_its_stack()
    {
        using var copy = new RepositoryCopy("Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "sql", "glue");
        var prod = copy["Pulumi.prod.yaml"];
        File.WriteAllText(prod, File.ReadAllText(prod).Replace("dataflow:glueWorkers: 4", "dataflow:glueWorkers: 1000", StringComparison.Ordinal));
        Assert.That(DeploymentValidation.Problems(copy.Repository), Has.Some.Contains("Pulumi.prod.yaml").And.Some.Contains("dataflow:glueWorkers"));

        File.AppendAllText(prod, "  dataflow:glueWorkers: 3\n");
        Assert.That(DeploymentValidation.Problems(copy.Repository), Has.Some.Contains("Pulumi.prod.yaml:").And.Some.Contains("Duplicate key"), "a YAML error names the file and line");
    }

    [Test]
    public void A_key_without_a_value_is_named_not_defaulted()
    {
        // Pulumi.yaml is where defaults live: a declared key without one, unset on the stack, is an error.
        using var copy = new RepositoryCopy("Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "sql", "glue");
        var project = copy["Pulumi.yaml"];
        File.WriteAllText(project, File.ReadAllText(project).Replace("    default: G.1X\n", "", StringComparison.Ordinal));

        Assert.That(DeploymentValidation.Problems(copy.Repository), Has.Some.Contains("dataflow:glueWorkerType is required"));
    }
}
