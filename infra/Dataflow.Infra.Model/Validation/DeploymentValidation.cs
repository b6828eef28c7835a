using Dataflow.Contracts;
using Dataflow.Infra.Model.Analytics;
using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Etl;
using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Ingestion;
using Dataflow.Infra.Model.Monitoring;
using Dataflow.Infra.Model.Naming;
using Dataflow.Contracts.Ingestion;

namespace Dataflow.Infra.Model.Validation;

/// <summary>
/// What <c>pulumi up</c> would deploy, per stack, checked without Pulumi or AWS: the configuration, the Glue bundle and
/// Athena statements, every role policy against the least-privilege audit, the Lambda's environment against the
/// ingestion contract, and the monitoring's metrics against what the Lambda emits. Problems name the stack.
/// </summary>
public static class DeploymentValidation
{
    /// <summary>A placeholder account: names and policies are checked for shape, the account is known only at deploy time.</summary>
    private const string ExampleAccount = "111122223333";

    public static IReadOnlyList<string> Problems(Repository repository)
    {
        var root = repository.Root;
        var problems = new List<string>();
        var project = PulumiProject.Load(root);
        var contracts = repository.Contracts;
        var universe = SymbolUniverse.Load(contracts);
        var layout = LakeLayout.Load(contracts);
        Guard(problems, "sql/athena statements", () => AthenaStatements.FromRepository(repository));
        Guard(problems, "sql/athena views (sql/contracts/views.yaml)", () => CatalogViews.FromRepository(repository, "validation"));
        IReadOnlyList<string> gated = [];
        Guard(problems, "glue bundle", () => gated = GlueBundle.FromRepository(repository).GatedTables);

        foreach (var stack in project.Stacks)
        {
            StackConfig config;
            try
            {
                config = project.Resolve(stack, universe);
            }
            catch (StackConfigException e)
            {
                problems.AddRange(e.Problems.Select(p => $"Pulumi.{stack}.yaml: {p}"));
                continue;
            }

            var names = new StackResourceNames(config.Project, stack, config.Region, ExampleAccount);
            var buckets = LakeBucketNames.For(config, layout, ExampleAccount);
            var policies = new Dictionary<string, PolicyDocument>(StringComparer.Ordinal)
            {
                ["ingestion"] = PipelinePolicies.Ingestion(names, buckets, layout),
                ["scheduler"] = PipelinePolicies.Scheduler(names),
                ["glue-job"] = PipelinePolicies.GlueJob(names, buckets, layout),
                ["events"] = PipelinePolicies.EventsToGlue(names),
            };
            problems.AddRange(policies.SelectMany(p => PolicyAudit.Check(p.Key, p.Value)).Select(p => $"{stack}: IAM {p}"));

            var environment = IngestionFunctionSpec.For(config, names, buckets.Raw).Environment;
            problems.AddRange(IngestionEnvironment.Required.Where(v => string.IsNullOrEmpty(environment.GetValueOrDefault(v)))
                .Select(v => $"{stack}: the ingestion Lambda's environment lacks {v}, which the function requires"));

            Guard(problems, $"{stack}: monitoring", () => problems.AddRange(PipelineMonitoring.For(config, names, buckets, gated).ReferencedMetrics()
                .Where(m => m.Namespace == IngestionMetrics.Namespace && !IngestionMetrics.All.Any(e => e.Name == m.Name))
                .Select(m => $"{stack}: the dashboard or an alarm reads {m.Name}, which the ingestion Lambda does not emit")));
        }

        return problems;
    }

    private static void Guard(List<string> problems, string what, Action check)
    {
        try
        {
            check();
        }
        catch (Exception e) when (e is ContractException or ArgumentException or IOException or InvalidOperationException)
        {
            problems.Add($"{what}: {e.Message}");
        }
    }
}
