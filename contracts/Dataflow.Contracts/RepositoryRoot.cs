namespace Dataflow.Contracts;

/// <summary>The checkout a tool or test runs in: the folder holding <see cref="Marker"/>, found by walking up.</summary>
public static class RepositoryRoot
{
    public const string Marker = "Dataflow.slnx";

    /// <summary>The repository around <paramref name="start"/>, or null when it is not inside one.</summary>
    public static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The checkout the running binaries were built from (tests, and the Pulumi program run by the CLI).</summary>
    public static string AboveBinaries =>
        Above(AppContext.BaseDirectory) ?? throw new ContractException($"{Marker} not found above {AppContext.BaseDirectory}");
}
