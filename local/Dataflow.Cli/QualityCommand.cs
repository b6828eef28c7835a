using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dataflow.Contracts;
using Dataflow.Quality;
using Dataflow.Quality.Evaluation;
using Dataflow.Quality.Syntax;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Query;
using DuckDB.NET.Data;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary><c>dataflow quality lint|check</c>: the DQDL engine on its own.</summary>
internal static class QualityCommand
{
    public static Command Create() => new("quality", "DQDL rulesets: lint them, or check them against data on DuckDB")
    {
        Lint(),
        Check(),
        Matrix(),
    };

    private static Command Matrix()
    {
        var command = new Command("matrix", "Print the support matrix (docs/dqdl-support.md) from the rule registry");
        command.SetAction(_ => Console.Out.Write(Dataflow.Quality.Rules.SupportMatrix.Markdown()));
        return command;
    }

    private static Command Lint()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A DQDL ruleset" };
        var strict = Strict();
        var crlf = new Option<bool>("--normalize-line-endings") { Description = "Read CRLF as LF (Glue fails on a carriage return)" };
        var command = new Command("lint", "Parse and validate a ruleset; print its canonical form or the errors (exit 1)") { file, strict, crlf };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!.FullName;
            if (Directory.Exists(path))
            {
                Console.Error.WriteLine($"error: {path} is a folder: lint takes one ruleset file (glue/rulesets/daily_bars.dqdl)");
                return ExitCodes.Failed;
            }

