namespace Dataflow.Contracts.Tests;

internal static class RepositoryRoot
{
    /// <summary>The checkout the tests were built from: the folder holding Dataflow.slnx above the test binaries.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Dataflow.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Dataflow.slnx not found above " + AppContext.BaseDirectory);
    }
}
