using System.Globalization;
using Dataflow.Contracts;
using Dataflow.Contracts.Ingestion;

namespace Dataflow.Ingestion.Lambda;

/// <summary>
/// The function's configuration, from its environment variables (<see cref="IngestionEnvironment"/>, set by the
/// Pulumi program). Every problem is reported at once, naming the variable; nothing required has a fallback.
/// </summary>
public sealed record FunctionSettings(
    string RawBucket,
    string ApiKeyParameter,
    string Stack,
    BarInterval Interval,
    IReadOnlyList<string> Symbols,
    int LatestBars,
    int? CreditsPerMinute,
    int? CreditsPerDay,
    Uri TwelveDataBaseUrl)
{
    /// <summary>Without <c>RUN_BUDGET_SECONDS</c>: Lambda's 15-minute cap less a request's worst case.</summary>
    public static readonly TimeSpan DefaultRunBudget = TimeSpan.FromSeconds(690);

    /// <summary>How long after the invocation starts the last request may start (<c>RUN_BUDGET_SECONDS</c>).</summary>
    public TimeSpan RunBudget { get; init; } = DefaultRunBudget;

    public static FunctionSettings FromEnvironment(Func<string, string?> environment, SymbolUniverse universe)
    {
        var problems = new List<string>();

        string Required(string name)
        {
            var value = environment(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{name} is not set");
            }

            return value?.Trim() ?? "";
        }

        int? Number(string name, int min, int max)
        {
            var text = environment(name);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            problems.Add($"{name} must be a whole number from {min} to {max} (got '{text}')");
            return null;
        }

        var bucket = Required(IngestionEnvironment.RawBucket);
        var parameter = Required(IngestionEnvironment.ApiKeyParameter);
        var stack = Required(IngestionEnvironment.Stack);
        var intervalText = Required(IngestionEnvironment.Interval);
        if (!BarInterval.TryParse(intervalText, out var interval) && intervalText.Length > 0)
        {
            problems.Add($"{IngestionEnvironment.Interval} '{intervalText}' is not a Twelve Data interval ({string.Join(", ", BarInterval.All)})");
        }

        var symbols = (environment(IngestionEnvironment.Symbols) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var unknown in symbols.Where(x => !universe.Symbols.Any(u => u.Symbol == x)))
        {
            problems.Add($"{IngestionEnvironment.Symbols}: '{unknown}' is not in the universe (sql/seeds/symbols.csv)");
        }

        var latest = Number(IngestionEnvironment.LatestBars, 1, 5000) ?? 5;
        var perMinute = Number(IngestionEnvironment.CreditsPerMinute, 1, 100_000);
        var perDay = Number(IngestionEnvironment.CreditsPerDay, 1, 10_000_000);
        var budget = Number(IngestionEnvironment.RunBudgetSeconds, 1, 900);
        Uri baseUrl = TwelveData.TwelveDataOptions.DefaultBaseUrl;
        try
        {
            baseUrl = TwelveData.TwelveDataOptions.BaseUrlFrom(environment);
        }
        catch (UriFormatException)
        {
            problems.Add($"{TwelveData.TwelveDataOptions.BaseUrlVariable} is not an absolute URL");
        }

        return problems.Count == 0
            ? new FunctionSettings(bucket, parameter, stack, interval, symbols.Length > 0 ? symbols : universe.Symbols.Select(u => u.Symbol).ToArray(),
                latest, perMinute, perDay, baseUrl) { RunBudget = budget is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultRunBudget }
            : throw new InvalidOperationException("ingestion function configuration is invalid: " + string.Join("; ", problems));
    }
}
