using Dataflow.Contracts;
using Dataflow.Quality;
using Dataflow.Quality.Syntax;
using Dataflow.QuickSight;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Validation;

/// <summary>One check of <c>dataflow validate</c>: what was checked and the problems found (none = passed).</summary>
public sealed record ValidationCheck(string Name, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;
}

/// <summary>
/// Every artifact the Pulumi program deploys, checked without AWS: the contracts, the ETL and Athena SQL files, the DQDL
/// rulesets, the QuickSight JSON (CloudFormation schemas and semantic lint), and each stack's configuration.
/// </summary>
public static class RepositoryValidation
{
    public static IReadOnlyList<ValidationCheck> Run(string root, Func<string, IReadOnlyList<string>> stackConfigProblems)
    {
        var contracts = ContractFiles.FromRepository(root);
        return
        [
            Check("contracts: sql/contracts, sql/seeds", () =>
            {
                LakeLayout.Load(contracts);
                CuratedSchema.Load(contracts);
                SymbolUniverse.Load(contracts);
                return [];
            }),
            Check("sql/etl and sql/athena files", () =>
            {
                SqlModel.LoadOrdered(Path.Combine(root, "sql", "etl"));
                SqlModel.LoadOrdered(Path.Combine(root, "sql", "athena", "views"));
                return Directory.GetFiles(Path.Combine(root, "sql", "athena", "queries"), "*.sql").Length > 0 ? [] : ["sql/athena/queries is empty"];
            }),
            Check("glue/rulesets (DQDL, strict)", () => Directory.GetFiles(Path.Combine(root, "glue", "rulesets"), "*.dqdl").Order(StringComparer.Ordinal)
                .SelectMany(f =>
                {
                    try
                    {
                        DqdlDocument.Load(f);
                        return Array.Empty<string>();
                    }
                    catch (DqdlException e)
                    {
                        return e.Errors.ToArray();
                    }
                }).ToArray()),
            Check("quicksight (CloudFormation schemas and lint)", () =>
                QuickSightValidation.Validate(QuickSightAssets.Load(Path.Combine(root, "quicksight")), Path.Combine(root, "quicksight", "schemas"))
                    .Select(i => i.ToString()).ToArray()),
            Check("stacks: configuration, IAM audit, Lambda environment, Glue bundle, Athena statements, monitoring", () => stackConfigProblems(root)),
        ];
    }

    private static ValidationCheck Check(string name, Func<IReadOnlyList<string>> check)
    {
        try
        {
            return new ValidationCheck(name, check());
        }
        catch (Exception e) when (e is ContractException or TwinException or QuickSightException or IOException)
        {
            return new ValidationCheck(name, [e.Message]);
        }
    }
}
