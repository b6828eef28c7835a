using Dataflow.Contracts;
using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Ingestion;
using Dataflow.Infra.Model.Naming;
using Dataflow.Ingestion.Lambda;

namespace Dataflow.Infra.Model.Tests;

public sealed class IngestionFunctionSpecTests
{
    private static readonly SymbolUniverse Universe = SymbolUniverse.Load();

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
            Assert.That(spec.ScheduleExpression, Is.EqualTo(config.ScheduleExpression));
        });
    }

    [Test]
    public void The_handler_names_the_stream_in_stream_out_method_of_the_package()
    {
        var parts = IngestionFunctionSpec.HandlerName.Split("::");
        var type = typeof(IngestionFunction).Assembly.GetType(parts[1]);
        var method = type?.GetMethod(parts[2]);

        Assert.That(parts[0], Is.EqualTo("Dataflow.Ingestion.Lambda"), "the assembly lambda/publish.sh packages");
        Assert.That(method?.GetParameters().Select(p => p.ParameterType), Is.EqualTo(new[] { typeof(Stream) }));
        Assert.That(method?.ReturnType, Is.EqualTo(typeof(Task<Stream>)));
        Assert.That(File.ReadAllText(Path.Combine(RepositoryRoot.AboveBinaries, "lambda", "README.md")), Does.Contain(IngestionFunctionSpec.HandlerName), "documented");
    }

    [Test]
    public void The_package_path_is_where_publish_writes_it() =>
        Assert.That(File.ReadAllText(Path.Combine(RepositoryRoot.AboveBinaries, "lambda", "publish.sh")), Does.Contain(Path.GetFileName(IngestionFunctionSpec.PackagePath)));
}
