namespace Dataflow.Twin.Sample;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by its seed on every runtime and platform, which
/// <see cref="Random"/> does not promise. Values derived from (seed, symbol, day) never depend on the window asked for.
/// </summary>
internal struct StableRandom(ulong seed)
{
    private ulong _state = seed;

    public static StableRandom For(int seed, string symbol, int salt = 0) => new(Mix(Mix((ulong)seed) ^ Fnv1a(symbol) ^ Mix((ulong)salt)));

    /// <summary>A uniform value in [0, 1) for a key, without advancing any sequence.</summary>
    public static double UniformFor(int seed, string symbol, DateOnly day, string purpose) =>
        ToUnit(Mix(Mix((ulong)seed) ^ Fnv1a(symbol) ^ Mix((ulong)day.DayNumber) ^ Fnv1a(purpose)));

    public ulong NextUInt64() => Mix(_state += 0x9E3779B97F4A7C15UL);

    public double NextDouble() => ToUnit(NextUInt64());

    /// <summary>Standard normal by Box–Muller.</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static double ToUnit(ulong x) => (x >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string s)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var ch in s)
        {
            h = (h ^ ch) * 0x100000001B3UL;
        }

        return h;
    }
}
