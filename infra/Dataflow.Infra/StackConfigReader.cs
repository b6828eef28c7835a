using Dataflow.Contracts;
using Dataflow.Infra.Model.Configuration;
using Pulumi;

namespace Dataflow.Infra;

/// <summary>
/// Reads the stack's Pulumi config into the validated <see cref="StackConfig"/> the model works from. The Pulumi CLI
/// has already applied Pulumi.yaml's defaults, so a key without a value is reported, never filled in here.
/// </summary>
internal static class StackConfigReader
{
    public static StackConfig Read(Repository repository)
    {
        var project = Deployment.Instance.ProjectName;
        var projectConfig = new Config();
        var providerConfig = new Config("aws");
        return StackConfig.Parse(project, Deployment.Instance.StackName, key =>
        {
            var (ns, name) = (key[..key.IndexOf(':', StringComparison.Ordinal)], key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            return ns == "aws" ? providerConfig.Get(name) : projectConfig.Get(name);
        }, SymbolUniverse.Load(repository.Contracts));
    }
}
