namespace Dataflow.Twin.Ingest;

/// <summary>A clock stopped at one instant: the sample "ingests" at the close of its last day, every time.</summary>
public sealed class FrozenClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
