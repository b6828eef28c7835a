namespace Dataflow.Quality.Tests;

/// <summary>The reference's DQDL examples, copied into Examples/ (all accepted by the official parser).</summary>
internal static class DqdlExamples
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Examples");

    public static IEnumerable<string> Files() => Directory.GetFiles(Folder, "*.dqdl").Order(StringComparer.Ordinal);
}
