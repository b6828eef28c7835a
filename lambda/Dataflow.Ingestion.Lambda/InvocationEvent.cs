using System.Globalization;
using System.Text.Json;
using Dataflow.Contracts;

namespace Dataflow.Ingestion.Lambda;

/// <summary>
/// What one invocation was asked to do. The schedule sends <c>{}</c> (the latest bars of the configured symbols); a
/// backfill sends overrides: <c>{"symbols":["AAPL"],"interval":"1day","from":"2020-01-01","to":"2024-12-31"}</c>, and
/// omitting <c>from</c> with a <c>to</c> pages back to the instrument's first bar; <c>credits_per_day</c> budgets it, and
/// <c>{"continue_backfill":"RUN_ID"}</c> runs its next attempt. The contract is strict: an unknown or
/// repeated field, a value of the wrong type or a symbol that is not configured is refused, naming it, before anything
/// is fetched (a misspelt <c>latest</c> must not quietly run "latest 5").
/// </summary>
public sealed record InvocationEvent(IReadOnlyList<string>? Symbols, BarInterval? Interval, DateOnly? From, DateOnly? To, int? LatestBars)
{
    /// <summary>The run id's suffix of a scheduled run: with the scheduled time, the same id on every retry of one schedule.</summary>
    public const string ScheduledSuffix = "scheduled";

    private const string ContinueField = "continue_backfill";
    private const string BudgetField = "credits_per_day";

    private static readonly string[] Fields = ["symbols", "interval", "from", "to", "latest_bars", Contracts.Ingestion.ScheduledEvent.ScheduledTimeField, ContinueField, BudgetField];

    /// <summary>
    /// EventBridge Scheduler's <c>&lt;aws.scheduler.scheduled-time&gt;</c>, which the schedule passes: the run id derives
    /// from it, so a retry of one schedule is the same run and resumes it instead of fetching everything again.
    /// </summary>
    public DateTimeOffset? ScheduledTime { get; init; }

    /// <summary>
    /// The backfill (its first run id) whose next attempt this is: only what its attempts left is fetched, from the page
    /// where each symbol stopped. <c>symbols</c>/<c>from</c>/<c>to</c> are read only if its first attempt never finished.
    /// </summary>
    public string? ContinueBackfill { get; init; }

    /// <summary>A backfill's own daily credit budget, counting its earlier attempts of the UTC day.</summary>
    public int? CreditsPerDay { get; init; }

    /// <summary>A date window (a backfill's first attempt) or a continuation: resumable, and reported with how to continue.</summary>
    public bool IsBackfill => ContinueBackfill is not null || (LatestBars is null && (From is not null || To is not null));

    public static InvocationEvent Parse(ReadOnlySpan<byte> json)
    {
        if (json.Trim((byte)' ').IsEmpty)
        {
            return new InvocationEvent(null, null, null, null, null);
        }

        using var doc = Document(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"the invocation event must be a JSON object, not {root.ValueKind}");
        }

        // EventBridge wraps scheduled rule payloads in "detail" (its envelope's fields are its own); Scheduler sends the
        // input as is.
        if (root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.Object)
        {
            root = detail;
        }

        CheckFields(root);
        var latest = root.TryGetProperty("latest_bars", out var n) ? LatestBarsOf(n) : (int?)null;
        var (from, to) = (Date(root, "from"), Date(root, "to"));
        if (latest is not null && (from is not null || to is not null))
        {
            throw new FormatException("\"latest_bars\" cannot be combined with \"from\"/\"to\": ask for the newest bars or for a window");
        }

        var interval = Text(root, "interval") is { } text ? ParseInterval(text) : null;
        var continuing = Text(root, ContinueField);
        foreach (var excluded in new[] { "latest_bars", Contracts.Ingestion.ScheduledEvent.ScheduledTimeField })
        {
            if (continuing is not null && root.TryGetProperty(excluded, out _))
            {
                throw new FormatException($"\"{ContinueField}\" cannot be combined with \"{excluded}\": a backfill pages a window, it is not a scheduled run");
            }
        }

