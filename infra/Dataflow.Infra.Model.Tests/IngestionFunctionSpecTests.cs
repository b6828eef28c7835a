using Dataflow.Contracts.Testing;
using Dataflow.Contracts;
using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Ingestion;
using Dataflow.Infra.Model.Naming;
using Dataflow.Ingestion.Lambda;

namespace Dataflow.Infra.Model.Tests;

public sealed class IngestionFunctionSpecTests
{
    private static readonly SymbolUniverse Universe = Checkout.Universe;

    [TestCase("dev")]
    [TestCase("prod")]
    public void The_function_reads_back_exactly_the_stack_configuration(string stack)
    {
        var config = PulumiProject.Load(RepositoryRoot.AboveBinaries).Resolve(stack, Universe);
        var names = new StackResourceNames("dataflow", stack, config.Region, "111122223333");
        var spec = IngestionFunctionSpec.For(config, names, "raw-bucket");

        var settings = FunctionSettings.FromEnvironment(spec.Environment.GetValueOrDefault, Universe);

        Assert.Multiple(() =>
        {
            Assert.That(settings.RawBucket, Is.EqualTo("raw-bucket"));
            Assert.That(settings.ApiKeyParameter, Is.EqualTo(names.ApiKeyParameter));
            Assert.That(settings.Stack, Is.EqualTo(stack));
            Assert.That(settings.Interval, Is.EqualTo(config.Interval));
            Assert.That(settings.Symbols, Is.EqualTo(config.Symbols));
        });
    }

    [Test]
    public void The_package_path_is_where_publish_writes_it() =>
        Assert.That(File.ReadAllText(Path.Combine(RepositoryRoot.AboveBinaries, "lambda", "publish.sh")), Does.Contain(Path.GetFileName(IngestionFunctionSpec.PackagePath)));
}
