using System.Globalization;
using Dataflow.Contracts;

namespace Dataflow.Ingestion.Lambda;

/// <summary>
/// The function's configuration, from its environment variables (set by the Pulumi program). Every problem is
/// reported at once, naming the variable.
/// </summary>
public sealed record FunctionSettings(
    string RawBucket,
    string ApiKeyParameter,
    string Stack,
    string Interval,
    IReadOnlyList<string> Symbols,
    int LatestBars,
    int? CreditsPerMinute,
    int? CreditsPerDay,
    Uri TwelveDataBaseUrl)
{
    public const string RawBucketVariable = "RAW_BUCKET";
    public const string ApiKeyParameterVariable = "API_KEY_PARAMETER";
    public const string StackVariable = "STACK";
    public const string IntervalVariable = "INTERVAL";
    public const string SymbolsVariable = "SYMBOLS";
    public const string LatestBarsVariable = "LATEST_BARS";
    public const string CreditsPerMinuteVariable = "CREDITS_PER_MINUTE";
    public const string CreditsPerDayVariable = "CREDITS_PER_DAY";

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

        var bucket = Required(RawBucketVariable);
        var parameter = Required(ApiKeyParameterVariable);
        var stack = environment(StackVariable) is { Length: > 0 } s ? s : "dev";
        var interval = environment(IntervalVariable) is { Length: > 0 } i ? i : "1day";
        var symbols = (environment(SymbolsVariable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var unknown in symbols.Where(x => !universe.Symbols.Any(u => u.Symbol == x)))
        {
            problems.Add($"{SymbolsVariable}: '{unknown}' is not in the universe (sql/seeds/symbols.csv)");
        }

        var latest = Number(LatestBarsVariable, 1, 5000) ?? 5;
        var perMinute = Number(CreditsPerMinuteVariable, 1, 100_000);
        var perDay = Number(CreditsPerDayVariable, 1, 10_000_000);
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
                latest, perMinute, perDay, baseUrl)
            : throw new InvalidOperationException("ingestion function configuration is invalid: " + string.Join("; ", problems));
    }
}
