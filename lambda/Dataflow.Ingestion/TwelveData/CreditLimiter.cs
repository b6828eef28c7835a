using System.Threading.RateLimiting;

namespace Dataflow.Ingestion.TwelveData;

/// <summary>
/// Twelve Data's credit budget as a <see cref="RateLimiter"/>: a per-minute allowance that resets on the UTC minute
/// boundary and, on plans that have one, a daily allowance that resets at 00:00 UTC. Each symbol of a request costs a
/// credit, so a batch acquires as many permits as it has symbols. Waiting is done on the injected
/// <see cref="TimeProvider"/>, so tests and benchmarks run simulated minutes instantly. The served limiters of
/// System.Threading.RateLimiting use their own clock and windows not aligned to the minute, hence this one.
/// </summary>
public sealed class CreditLimiter : RateLimiter
{
    /// <summary>Sent a little after the boundary: the API's clock and ours differ by a second or two.</summary>
    private static readonly TimeSpan BoundaryMargin = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _minute = -1;
    private int _usedThisMinute;
    private DateOnly _day;
    private int _usedToday;
    private int? _budgetPerDay;
    private int _budgetUsedToday;
    private bool _dayExhausted;
    private long _successful;
    private long _failed;

    public CreditLimiter(int creditsPerMinute, int? creditsPerDay, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(creditsPerMinute, 1);
        CreditsPerMinute = creditsPerMinute;
        CreditsPerDay = creditsPerDay;
        _time = time;
    }

    public int CreditsPerMinute { get; }
    public int? CreditsPerDay { get; }

    /// <summary>Credits spent since this limiter was created, including ones the API said were spent elsewhere.</summary>
    public long CreditsGranted { get; private set; }

    public int AvailableThisMinute
    {
        get
        {
            lock (_gate)
            {
                Roll();
                return Math.Max(0, Math.Min(CreditsPerMinute - _usedThisMinute, DailyLeft()));
            }
        }
    }

    /// <summary>When a request that finds this minute's credits spent starts: the next minute window, past its boundary margin.</summary>
    public DateTimeOffset NextMinuteStart
    {
        get
        {
            lock (_gate)
            {
                Roll();
                return _time.GetUtcNow() + NextMinute();
            }
        }
    }

    /// <summary>Credits left today; <see cref="int.MaxValue"/> on plans without a daily cap.</summary>
    public int DailyRemaining
    {
        get
        {
            lock (_gate)
            {
                Roll();
                return Math.Max(0, DailyLeft());
            }
        }
    }

    public bool DailyBudgetExhausted
    {
        get
        {
            lock (_gate)
            {
                Roll();
                return DailyLeft() <= 0;
            }
        }
    }

    /// <summary>The API reported what is left of this minute (<c>api-credits-left</c>): trust it when it says less.</summary>
    public void Reconcile(int creditsLeftThisMinute)
    {
        lock (_gate)
        {
            Roll();
            _usedThisMinute = Math.Max(_usedThisMinute, CreditsPerMinute - creditsLeftThisMinute);
        }
    }

    /// <summary>A per-minute 429 arrived: nothing more this minute, whatever our count says.</summary>
    public void ExhaustMinute()
    {
        lock (_gate)
        {
            Roll();
            _usedThisMinute = CreditsPerMinute;
        }
    }

    /// <summary>Credits spent today before this limiter existed (from <c>/api_usage</c>).</summary>
    public void SpendToday(int credits)
    {
        lock (_gate)
        {
            Roll();
            _usedToday = Math.Max(_usedToday, credits);
        }
    }

