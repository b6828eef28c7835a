namespace Dataflow.Infra;

/// <summary>The repository the program deploys from: the folder of Pulumi.yaml, above the program's working directory.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"Pulumi.yaml not found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}");
    }
}
