namespace Dataflow.TwelveData.Emulator;

/// <summary>
/// A clock for simulations of sequential work: whenever code waits on it (a timer or <c>Task.Delay</c>), simulated
/// time jumps forward by the wait and the wait ends at once. Minutes of rate limiting take microseconds, and the
/// emulator, sharing the clock, sees the same minutes the client does.
/// </summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;

    public DateTimeOffset Start { get; } = start;

    public TimeSpan Elapsed => GetUtcNow() - Start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new JumpTimer(this, callback, state, dueTime);

    private sealed class JumpTimer : ITimer
    {
        private readonly SimulatedClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private bool _disposed;

        public JumpTimer(SimulatedClock clock, TimerCallback callback, object? state, TimeSpan dueTime)
        {
            (_clock, _callback, _state) = (clock, callback, state);
            Change(dueTime, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed || dueTime == Timeout.InfiniteTimeSpan)
            {
                return !_disposed;
            }

            _clock.Advance(dueTime > TimeSpan.Zero ? dueTime : TimeSpan.Zero);
            ThreadPool.UnsafeQueueUserWorkItem(_ => _callback(_state), null);
            return true;
        }

        public void Dispose() => _disposed = true;

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
