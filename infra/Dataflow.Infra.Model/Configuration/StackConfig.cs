using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dataflow.Contracts;

namespace Dataflow.Infra.Model.Configuration;

/// <summary>
/// A stack's configuration, validated. The Pulumi program builds it from <c>Pulumi.Config</c>; the tests and
/// <c>dataflow validate</c> build it from Pulumi.yaml and Pulumi.&lt;stack&gt;.yaml, through the same <see cref="Parse"/>.
/// Defaults live once, in Pulumi.yaml's config schema (the Pulumi CLI and <see cref="PulumiProject"/> apply them):
/// here every key is read as given, and a key without a value is an error.
/// </summary>
public sealed partial record StackConfig(
    string Project,
    string Stack,
    string Region,
    IReadOnlyList<string> Symbols,
    BarInterval Interval,
    string ScheduleExpression,
    string ScheduleTimezone,
    RetentionSettings Retention,
    string AlarmEmail,
    bool ForceDestroy,
    ComputeSettings Compute,
    DashboardSettings Dashboards)
{
    /// <summary>
    /// The lake's data buckets (raw, curated) and their settings are protected and retained on delete: neither
    /// <c>pulumi destroy</c> nor a replacement can delete them or strip their versioning, public-access block, TLS-only
    /// policy or lifecycle. On by default (Pulumi.yaml); only a throw-away stack turns it off.
    /// </summary>
    public bool ProtectData { get; init; } = true;

    public static readonly IReadOnlySet<string> GlueWorkerTypes = new HashSet<string>(StringComparer.Ordinal) { "G.025X", "G.1X", "G.2X", "G.4X", "G.8X" };

    /// <summary>The retention periods CloudWatch Logs accepts.</summary>
    public static readonly IReadOnlySet<int> LogRetentionDays = new HashSet<int> { 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 };

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

        // A declared key may be empty (an optional setting left blank), but never absent: its default is Pulumi.yaml's.
        string Declared(string key)
        {
            var value = get(key);
            if (value is null)
            {
                problems.Add($"{key} has no value: declare it with a default in Pulumi.yaml or set it in Pulumi.{stack}.yaml");
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

        int Whole(string name, int min, int max)
        {
            var text = Required(Key(name));
            if (text.Length == 0)
            {
                return min;
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                problems.Add($"{Key(name)} must be a whole number from {min} to {max} (got '{text}')");
                return min;
            }

            return value;
        }

        var region = Required("aws:region");
        if (region.Length > 0 && !RegionName().IsMatch(region))
        {
            problems.Add($"aws:region '{region}' is not an AWS region name");
        }

        var symbols = ParseSymbols(Declared(Key("symbols")), Key("symbols"), universe, problems);
        var intervalText = Required(Key("interval"));
        if (!BarInterval.TryParse(intervalText, out var interval) && intervalText.Length > 0)
        {
            problems.Add($"{Key("interval")} '{intervalText}' is not a Twelve Data interval ({string.Join(", ", BarInterval.All)})");
        }

        var schedule = Required(Key("scheduleExpression"));
        if (schedule.Length > 0 && !Schedule().IsMatch(schedule))
        {
            problems.Add($"{Key("scheduleExpression")} '{schedule}' is not rate(N unit) or a six-field cron(...)");
        }

        var timezone = Required(Key("scheduleTimezone"));
        if (timezone.Length > 0 && !TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out _))
        {
            problems.Add($"{Key("scheduleTimezone")} '{timezone}' is not an IANA time zone");
        }

        var email = Required(Key("alarmEmail"));
        if (email.Length > 0 && !Email().IsMatch(email))
        {
            problems.Add($"{Key("alarmEmail")} '{email}' is not an e-mail address");
        }

        var forceDestroyText = Required(Key("forceDestroy"));
        if (!bool.TryParse(forceDestroyText, out var forceDestroy))
        {
            problems.Add($"{Key("forceDestroy")} must be true or false (got '{forceDestroyText}')");
        }

        var protectText = Required(Key("protectData"));
        if (!bool.TryParse(protectText, out var protectData))
        {
            problems.Add($"{Key("protectData")} must be true or false (got '{protectText}')");
        }
        else if (forceDestroy && protectData)
        {
            // By configuration, not by the stack's name: a production stack called anything else is guarded too.
            problems.Add($"{Key("forceDestroy")} may be true only with {Key("protectData")}: false: deleting the stack would delete the data");
        }

        // S3 moves objects to STANDARD_IA only after 30 days; expirations need at least one day.
        var retention = new RetentionSettings(
            Days("rawInfrequentAccessDays", 30),
            Days("rawNoncurrentVersionDays", 1),
            Days("athenaResultsDays", 1),
            Days("artifactsNoncurrentVersionDays", 1));

        var workerType = Required(Key("glueWorkerType"));
        if (workerType.Length > 0 && !GlueWorkerTypes.Contains(workerType))
        {
            problems.Add($"{Key("glueWorkerType")} '{workerType}' is not a Glue 5 worker type ({string.Join(", ", GlueWorkerTypes)})");
        }

        var workers = Whole("glueWorkers", 2, 100);
        var logDays = Whole("logRetentionDays", 1, 3653);
        if (!LogRetentionDays.Contains(logDays))
        {
            problems.Add($"{Key("logRetentionDays")} {logDays} is not a CloudWatch Logs retention ({string.Join(", ", LogRetentionDays.Order())})");
        }

        // Pulumi.Aws types the cutoff as a 32-bit int (bytes), so 2047 MiB is the most a stack can set.
        var cutoffMb = Whole("athenaBytesScannedCutoffMb", 10, 2047);
        var quickSightText = Required(Key("quicksightEnabled"));
        if (!bool.TryParse(quickSightText, out var quickSight))
        {
            problems.Add($"{Key("quicksightEnabled")} must be true or false (got '{quickSightText}')");
        }

        var principal = Declared(Key("quicksightPrincipalArn"));
        if (quickSight && !QuickSightPrincipal().IsMatch(principal))
        {
            problems.Add($"{Key("quicksightPrincipalArn")} must be a QuickSight user or group ARN when {Key("quicksightEnabled")} is true (got '{principal}')");
        }

        return problems.Count == 0
            ? new StackConfig(project, stack, region, symbols, interval, schedule, timezone, retention, email, forceDestroy,
                new ComputeSettings(workerType, workers, logDays, cutoffMb * 1024 * 1024), new DashboardSettings(quickSight, principal)) { ProtectData = protectData }
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

    [GeneratedRegex(@"^arn:aws:quicksight:[a-z0-9-]+:[0-9]{12}:(user|group)/.+$")]
    private static partial Regex QuickSightPrincipal();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();
}

/// <summary>Glue job size, log retention, and the Athena per-query scan cutoff (bytes).</summary>
public sealed record ComputeSettings(string GlueWorkerType, int GlueWorkers, int LogRetentionDays, int AthenaBytesScannedCutoff);

/// <summary>QuickSight needs an account subscription, so dashboards are deployed only where a stack turns them on.</summary>
public sealed record DashboardSettings(bool Enabled, string PrincipalArn);

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
