using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dataflow.Contracts;
using Dataflow.Ingestion;

namespace Dataflow.Twin.Sample;

/// <summary>
/// A deterministic stand-in for Twelve Data's <c>GET /time_series</c> (daily bars): responses in the API's exact JSON
/// shape (meta by asset class, OHLCV as strings of varying precision, newest first), on each symbol's trading
/// calendar, with <see cref="SampleDefects"/> injected. Same seed, same bytes.
/// </summary>
public sealed class SampleTimeSeriesSource(SymbolUniverse universe, int seed, SampleDefects defects) : ITimeSeriesSource
{
    public const string SourceName = "sample";
    public const int DefaultSeed = 20_240_101;

    public string Name => SourceName;

    public async IAsyncEnumerable<SourceResponse> FetchAsync(IngestionRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var symbol in request.Symbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Fetch(universe[symbol], request);
        }

        await Task.CompletedTask;
    }

    private SourceResponse Fetch(SymbolReference symbol, IngestionRequest request)
    {
        var parameters = new Dictionary<string, string> { ["symbol"] = symbol.Symbol, ["interval"] = request.Interval.Value };
        if (request.Interval != BarInterval.Daily)
        {
            return Error(symbol.Symbol, parameters, 400,
                $"**interval** {request.Interval} is not served by the sample source; it generates {BarInterval.Daily} bars only.");
        }

        if (request.Window.To is not { } to)
        {
            return Error(symbol.Symbol, parameters, 400, "the sample source needs a date window (--from/--to), not the latest bars");
        }

        var from = request.Window.From ?? PricePath.Epoch;
        parameters["start_date"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        parameters["end_date"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var bars = PricePath.Bars(seed, symbol, from, to).Reverse().ToArray();
        return bars.Length == 0
            ? Error(symbol.Symbol, parameters, 400, "No data is available on the specified dates. Try setting different start/end dates.")
            : Response(symbol.Symbol, parameters, Write(symbol, request.Interval.Value, bars));
    }

    private static SourceResponse Response(string symbol, Dictionary<string, string> parameters, byte[] body) =>
        new(symbol, 1, 200, body, 1, ResponseSummary.Of(body, 200), parameters);

    private byte[] Write(SymbolReference symbol, string interval, IReadOnlyList<SampleBar> newestFirst)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteMeta(json, symbol, interval);
            json.WriteStartArray("values");
            foreach (var bar in newestFirst)
            {
                WriteBar(json, symbol.Symbol, bar, valuesDiffer: false);
                if (defects.Duplicate(seed, symbol.Symbol, bar.Day))
                {
                    WriteBar(json, symbol.Symbol, bar, valuesDiffer: true);
                }
            }

            json.WriteEndArray();
            json.WriteString("status", "ok");
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Field sets differ by asset class exactly as the API's do (twelvedata.md §2.2).</summary>
    private static void WriteMeta(Utf8JsonWriter json, SymbolReference symbol, string interval)
    {
        json.WriteStartObject("meta");
        json.WriteString("symbol", symbol.Symbol);
        json.WriteString("interval", interval);
        switch (symbol.AssetType)
        {
            case "Physical Currency" or "Digital Currency":
                var pair = symbol.Symbol.Split('/');
                json.WriteString("currency_base", pair[0]);
                json.WriteString("currency_quote", pair.Length > 1 ? pair[1] : symbol.Currency);
                if (!string.IsNullOrEmpty(symbol.Exchange))
                {
                    json.WriteString("exchange", symbol.Exchange);
                }

                break;
            default:
                json.WriteString("currency", symbol.Currency);
                json.WriteString("exchange_timezone", "America/New_York");
                json.WriteString("exchange", symbol.Exchange);
                json.WriteString("mic_code", symbol.MicCode);
                break;
        }

        json.WriteString("type", symbol.AssetType);
        json.WriteEndObject();
    }

    private void WriteBar(Utf8JsonWriter json, string symbol, SampleBar bar, bool valuesDiffer)
    {
        var (open, high, low, close) = (bar.Open, bar.High, bar.Low, bar.Close);
        if (valuesDiffer)
        {
            close = Math.Round(close * 1.007m, 5);
            high = Math.Max(high, close);
        }

        var trim = StableRandom.UniformFor(seed, symbol, bar.Day, "precision") < 0.1;
        json.WriteStartObject();
        json.WriteString("datetime", bar.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteString("open", Price(open, trim));
        json.WriteString("high", Price(high, trim));
        json.WriteString("low", Price(low, trim));
        json.WriteString("close", !valuesDiffer && defects.NonNumeric(seed, symbol, bar.Day) ? SampleDefects.NonNumericValue : Price(close, trim));
        if (bar.Volume is { } volume && !(!valuesDiffer && defects.MissingVolume(seed, symbol, bar.Day)))
        {
            json.WriteString("volume", volume.ToString(CultureInfo.InvariantCulture));
        }

        json.WriteEndObject();
    }

    /// <summary>Without <c>dp</c> the API's precision varies bar to bar: "237", "235.029999", "241.22000".</summary>
    private static string Price(decimal value, bool trim) =>
        trim ? value.ToString("0.#####", CultureInfo.InvariantCulture) : value.ToString("0.00000", CultureInfo.InvariantCulture);

    private static SourceResponse Error(string symbol, Dictionary<string, string> parameters, int code, string message) =>
        Response(symbol, parameters, JsonSerializer.SerializeToUtf8Bytes(new { code, message, status = "error" }));
}
