using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dataflow.Contracts;

namespace Dataflow.Ingestion.TwelveData;

/// <summary>
/// <c>time_series</c> for many symbols on a credit budget: batches of up to min(120, credits left this minute)
/// symbols, split in two on a 414, each symbol's part of a batch answer kept verbatim and identified by its key; then,
/// for windows longer than one page, pages back with <c>end_date</c> + <c>outputsize=5000</c> until the window's start,
/// the instrument's earliest bar or "no data". A daily 429 or a rejected key stops the run cleanly: every symbol not
/// yet fetched is reported as not attempted.
/// </summary>
public sealed class TwelveDataSource(TwelveDataClient client, TwelveDataOptions options) : ITimeSeriesSource
{
    public const int PageSize = 5000;

    /// <summary>A daily bar's JSON is about 110 bytes (measured on the emulator's and the API's shapes); with room to spare.</summary>
    private const int BytesPerBarAtMost = 128;
    private const int MaxPages = 2000;

    public string Name => "twelvedata";

    public async IAsyncEnumerable<SourceResponse> FetchAsync(IngestionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A symbol an earlier attempt left part-way continues its paging first; the others start with page 1, in batches.
        var cursors = request.Symbols.Where(request.ContinueFrom.ContainsKey).Select(s => PageCursor.Continuing(s, request.ContinueFrom[s])).ToList();
        var waiting = new Queue<string>(request.Symbols.Where(s => !request.ContinueFrom.ContainsKey(s)));
        var split = new Stack<IReadOnlyList<string>>();
        ApiError? stop = null;

        while (split.Count > 0 || waiting.Count > 0)
        {
            var batch = split.Count > 0 ? split.Pop() : TakeBatch(waiting, request.Window.LatestBars ?? PageSize);
            stop ??= client.PastDeadline(batch.Count);
            if (stop is not null)
            {
                foreach (var symbol in batch)
                {
                    yield return Unanswered(symbol, stop);
                }

                continue;
            }

            var query = FirstPageQuery(batch, request);
            var reply = await client.GetAsync("time_series", query, batch.Count, cancellationToken);
            if (reply.Error is { Kind: ApiErrorKind.ParameterTooLong } && batch.Count > 1)
            {
                split.Push(batch.Skip(batch.Count / 2).ToArray());
                split.Push(batch.Take(batch.Count / 2).ToArray());
                continue;
            }

            if (reply.Error is { Kind: ApiErrorKind.DailyQuota or ApiErrorKind.Unauthorized } fatal)
            {
                stop = fatal;
            }

            foreach (var response in Split(batch, reply, query))
            {
                if (NeedsMorePages(response, request.Window) is { } cursor)
                {
                    cursors.Add(cursor);
                }

                yield return response;
            }
        }

        foreach (var cursor in cursors)
        {
            await foreach (var page in PagesAsync(cursor, request, () => stop, e => stop = e, cancellationToken))
            {
                yield return page;
            }
        }
    }

    private List<string> TakeBatch(Queue<string> waiting, int barsPerSymbol)
    {
        // With nothing left this minute the batch waits for the next one anyway, so it may use all of that minute.
        var available = client.Credits.AvailableThisMinute;
        var nextMinute = Math.Min(client.Credits.CreditsPerMinute, client.Credits.DailyRemaining);
        // And few enough symbols that full answers stay under the size cap (120 × 5,000 bars are about 60 MB).
        var underCap = (int)Math.Min(int.MaxValue, options.MaxResponseBytes / ((long)barsPerSymbol * BytesPerBarAtMost));
        var size = Math.Max(1, Math.Min(Math.Min(options.MaxBatchSize, underCap), available > 0 ? available : nextMinute));
        var batch = new List<string>(size);
        while (batch.Count < size && waiting.TryDequeue(out var symbol))
        {
            batch.Add(symbol);
        }

        return batch;
    }

