using System.Text.Json;
using System.Text.Json.Serialization;

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
    DateOnly From,
    DateOnly To,
    IReadOnlyList<SymbolResult> Symbols)
{
    public RunTotals Totals => new(
        Symbols.Count,
        Symbols.Count(s => s.Outcome == SymbolOutcome.Succeeded),
        Symbols.Count(s => s.Outcome == SymbolOutcome.NoData),
        Symbols.Count(s => s.Outcome == SymbolOutcome.Failed),
        Symbols.Sum(s => s.Bars),
        Symbols.Sum(s => s.Credits),
        Symbols.Sum(s => s.Bytes));

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

public sealed record SymbolResult(
    string Symbol,
    SymbolOutcome Outcome,
    int Bars,
    int HttpStatus,
    int Credits,
    string? Key,
    long Bytes,
    string? Error);

public sealed record RunTotals(int Requested, int Succeeded, int NoData, int Failed, int Bars, int Credits, long Bytes);
