using System.Text.Json;
using System.Text.Json.Serialization;
using Dataflow.Ingestion.TwelveData;

namespace Dataflow.Ingestion;

/// <summary>
/// The completion marker of an ingestion run, written after every raw object of the run: what was asked for and what
/// happened to each symbol. Its presence tells downstream stages the run's objects are all in place.
/// </summary>
public sealed record RunManifest(
    string RunId,
    string Source,
    DateTimeOffset StartedUtc,
    DateTimeOffset FinishedUtc,
    string Interval,
    string Window,
    IReadOnlyList<SymbolResult> Symbols)
{
    public RunTotals Totals => new(
        Symbols.Count,
        Count(SymbolOutcome.Succeeded),
        Count(SymbolOutcome.NoData),
        Count(SymbolOutcome.Skipped),
        Count(SymbolOutcome.NotAttempted),
        Count(SymbolOutcome.Failed),
        Symbols.Sum(s => s.Bars),
        Symbols.Sum(s => s.Credits),
        Symbols.Sum(s => s.Bytes));

    private int Count(SymbolOutcome outcome) => Symbols.Count(s => s.Outcome == outcome);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static RunManifest FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<RunManifest>(json, Json) ?? throw new JsonException("manifest is null");

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}

/// <summary>
/// One symbol of a run: its outcome, and the raw objects that hold what the API said; for a backfill stopped part-way,
/// where its paging continues (<see cref="Backfill"/>).
/// </summary>
public sealed record SymbolResult(
    string Symbol,
    SymbolOutcome Outcome,
    int Pages,
    int Bars,
    int HttpStatus,
    int Credits,
    IReadOnlyList<string> Keys,
    long Bytes,
    ApiErrorKind? ErrorKind,
    string? Error,
    PageResume? Resume = null);

public sealed record RunTotals(int Requested, int Succeeded, int NoData, int Skipped, int NotAttempted, int Failed, int Bars, int Credits, long Bytes);
