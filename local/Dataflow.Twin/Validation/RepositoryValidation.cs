using Dataflow.Contracts;
using Dataflow.Quality;
using Dataflow.Quality.Syntax;
using Dataflow.QuickSight;
using Dataflow.Twin.Calendar;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Query;

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
    public static IReadOnlyList<ValidationCheck> Run(Repository repository, Func<Repository, IReadOnlyList<string>> stackConfigProblems)
    {
        var contracts = repository.Contracts;
        return
        [
            Check("contracts: sql/contracts, sql/seeds (and the pipeline.json they render)", () =>
            {
                PipelineContract.Load(repository).ToJson();
                SymbolUniverse.Load(contracts);
                return [];
            }),
            Check("sql/seeds/trading_sessions.csv (against the trading calendars)", () => TradingSessionsProblems(contracts.TradingSessions)),
            Check("sql/etl and sql/athena files (views against sql/contracts/views.yaml)", () =>
            {
                var etl = EtlContract.Load(contracts);
                SqlModel.LoadOrdered(etl, repository.EtlSql);
                var viewProblems = AthenaViewSet.Load(contracts, etl, repository.AthenaViews).Problems(CuratedSchema.Load(contracts), repository.Relative);
                return Directory.GetFiles(repository.AthenaQueries, "*.sql").Length > 0 ? viewProblems : [.. viewProblems, "sql/athena/queries is empty"];
            }),
            Check("glue/rulesets (DQDL, strict)", () => Directory.GetFiles(repository.Rulesets, "*.dqdl").Order(StringComparer.Ordinal)
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
                QuickSightValidation.Validate(QuickSightAssets.Load(repository.QuickSight), Path.Combine(repository.QuickSight, "schemas"))
                    .Select(i => i.ToString()).ToArray()),
            Check("stacks: configuration, IAM audit, Lambda environment, Glue bundle, Athena statements, monitoring", () => stackConfigProblems(repository)),
        ];
    }

    /// <summary>The seed must be exactly what <c>dataflow calendar</c> prints, and reach far enough ahead to run on.</summary>
    private static string[] TradingSessionsProblems(string path)
    {
        if (!File.Exists(path))
        {
            return [$"{path} is missing: regenerate it with dataflow calendar --out sql/seeds/trading_sessions.csv"];
        }

        var problems = new List<string>();
        if (File.ReadAllText(path).ReplaceLineEndings("\n") != TradingSessionsSeed.Render(TradingSessionsSeed.From, TradingSessionsSeed.To))
        {
            problems.Add($"{path} differs from the trading calendars: regenerate it with dataflow calendar --out sql/seeds/trading_sessions.csv");
        }

        var horizon = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(90);
        if (TradingSessionsSeed.To < horizon)
        {
            problems.Add($"{path} ends {TradingSessionsSeed.To:yyyy-MM-dd}, within 90 days: extend TradingSessionsSeed.To and regenerate it, or the freshness rule of daily_bars fails every run after that day");
        }

        return [.. problems];
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
