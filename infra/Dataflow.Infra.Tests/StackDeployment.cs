using System.Collections.Immutable;
using System.Text.Json;
using Dataflow.Contracts;
using Dataflow.Contracts.Testing;
using Dataflow.Infra.Model.Configuration;
using Pulumi;
using Pulumi.Testing;

namespace Dataflow.Infra.Tests;

/// <summary>
/// Runs the program under mocks with a stack's real configuration: the values of Pulumi.&lt;stack&gt;.yaml over the
/// defaults of Pulumi.yaml, handed over through PULUMI_CONFIG exactly as the CLI would, then any overrides a test
/// sets (keys without the project prefix, e.g. "quicksightEnabled").
/// </summary>
internal static class StackDeployment
{
    public static async Task<(ImmutableArray<Resource> Resources, Mocks Mocks, IDictionary<string, object?> Outputs)> RunAsync(string stack,
        IReadOnlyDictionary<string, string>? overrides = null, Repository? repository = null)
    {
        repository ??= Checkout.Repository;
        var project = PulumiProject.Load(repository.Root);
        var values = project.Declarations.Values.Where(d => d.Default is not null).ToDictionary(d => d.Key, d => d.Default);
        foreach (var (key, value) in project.StackValues(stack))
        {
            values[key] = value;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            values[$"{project.Name}:{key}"] = value;
        }

        // The API key is a secret set per stack with `pulumi config set --secret`; the mocks get a stand-in.
        values[$"{project.Name}:twelveDataApiKey"] = "test-api-key";
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(values));
        var mocks = new Mocks(values["aws:region"]!);
        var (resources, outputs) = await Deployment.TestAsync(mocks, new TestOptions
        {
            IsPreview = false,
            ProjectName = project.Name,
            StackName = stack,
        }, () => DataflowProgram.RunAsync(repository));
        return (resources, mocks, outputs);
    }
}
