namespace Dataflow.Quality.Tests;

/// <summary>The reference's DQDL examples (../shared/reference/examples/dqdl), all accepted by the official parser.</summary>
internal static class SharedExamples
{
    public static string Folder { get; } = Find();

    public static IEnumerable<string> Files() => Directory.GetFiles(Folder, "*.dqdl").Order(StringComparer.Ordinal);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", "examples", "dqdl");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("shared/reference/examples/dqdl not found above " + AppContext.BaseDirectory);
    }
}