    /// <summary>
    /// Each symbol's share of one reply: a one-symbol request answers in the single shape; a batch answers with an
    /// object keyed by symbol whose entries may be errors (their <c>meta.symbol</c> can hold the whole list, so the key
    /// is what identifies them). A request-level error is every symbol's answer.
    /// </summary>
    private static IEnumerable<SourceResponse> Split(IReadOnlyList<string> batch, ApiReply reply, IReadOnlyDictionary<string, string> query)
    {
        var credits = Share(reply.CreditsCharged, batch.Count);
        if (reply.Error is not null || batch.Count == 1)
        {
            var body = ApiReply.IsJson(reply.Body) ? reply.Body : ReadOnlyMemory<byte>.Empty;
            var summary = reply.Error is { } error ? ResponseSummary.Of(error) : ResponseSummary.Of(reply.Body, reply.HttpStatus);
            foreach (var (symbol, i) in batch.Select((s, i) => (s, i)))
            {
                yield return new SourceResponse(symbol, 1, reply.HttpStatus, body, credits[i], summary, ForSymbol(query, symbol));
            }

            yield break;
        }

        using var batchDoc = JsonDocument.Parse(reply.Body);
        var entries = batchDoc.RootElement.EnumerateObject().Select(p => (p.Name, p.Value)).ToArray();
        foreach (var (symbol, i) in batch.Select((s, i) => (s, i)))
        {
            var (entry, problem) = EntryOf(symbol, batch, entries);
            if (entry is { } found)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(found.GetRawText());
                yield return new SourceResponse(symbol, 1, reply.HttpStatus, bytes, credits[i], ResponseSummary.Of(found, reply.HttpStatus), ForSymbol(query, symbol));
            }
            else
            {
                yield return new SourceResponse(symbol, 1, reply.HttpStatus, ReadOnlyMemory<byte>.Empty, credits[i],
                    ResponseSummary.Of(new ApiError(ApiErrorKind.Transient, reply.HttpStatus, problem!)), ForSymbol(query, symbol));
            }
        }
    }

    /// <summary>
    /// A symbol's entry of a batch answer: the one keyed exactly by it, else the one keyed by it in another case when no
    /// other symbol of the batch claims that key. A key that repeats, or two candidates, leave the symbol without an
    /// answer (a failure of that symbol): taking either could store another symbol's bars as its own.
    /// </summary>
    private static (JsonElement? Entry, string? Problem) EntryOf(string symbol, IReadOnlyList<string> batch, (string Name, JsonElement Value)[] entries)
    {
        var exact = entries.Where(e => e.Name == symbol).ToArray();
        var candidates = exact.Length > 0
            ? exact
            : entries.Where(e => string.Equals(e.Name, symbol, StringComparison.OrdinalIgnoreCase) && !batch.Contains(e.Name, StringComparer.Ordinal)).ToArray();
        return candidates.Length switch
        {
            1 => (candidates[0].Value, null),
            0 => (null, "the batch response has no entry for this symbol"),
            var n => (null, $"the batch response has {n} entries for this symbol ({string.Join(", ", candidates.Select(c => c.Name).Distinct())}): none is taken"),
        };
    }

    private async IAsyncEnumerable<SourceResponse> PagesAsync(PageCursor cursor, IngestionRequest request, Func<ApiError?> stopped,
        Action<ApiError> stop, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The probe's credit is the symbol's: it is added to the next response, so the manifest counts every credit.
        var probeCredits = 0;
        SourceResponse Charged(SourceResponse response)
        {
            (response, probeCredits) = (response with { Credits = response.Credits + probeCredits }, 0);
            return response;
        }

        if (cursor.Floor is null && request.Window.From is null && stopped() is null && client.PastDeadline(1) is null)
        {
            var (earliest, fatal, credits) = await EarliestAsync(cursor.Symbol, request.Interval, cancellationToken);
            (cursor.Floor, probeCredits) = (earliest, credits);
            if (fatal is not null)
            {
                stop(fatal);
            }
        }

        var floor = request.Window.From ?? cursor.Floor;
        for (var page = cursor.NextPage; page <= MaxPages && (floor is null || cursor.Oldest > floor); page++)
        {
            if ((stopped() ?? client.PastDeadline(1)) is { } reason)
            {
                stop(reason);
                yield return Charged(Unanswered(cursor.Symbol, reason) with { Page = page, ResumeAt = cursor.At(page) });
                yield break;
            }

            var query = PageQuery(cursor.Symbol, request, cursor.OldestText);
            var reply = await client.GetAsync("time_series", query, 1, cancellationToken);
            if (reply.Error is { Kind: ApiErrorKind.DailyQuota or ApiErrorKind.Unauthorized } fatal)
            {
                stop(fatal);
            }

            var response = Split([cursor.Symbol], reply, query).Single() with { Page = page };
            if (response.Summary.Outcome is not (SymbolOutcome.Succeeded or SymbolOutcome.NoData))
            {
                // It did not arrive: a continuation asks this page again, and nothing older has been asked.
                yield return Charged(response with { ResumeAt = cursor.At(page) });
                yield break;
            }

            var bars = response.Summary.Outcome == SymbolOutcome.Succeeded ? Bars(response.Body, request.Interval) : [];
            var fresh = bars.Where(b => cursor.Seen.Add(b.Datetime)).ToArray();
            yield return Charged(response with { Summary = response.Summary.Outcome == SymbolOutcome.Succeeded ? ResponseSummary.WithBars(fresh.Length) : response.Summary });
            if (fresh.Length == 0 || bars.Count < PageSize)
            {
                yield break;
            }

            cursor.MoveTo(fresh.MinBy(b => b.Datetime, StringComparer.Ordinal)!);
        }
    }

    /// <summary>
    /// The pages an interrupted attempt stored are unfinished when the last is a full page of bars whose oldest is still
    /// after the window's start (or the first bar, when known): paging continues below it with the next page number.
    /// </summary>
    public PageResume? Unfinished(IngestionRequest request, string symbol, IReadOnlyList<SourceResponse> stored)
    {
        if (request.Window.LatestBars is not null || stored.Count == 0 || stored[^1].Summary is not { Outcome: SymbolOutcome.Succeeded, Bars: PageSize })
        {
            return null;
        }

        // Pages go back in time: the last one, a full page, holds the oldest bar stored.
        var floor = request.Window.From ?? request.ContinueFrom.GetValueOrDefault(symbol)?.Floor;
        var oldest = Bars(stored[^1].Body, request.Interval).Where(b => b.Date is not null).MinBy(b => b.Datetime, StringComparer.Ordinal);
        return oldest is null || (floor is { } f && oldest.Date <= f) ? null : new PageResume(oldest.Datetime, stored[^1].Page + 1, floor);
    }

    /// <summary>
    /// Each stored page cost one credit (time_series charges one per symbol and request), and paging back to the first
    /// bar cost a probe of <c>/earliest_timestamp</c> before the second page.
    /// </summary>
    public int Kept(IngestionRequest request, string symbol, IReadOnlyList<SourceResponse> stored)
    {
        var probed = request.Window.From is null && request.ContinueFrom.GetValueOrDefault(symbol)?.Floor is null && stored.Any(p => p.Page >= 2);
        var cost = stored.Count + (probed ? 1 : 0);
        client.Credits.SpendEarlier(cost);
        return cost;
    }

    private async Task<(DateOnly? Earliest, ApiError? Fatal, int Credits)> EarliestAsync(string symbol, BarInterval interval, CancellationToken cancellationToken)
    {
        var reply = await client.GetAsync("earliest_timestamp", new Dictionary<string, string> { ["symbol"] = symbol, ["interval"] = interval.Value }, 1, cancellationToken);
        if (reply.Error is { } error)
        {
            return (null, error.Kind is ApiErrorKind.DailyQuota or ApiErrorKind.Unauthorized ? error : null, reply.CreditsCharged);
        }

        using var doc = ApiReply.TryParse(reply.Body);
        return (doc is not null && doc.RootElement.TryGetProperty("datetime", out var d) && d.GetString() is { Length: >= 10 } text
            && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : null, null, reply.CreditsCharged);
    }

    private static PageCursor? NeedsMorePages(SourceResponse response, IngestionWindow window)
    {
        if (window.LatestBars is not null || response.Summary.Outcome != SymbolOutcome.Succeeded || response.Summary.Bars < PageSize)
        {
            return null;
        }

        var interval = BarInterval.Parse(response.Parameters["interval"], "the response's interval");
        var bars = Bars(response.Body, interval);
        var oldest = bars.Where(b => b.Date is not null).MinBy(b => b.Datetime, StringComparer.Ordinal);
        return oldest is null ? null : new PageCursor(response.Symbol, bars.Select(b => b.Datetime).ToHashSet(StringComparer.Ordinal), oldest);
    }

    private static IReadOnlyList<TimeSeriesBar> Bars(ReadOnlyMemory<byte> body, BarInterval interval)
    {
        using var doc = JsonDocument.Parse(body);
        return TimeSeriesParser.ParseBars(doc.RootElement, interval);
    }

    private Dictionary<string, string> FirstPageQuery(IReadOnlyList<string> batch, IngestionRequest request)
    {
        var query = BaseQuery(string.Join(',', batch), request.Interval);
        if (request.Window.LatestBars is { } latest)
        {
            query["outputsize"] = latest.ToString(CultureInfo.InvariantCulture);
            return query;
        }

        query["outputsize"] = PageSize.ToString(CultureInfo.InvariantCulture);
        if (request.Window.From is { } from)
        {
            query["start_date"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        // end_date is exclusive in some answers and inclusive in others: ask for a day more.
        query["end_date"] = request.Window.To!.Value.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return query;
    }

    /// <summary>The next page ends at the oldest bar received; the API returns that boundary bar again, which is dropped.</summary>
    private Dictionary<string, string> PageQuery(string symbol, IngestionRequest request, string oldest)
    {
        var query = BaseQuery(symbol, request.Interval);
        query["outputsize"] = PageSize.ToString(CultureInfo.InvariantCulture);
        if (request.Window.From is { } from)
        {
            query["start_date"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        query["end_date"] = oldest;
        return query;
    }

    /// <summary>
    /// What every time_series request asks, <c>adjust</c> included although it is the API's default: the mode is then
    /// recorded with each raw object (<c>request-adjust</c>), and a split that changes the stored history is explainable.
    /// </summary>
    private Dictionary<string, string> BaseQuery(string symbols, BarInterval interval)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal) { ["symbol"] = symbols, ["interval"] = interval.Value, ["adjust"] = options.Adjust };
        if (interval.IsIntraday)
        {
            query["timezone"] = "UTC";
        }

        return query;
    }

    private static Dictionary<string, string> ForSymbol(IReadOnlyDictionary<string, string> query, string symbol) =>
        query.ToDictionary(p => p.Key, p => p.Key == "symbol" ? symbol : p.Value, StringComparer.Ordinal);

    private static int[] Share(int credits, int symbols)
    {
        var each = Enumerable.Repeat(credits / symbols, symbols).ToArray();
        for (var i = 0; i < credits % symbols; i++)
        {
            each[i]++;
        }

        return each;
    }

    private static SourceResponse Unanswered(string symbol, ApiError reason) =>
        new(symbol, 1, 0, ReadOnlyMemory<byte>.Empty, 0,
            new ResponseSummary(SymbolOutcome.NotAttempted, 0, reason with { Message = $"not requested: {reason.Message}" }),
            new Dictionary<string, string> { ["symbol"] = symbol });

    /// <summary>Where a symbol's backward paging stands: the bars seen so far, the oldest of them, the next page's number.</summary>
    private sealed class PageCursor(string symbol, HashSet<string> seen, string oldestText, DateOnly oldest, int nextPage, DateOnly? floor)
    {
        public PageCursor(string symbol, HashSet<string> seen, TimeSeriesBar oldest) : this(symbol, seen, oldest.Datetime, oldest.Date!.Value, 2, null)
        {
        }

        public static PageCursor Continuing(string symbol, PageResume resume) =>
            DateOnly.TryParseExact(resume.Oldest.Length >= 10 ? resume.Oldest[..10] : resume.Oldest, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var oldest)
                ? new PageCursor(symbol, new HashSet<string>(StringComparer.Ordinal) { resume.Oldest }, resume.Oldest, oldest, resume.NextPage, resume.Floor)
                : throw new FormatException($"{symbol}: resume point '{resume.Oldest}' is not a bar's datetime");

        public string Symbol { get; } = symbol;
        public HashSet<string> Seen { get; } = seen;
        public string OldestText { get; private set; } = oldestText;
        public DateOnly Oldest { get; private set; } = oldest;
        public int NextPage { get; } = nextPage;

        /// <summary>The instrument's first bar, once asked (null: not asked, or the API did not say).</summary>
        public DateOnly? Floor { get; set; } = floor;

        public PageResume At(int page) => new(OldestText, page, Floor);

        public void MoveTo(TimeSeriesBar bar)
        {
            OldestText = bar.Datetime;
            Oldest = bar.Date!.Value;
        }
    }
}
