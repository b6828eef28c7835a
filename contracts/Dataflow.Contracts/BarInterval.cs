namespace Dataflow.Contracts;

/// <summary>
/// A bar interval of Twelve Data's <c>time_series</c> (<c>1min</c> … <c>1month</c>): what the ingestion requests,
/// the raw key's <c>{interval}</c>, the curated <c>bar_interval</c>, and a stack's <c>dataflow:interval</c>.
/// </summary>
public sealed record BarInterval
{
    private BarInterval(string value) => Value = value;

    public string Value { get; }

    public static BarInterval Daily { get; } = new("1day");

    /// <summary>Every interval the API serves, shortest first.</summary>
    public static IReadOnlyList<BarInterval> All { get; } =
        [.. new[] { "1min", "5min", "15min", "30min", "45min", "1h", "2h", "4h", "8h" }.Select(v => new BarInterval(v)), Daily, new("1week"), new("1month")];

    /// <summary>Daily and longer bars carry a date, shorter ones a date and time (twelvedata.md §2.2).</summary>
    public bool IsIntraday => All.TakeWhile(i => i.Value != Daily.Value).Any(i => i.Value == Value);

    public static bool TryParse(string? text, out BarInterval interval)
    {
        interval = All.FirstOrDefault(i => i.Value == text)!;
        return interval is not null;
    }

    /// <summary>The interval named <paramref name="text"/>; <paramref name="what"/> names the setting in the error.</summary>
    public static BarInterval Parse(string? text, string what) =>
        TryParse(text, out var interval)
            ? interval
            : throw new ContractException($"{what} '{text}' is not a Twelve Data interval ({string.Join(", ", All)})");

    public override string ToString() => Value;
}
