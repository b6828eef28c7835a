using System.CommandLine;
using System.Globalization;
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

    public static Option<string[]> Symbols() => new("--symbols")
    {
        Description = "Symbols to ingest, comma-separated (default: the whole universe in sql/seeds/symbols.csv)",
        CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>
    /// A yyyy-MM-dd date. The default lives in the description rather than a default value, which help would print in
    /// the machine's culture (01/01/2024).
    /// </summary>
    public static Option<DateOnly?> Date(string name, DateOnly defaultValue, string description) => new(name)
    {
        Description = $"{description}, yyyy-MM-dd [default: {defaultValue:yyyy-MM-dd}]",
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
}