            try
            {
                var document = DqdlDocument.Load(path, new ParseOptions(parse.GetValue(strict), parse.GetValue(crlf)));
                PrintWarnings(path, document);

                Console.Out.Write(document.Canonical);
                return 0;
            }
            catch (DqdlException e)
            {
                foreach (var error in e.Errors)
                {
                    Console.Error.WriteLine($"error: {error}");
                }

                return 1;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {path}: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    private static Command Check()
    {
        var ruleset = new Option<FileInfo>("--ruleset") { Description = "The DQDL ruleset", Required = true };
        var data = new Option<string>("--data") { Description = "Primary data: a Parquet file or folder (Hive partitions), a CSV or a JSON file", Required = true };
        var references = new Option<string[]>("--reference")
        {
            Description = "A reference data set as ALIAS=PATH (for ReferentialIntegrity, RowCountMatch, AggregateMatch, CustomSql); repeatable. "
                + "The pipeline's reference seeds (sql/contracts/etl.yaml: symbol_reference, trading_sessions) are there unless given, when run in a checkout",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = new Option<bool>("--json") { Description = "Print Glue-shaped rule outcomes as JSON" };
        var csv = new Option<bool>("--csv") { Description = "Print the rule outcomes as CSV (Rule, Outcome, FailureReason) instead of a table" };
        var now = new Option<DateTimeOffset?>("--now") { Description = "What now() means (ISO 8601, default the current time)" };
        var repo = CommonOptions.Repo();
        var strict = Strict();
        var command = new Command("check", "Evaluate a ruleset on data; exit 1 when a rule fails") { ruleset, data, references, json, csv, now, repo, strict };
        command.SetAction(parse =>
        {
            try
            {
                var path = parse.GetValue(ruleset)!.FullName;
                var document = DqdlDocument.Load(path, parse.GetValue(strict) ? ParseOptions.Strict : ParseOptions.GlueCompatible);
                PrintWarnings(path, document);
                using var db = new DuckDBConnection("DataSource=:memory:");
                db.Open();
                var aliases = PipelineSeeds(parse, repo);
                foreach (var reference in (parse.GetValue(references) ?? []).Select(r => r.Split('=', 2)))
                {
                    aliases[reference.Length == 2 ? reference[0] : throw new ArgumentException($"--reference '{reference[0]}' is not ALIAS=PATH")] = Relation(reference[1]);
                }

                var input = new EvaluationInput(Relation(parse.GetValue(data)!), parse.GetValue(now) ?? DateTimeOffset.UtcNow) { References = aliases };
                var result = new DqdlEvaluator(db).Evaluate(document, input);
                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(result.Rules.Select(r => new Dictionary<string, object?>
                    {
                        ["Rule"] = r.Rule,
                        ["Outcome"] = r.Outcome.ToString(),
                        ["FailureReason"] = r.FailureReason,
                        ["EvaluatedMetrics"] = r.EvaluatedMetrics,
                        ["EvaluatedRule"] = r.EvaluatedRule,
                    }), Indented));
                }
                else if (parse.GetValue(csv))
                {
                    QueryResultCsv.Write(new QueryResult(["Rule", "Outcome", "FailureReason"],
                        [.. result.Rules.Select(r => new object?[] { r.Rule, r.Outcome.ToString(), r.FailureReason })]), Console.Out);
                }
                else
                {
                    Show(result);
                }

                return result.Failed == 0 ? 0 : 1;
            }
            catch (Exception e) when (e is DqdlException or DuckDBException or IOException or UnauthorizedAccessException or ArgumentException or ContractException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]dataflow quality check failed:[/] {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    /// <summary>Glue accepts a ruleset with content after its last section and ignores that content: by default so do we, loudly.</summary>
    private static Option<bool> Strict() =>
        new("--strict") { Description = "Reject what Glue accepts but ignores (content after the last section) instead of warning" };

    private static void PrintWarnings(string path, DqdlDocument document)
    {
        foreach (var warning in document.Warnings)
        {
            Console.Error.WriteLine($"warning: {path}: {warning}");
        }
    }

    private static void Show(EvaluationResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Rule").AddColumn("Outcome").AddColumn("FailureReason");
        foreach (var rule in result.Rules)
        {
            var colour = rule.Outcome switch { RuleOutcome.Passed => "green", RuleOutcome.Failed => "red", _ => "yellow" };
            table.AddRow(Markup.Escape(rule.Rule), $"[{colour}]{rule.Outcome}[/]", Markup.Escape(rule.FailureReason ?? ""));
        }

        ConsoleTables.Write(table);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"{result.Passed} passed, {result.Failed} failed, {result.NotEvaluated} not evaluated (score {result.Score:F3})");
    }

    /// <summary>A file or folder as a DuckDB relation, by its kind.</summary>
    private static string Relation(string path)
    {
        var full = Path.GetFullPath(path).Replace('\\', '/');
        var literal = full.Replace("'", "''", StringComparison.Ordinal);
        if (Directory.Exists(full))
        {
            return $"SELECT * FROM read_parquet('{literal}/**/*.parquet', hive_partitioning = true)";
        }

        if (!File.Exists(full))
        {
            throw new IOException($"no such file or folder: {full}");
        }

        return Path.GetExtension(full).ToLowerInvariant() switch
        {
            ".parquet" => $"SELECT * FROM read_parquet('{literal}')",
            ".csv" => $"SELECT * FROM read_csv('{literal}', header = true)",
            ".json" or ".jsonl" or ".ndjson" => $"SELECT * FROM read_json('{literal}')",
            var other => throw new IOException($"{full}: '{other}' files are not supported (parquet, csv, json)"),
        };
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// The pipeline's reference seeds by alias (and its quality references, empty: no corporate action recorded), from the
    /// checkout of <c>--repo</c> or the one around the current folder; none outside a checkout (a ruleset can be checked
    /// anywhere, with <c>--reference</c>).
    /// </summary>
    private static Dictionary<string, string> PipelineSeeds(System.CommandLine.ParseResult parse, Option<string?> repo)
    {
        if (parse.GetValue(repo) is null && RepositoryRoot.Above(Directory.GetCurrentDirectory()) is null)
        {
            return new Dictionary<string, string>();
        }

        var contracts = CommonOptions.Repository(parse, repo).Contracts;
        return EtlContract.Load(contracts).SeedFiles(contracts).ToDictionary(s => s.Key, s => Relation(s.Value), StringComparer.Ordinal)
            .Concat(Dataflow.Twin.Etl.QualityReferences.Empty(contracts)).ToDictionary(StringComparer.Ordinal);
    }
}
