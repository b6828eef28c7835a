using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dataflow.Contracts;

namespace Dataflow.Infra.Model.Configuration;

/// <summary>
/// A stack's configuration, validated. The Pulumi program builds it from <c>Pulumi.Config</c>; the tests and
/// <c>dataflow validate</c> build it from Pulumi.yaml and Pulumi.&lt;stack&gt;.yaml, through the same <see cref="Parse"/>.
/// </summary>
public sealed partial record StackConfig(
    string Project,
    string Stack,
    string Region,
    IReadOnlyList<string> Symbols,
    string Interval,
    string ScheduleExpression,
    string ScheduleTimezone,
    RetentionSettings Retention,
    string AlarmEmail,
    bool ForceDestroy)
{
    public static readonly IReadOnlySet<string> Intervals =
        new HashSet<string>(StringComparer.Ordinal) { "1min", "5min", "15min", "30min", "45min", "1h", "2h", "4h", "8h", "1day", "1week", "1month" };

    /// <summary>
    /// Reads and checks every key. <paramref name="get"/> returns a key's value as Pulumi hands it over (arrays and
    /// objects as JSON text), or null when unset. All problems are reported together.
    /// </summary>
    public static StackConfig Parse(string project, string stack, Func<string, string?> get, SymbolUniverse universe)
    {
        var problems = new List<string>();
        string Key(string name) => $"{project}:{name}";

        string Required(string key)
        {
            var value = get(key);
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{key} is required");
            }

            return value ?? "";
        }

        int Days(string name, int min)
        {
            var key = Key(name);
            var text = Required(key);
            if (text.Length > 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days < min))
            {
                problems.Add($"{key} must be a whole number of days, at least {min} (got '{text}')");
                return min;
            }

            return text.Length > 0 ? int.Parse(text, CultureInfo.InvariantCulture) : min;
        }

        var region = Required("aws:region");
        if (region.Length > 0 && !RegionName().IsMatch(region))
        {
            problems.Add($"aws:region '{region}' is not an AWS region name");
        }

        var symbols = ParseSymbols(get(Key("symbols")), Key("symbols"), universe, problems);
        var interval = get(Key("interval")) ?? "1day";
        if (!Intervals.Contains(interval))
        {
            problems.Add($"{Key("interval")} '{interval}' is not a Twelve Data interval ({string.Join(", ", Intervals)})");
        }

        var schedule = Required(Key("scheduleExpression"));
        if (schedule.Length > 0 && !Schedule().IsMatch(schedule))
        {
            problems.Add($"{Key("scheduleExpression")} '{schedule}' is not rate(N unit) or a six-field cron(...)");
        }

        var timezone = get(Key("scheduleTimezone")) ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out _))
        {
            problems.Add($"{Key("scheduleTimezone")} '{timezone}' is not an IANA time zone");
        }

        var email = Required(Key("alarmEmail"));
        if (email.Length > 0 && !Email().IsMatch(email))
        {
            problems.Add($"{Key("alarmEmail")} '{email}' is not an e-mail address");
        }

        var forceDestroyText = get(Key("forceDestroy")) ?? "false";
        if (!bool.TryParse(forceDestroyText, out var forceDestroy))
        {
            problems.Add($"{Key("forceDestroy")} must be true or false (got '{forceDestroyText}')");
        }
        else if (forceDestroy && stack == "prod")
        {
            problems.Add($"{Key("forceDestroy")} may not be true on prod: deleting the stack would delete the data");
        }

        // S3 moves objects to STANDARD_IA only after 30 days; expirations need at least one day.
        var retention = new RetentionSettings(
            Days("rawInfrequentAccessDays", 30),
            Days("rawNoncurrentVersionDays", 1),
            Days("athenaResultsDays", 1),
            Days("artifactsNoncurrentVersionDays", 1));

        return problems.Count == 0
            ? new StackConfig(project, stack, region, symbols, interval, schedule, timezone, retention, email, forceDestroy)
            : throw new StackConfigException(stack, problems);
    }

    private static string[] ParseSymbols(string? json, string key, SymbolUniverse universe, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return universe.Symbols.Select(s => s.Symbol).ToArray();
        }

        try
        {
            var symbols = JsonSerializer.Deserialize<string[]>(json) ?? [];
            foreach (var unknown in symbols.Where(s => !universe.Symbols.Any(u => u.Symbol == s)))
            {
                problems.Add($"{key}: '{unknown}' is not in sql/seeds/symbols.csv");
            }

            // An empty list (the project default) means the whole universe, so adding a symbol needs no config change.
            return symbols.Length == 0 ? universe.Symbols.Select(s => s.Symbol).ToArray() : symbols;
        }
        catch (JsonException)
        {
            problems.Add($"{key} must be a list of symbols");
            return [];
        }
    }

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$")]
    private static partial Regex RegionName();

    [GeneratedRegex(@"^(rate\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\)|cron\(\S+ \S+ \S+ \S+ \S+ \S+\))$")]
    private static partial Regex Schedule();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();
}

public sealed record RetentionSettings(int RawInfrequentAccessDays, int RawNoncurrentVersionDays, int AthenaResultsDays, int ArtifactsNoncurrentVersionDays);

/// <summary>A stack's configuration is invalid; every problem is listed, each naming its key.</summary>
public sealed class StackConfigException : Exception
{
    public StackConfigException(string stack, IReadOnlyList<string> problems)
        : base($"stack '{stack}' configuration is invalid:{Environment.NewLine}  " + string.Join($"{Environment.NewLine}  ", problems)) =>
        Problems = problems;

    public StackConfigException() => Problems = [];
    public StackConfigException(string message) : base(message) => Problems = [message];
    public StackConfigException(string message, Exception inner) : base(message, inner) => Problems = [message];

    public IReadOnlyList<string> Problems { get; }
}