    /// <summary>
    /// A budget of this work's own, below the plan's: at most <paramref name="creditsPerDay"/> a UTC day, of which
    /// <paramref name="spentToday"/> earlier invocations already spent (a backfill leaves the rest of the plan to the
    /// schedule). Running out is a daily stop, like the plan's cap.
    /// </summary>
    public void Budget(int creditsPerDay, int spentToday)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(creditsPerDay, 1);
        lock (_gate)
        {
            Roll();
            _budgetPerDay = creditsPerDay;
            _budgetUsedToday = Math.Max(0, spentToday);
        }
    }

    /// <summary>Credits an interrupted earlier process of this work spent (no manifest counted them): charged to its budget.</summary>
    public void SpendEarlier(int credits)
    {
        lock (_gate)
        {
            Roll();
            _budgetUsedToday += Math.Max(0, credits);
        }
    }

    /// <summary>A daily 429 arrived: nothing more until 00:00 UTC.</summary>
    public void ExhaustDay()
    {
        lock (_gate)
        {
            Roll();
            _dayExhausted = true;
        }
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_gate)
        {
            Roll();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = Math.Max(0, CreditsPerMinute - _usedThisMinute),
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            Roll();
            return TryTake(permitCount, out var refusal) ? CreditLease.Granted : refusal ?? CreditLease.Refused("no credits left this minute", NextMinute());
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                Roll();
                if (TryTake(permitCount, out var refusal))
                {
                    return CreditLease.Granted;
                }

                if (refusal is not null)
                {
                    return refusal;
                }

                wait = NextMinute();
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    /// <summary>Takes the credits, or says why waiting cannot help (refusal), or neither (wait for the next minute).</summary>
    private bool TryTake(int credits, out CreditLease? refusal)
    {
        refusal = null;
        if (credits > CreditsPerMinute)
        {
            _failed++;
            refusal = CreditLease.Refused($"{credits} credits exceed the plan's {CreditsPerMinute} per minute", null);
            return false;
        }

        if (credits > DailyLeft())
        {
            _failed++;
            var which = _budgetPerDay is { } budget && budget - _budgetUsedToday < PlanDailyLeft()
                ? $"today's budget of {budget} credits is spent"
                : $"daily credit limit of {CreditsPerDay} reached";
            refusal = CreditLease.Refused(which, UntilMidnight());
            return false;
        }

        if (_usedThisMinute + credits > CreditsPerMinute)
        {
            return false;
        }

        _usedThisMinute += credits;
        _usedToday += credits;
        _budgetUsedToday += credits;
        CreditsGranted += credits;
        _successful++;
        return true;
    }

    private int DailyLeft() => _dayExhausted ? 0 : Math.Min(PlanDailyLeft(), _budgetPerDay is { } budget ? budget - _budgetUsedToday : int.MaxValue);

    private int PlanDailyLeft() => CreditsPerDay is { } daily ? daily - _usedToday : int.MaxValue;

    private void Roll()
    {
        var now = _time.GetUtcNow();
        var minute = now.UtcTicks / TimeSpan.TicksPerMinute;
        if (minute != _minute)
        {
            _minute = minute;
            _usedThisMinute = 0;
        }

        var day = DateOnly.FromDateTime(now.UtcDateTime);
        if (day != _day)
        {
            _day = day;
            _usedToday = 0;
            _budgetUsedToday = 0;
            _dayExhausted = false;
        }
    }

    private TimeSpan NextMinute()
    {
        var now = _time.GetUtcNow();
        var next = new DateTimeOffset((_minute + 1) * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        return next - now + BoundaryMargin;
    }

    private TimeSpan UntilMidnight()
    {
        var now = _time.GetUtcNow();
        return new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) - now;
    }

    private sealed class CreditLease(bool acquired, string? reason, TimeSpan? retryAfter) : RateLimitLease
    {
        public static CreditLease Granted { get; } = new(true, null, null);

        public static CreditLease Refused(string reason, TimeSpan? retryAfter) => new(false, reason, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames =>
            new[] { MetadataName.ReasonPhrase.Name, MetadataName.RetryAfter.Name }.Where(n => TryGetMetadata(n, out _));

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.ReasonPhrase.Name ? reason
                : metadataName == MetadataName.RetryAfter.Name ? retryAfter
                : null;
            return metadata is not null;
        }
    }
}