        var budget = root.TryGetProperty(BudgetField, out var b) ? BudgetOf(b) : (int?)null;
        var invocation = new InvocationEvent(SymbolsOf(root), interval, from, to, latest)
        {
            ScheduledTime = Instant(root, Contracts.Ingestion.ScheduledEvent.ScheduledTimeField),
            ContinueBackfill = continuing,
            CreditsPerDay = budget,
        };
        return budget is not null && !invocation.IsBackfill
            ? throw new FormatException($"\"{BudgetField}\" is a backfill's budget: give it with \"from\"/\"to\" or \"{ContinueField}\"")
            : invocation;
    }

    public IngestionRequest ToRequest(FunctionSettings settings, DateOnly today)
    {
        var window = From is null && To is null
            ? IngestionWindow.Latest(LatestBars ?? settings.LatestBars)
            : IngestionWindow.Between(From, To ?? today);
        if (Symbols is { Count: > 0 } symbols)
        {
            var configured = settings.Symbols.ToHashSet(StringComparer.Ordinal);
            var unknown = symbols.Where(s => !configured.Contains(s)).Distinct(StringComparer.Ordinal).ToArray();
            if (unknown.Length > 0)
            {
                string Hint(string s) => settings.Symbols.FirstOrDefault(c => string.Equals(c, s, StringComparison.OrdinalIgnoreCase)) is { } c ? $" (did you mean {c}?)" : "";
                throw new FormatException($"\"symbols\" {string.Join(", ", unknown.Select(s => $"\"{s}\"{Hint(s)}"))} not among the {settings.Symbols.Count} configured symbols of this stack");
            }
        }

        return new IngestionRequest(Symbols is { Count: > 0 } ? Symbols : settings.Symbols, Interval ?? settings.Interval, window);
    }

    private static JsonDocument Document(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"the invocation event is not JSON: {e.Message}", e);
        }
    }

    private static void CheckFields(JsonElement root)
    {
        var names = root.EnumerateObject().Select(p => p.Name).ToArray();
        if (names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw new FormatException($"\"{repeated.Key}\" appears twice in the invocation event");
        }

        var unknown = names.Where(n => !Fields.Contains(n, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
        {
            throw new FormatException($"unknown field{(unknown.Length > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"\"{u}\""))} in the invocation event; it takes {string.Join(", ", Fields.Select(f => $"\"{f}\""))}");
        }
    }

    private static string[]? SymbolsOf(JsonElement root)
    {
        if (!root.TryGetProperty("symbols", out var s))
        {
            return null;
        }

        if (s.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"\"symbols\" must be an array of strings, not a {s.ValueKind}");
        }

        return s.EnumerateArray().Select((e, i) => e.ValueKind != JsonValueKind.String
                ? throw new FormatException($"\"symbols\" must be an array of strings: item {i + 1} is a {e.ValueKind}")
                : e.GetString()!.Any(char.IsControl)
                    ? throw new FormatException($"\"symbols\" item {i + 1} has a control character")
                    : e.GetString()!)
            .ToArray();
    }

    private static int LatestBarsOf(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var bars) && bars is >= 1 and <= 5000
            ? bars
            : throw new FormatException($"\"latest_bars\" must be a whole number from 1 to 5000, not {value.GetRawText()}");

    private static int BudgetOf(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var credits) && credits >= 1
            ? credits
            : throw new FormatException($"\"{BudgetField}\" must be a whole number of at least 1, not {value.GetRawText()}");

    private static BarInterval ParseInterval(string text)
    {
        try
        {
            return BarInterval.Parse(text, "\"interval\"");
        }
        catch (ContractException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw new FormatException($"\"{name}\" must be a string, not a {v.ValueKind}");

    private static DateTimeOffset? Instant(JsonElement root, string name) =>
        Text(root, name) is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                && text.Contains('T', StringComparison.Ordinal)
                ? at
                : throw new FormatException($"\"{name}\" '{text}' is not an ISO 8601 instant such as 2026-12-02T22:30:00Z")
            : null;

    private static DateOnly? Date(JsonElement root, string name) =>
        Text(root, name) is { } text
            ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new FormatException($"\"{name}\" '{text}' is not a yyyy-MM-dd date")
            : null;
}
