using Dataflow.Contracts.Testing;
using System.Globalization;
using System.Text.Json;

namespace Dataflow.Twin.Tests;

/// <summary>
/// The test's own reading of raw time_series objects, written against the Twelve Data format and independent of the
/// twin's SQL, so the expected curated rows are computed without the code under test.
/// </summary>
internal sealed record RawBar(string Symbol, string Key, int Ordinal, string Datetime, string? Open, string? High, string? Low, string? Close, string? Volume, bool VolumeReported)
{
    public bool IsValid =>
        DateOnly.TryParseExact(Datetime, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        && new[] { Open, High, Low, Close }.All(v => v is not null && decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        && (Volume is null || decimal.TryParse(Volume, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    public decimal CloseValue => decimal.Parse(Close!, NumberStyles.Float, CultureInfo.InvariantCulture);
    public decimal OpenValue => decimal.Parse(Open!, NumberStyles.Float, CultureInfo.InvariantCulture);
    public decimal HighValue => decimal.Parse(High!, NumberStyles.Float, CultureInfo.InvariantCulture);
    public decimal LowValue => decimal.Parse(Low!, NumberStyles.Float, CultureInfo.InvariantCulture);
    public decimal? VolumeValue => Volume is null ? null : decimal.Parse(Volume, NumberStyles.Float, CultureInfo.InvariantCulture);
    public DateOnly Day => DateOnly.ParseExact(Datetime, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

internal static class RawResponses
{
    public static IReadOnlyList<RawBar> ReadAll(string rawZone) =>
        Directory.GetFiles(Path.Combine(rawZone, Checkout.Layout.RawTimeSeries.FolderPrefix), "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(f => Read(rawZone, f))
            .ToArray();

    public static IEnumerable<RawBar> Read(string rawZone, string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        var root = doc.RootElement;
        if (root.GetProperty("status").GetString() != "ok")
        {
            yield break;
        }

        var symbol = root.GetProperty("meta").GetProperty("symbol").GetString()!;
        var key = Path.GetRelativePath(rawZone, file).Replace('\\', '/');
        var ordinal = 0;
        foreach (var bar in root.GetProperty("values").EnumerateArray())
        {
            string? Field(string name) => bar.TryGetProperty(name, out var v) ? v.GetString() : null;
            yield return new RawBar(symbol, key, ordinal++, Field("datetime")!, Field("open"), Field("high"), Field("low"), Field("close"),
                Field("volume"), bar.TryGetProperty("volume", out _));
        }
    }
}
