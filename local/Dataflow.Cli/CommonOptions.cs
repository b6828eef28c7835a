using System.CommandLine;
using System.Globalization;
using Dataflow.Contracts;
using Dataflow.Twin;
using Dataflow.Twin.Ingest;
using Dataflow.Twin.Pipeline;

namespace Dataflow.Cli;

/// <summary>Options several commands share, with parsing that names the bad value.</summary>
internal static class CommonOptions
{
    public static Option<string> Lake() => new("--lake")
    {
        Description = "Folder of the local lake (zones raw/, curated/, athena-results/, reports/)",
        DefaultValueFactory = _ => TwinRunOptions.DefaultLake,
    };

    /// <summary>The checkout a command reads its SQL, contracts, rulesets and QuickSight JSON from.</summary>
    public static Option<string?> Repo() => new("--repo")
    {
        Description = "Repository checkout to work on: its sql/, glue/rulesets, quicksight/ (default: the checkout above the current folder)",
    };

    /// <summary>The checkout of <c>--repo</c> (or above the current folder); a <see cref="ContractException"/> names what is wrong.</summary>
    public static Repository Repository(System.CommandLine.ParseResult parse, Option<string?> repo) =>
        Dataflow.Contracts.Repository.Locate(parse.GetValue(repo), Directory.GetCurrentDirectory());

    /// <summary>The twin's paths: the checkout of <c>--repo</c> and the lake of <c>--lake</c>.</summary>
    public static TwinPaths Paths(System.CommandLine.ParseResult parse, Option<string?> repo, Option<string> lake) =>
        TwinPaths.For(Repository(parse, repo), parse.GetValue(lake)!);

    public static Option<bool> Full() => new("--full")
    {
        Description = "Rebuild every curated table from the whole raw zone instead of taking in only the runs not yet processed",
    };

    public static Option<string[]> Symbols() => new("--symbols")
    {
        Description = "Symbols to ingest, comma-separated (default: the whole universe in sql/seeds/symbols.csv)",
        CustomParser = r =>
        {
            var text = string.Join(",", r.Tokens.Select(t => t.Value));
            var symbols = text.Split(',', StringSplitOptions.TrimEntries);
            if (symbols.All(s => s.Length == 0))
            {
                r.AddError($"--symbols '{text}' names no symbol: list at least one (AAPL,MSFT), or leave the option out for the whole universe");
            }
            else if (symbols.Any(s => s.Length == 0))
            {
                r.AddError($"--symbols '{text}' has an empty entry: separate symbols with one comma (AAPL,MSFT)");
            }

            return symbols;
        },
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<IngestSource> Source() => new("--source")
    {
        Description = "Where raw data comes from: sample (deterministic, offline) or twelvedata (TWELVEDATA_API_KEY; TWELVEDATA_BASE_URL optional)",
        DefaultValueFactory = _ => IngestSource.Sample,
        CustomParser = r => (r.Tokens.Count > 0 ? r.Tokens[0].Value : "").ToLowerInvariant() switch
        {
            "sample" => IngestSource.Sample,
            "twelvedata" => IngestSource.TwelveData,
            var other => Fail(r, $"--source '{other}' is not sample or twelvedata"),
        },
    };

    public static Option<int?> CreditsPerMinute() => new("--credits-per-minute")
    {
        Description = "Twelve Data plan's credits per minute (default: ask /api_usage)",
    };

    private static IngestSource Fail(System.CommandLine.Parsing.ArgumentResult r, string message)
    {
        r.AddError(message);
        return default;
    }

    /// <summary>
    /// A yyyy-MM-dd date. The default lives in the description rather than a default value, which help would print in
    /// the machine's culture (01/01/2024).
    /// </summary>
    public static Option<DateOnly?> Date(string name, DateOnly defaultValue, string description) =>
        OptionalDate(name, $"{description}, yyyy-MM-dd [default: {defaultValue:yyyy-MM-dd}]");

    /// <summary>A yyyy-MM-dd date whose absence means something the description says.</summary>
    public static Option<DateOnly?> OptionalDate(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            r.AddError($"{name} '{text}' is not a date in yyyy-MM-dd form");
            return null;
        },
    };

    public static Option<BarInterval> Interval() => new("--interval")
    {
        Description = $"Twelve Data interval ({string.Join(", ", BarInterval.All)}) [default: {BarInterval.Daily}]",
        DefaultValueFactory = _ => BarInterval.Daily,
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (BarInterval.TryParse(text, out var parsed))
            {
                return parsed;
            }

            r.AddError($"--interval '{text}' is not a Twelve Data interval ({string.Join(", ", BarInterval.All)})");
            return BarInterval.Daily;
        },
    };
}
