namespace Dataflow.Twin.Sample;

/// <summary>
/// The realistic faults the sample injects, each decided per (seed, symbol, day) so the same bar is faulty in every
/// window: a duplicate bar with different values (Twelve Data issue #54), a bar whose volume key is missing, and a
/// price that is not a number.
/// </summary>
public sealed record SampleDefects(double DuplicateRate, double MissingVolumeRate, double NonNumericRate)
{
    public static SampleDefects Realistic { get; } = new(0.002, 0.002, 0.001);
    public static SampleDefects None { get; } = new(0, 0, 0);

    public const string NonNumericValue = "N/A";

    internal bool Duplicate(int seed, string symbol, DateOnly day) => Hit(seed, symbol, day, "duplicate", DuplicateRate);
    internal bool MissingVolume(int seed, string symbol, DateOnly day) => Hit(seed, symbol, day, "missing-volume", MissingVolumeRate);
    internal bool NonNumeric(int seed, string symbol, DateOnly day) => Hit(seed, symbol, day, "non-numeric", NonNumericRate);

    private static bool Hit(int seed, string symbol, DateOnly day, string purpose, double rate) =>
        rate > 0 && StableRandom.UniformFor(seed, symbol, day, purpose) < rate;
}
