using Dataflow.Contracts;

namespace Dataflow.Twin.Tests;

/// <summary>The checkout the tests run in, and the twin's paths over it for a test's lake.</summary>
internal static class TestRepository
{
    public static TwinPaths Paths(string lake) => TwinPaths.For(Dataflow.Contracts.Testing.Checkout.Repository, lake);

    /// <summary>A hash of every file of the published curated tables (the quality results beside them are per run).</summary>
    public static SortedDictionary<string, string> CuratedTables(TwinPaths paths) =>
        new(CuratedSchema.Load(paths.Contracts).Tables.Select(t => paths.CuratedTable(t.Name)).Where(Directory.Exists)
            .SelectMany(folder => Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            .ToDictionary(f => Path.GetRelativePath(paths.Lake, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))),
            StringComparer.Ordinal);

    /// <summary>What the current commit publishes (<see cref="Etl.CuratedStore.Fingerprint"/>).</summary>
    public static SortedDictionary<string, string> Published(TwinPaths paths) => new Etl.CuratedStore(paths).Fingerprint();
}
