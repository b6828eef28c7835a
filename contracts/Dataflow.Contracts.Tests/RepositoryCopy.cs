using Dataflow.Contracts;

namespace Dataflow.Contracts.Testing;

/// <summary>
/// A temporary checkout holding copies of some of the repository's files and folders (without build output) and the
/// checkout marker, for tests that edit them or run a tool on them. Linked into the test projects that need it.
/// </summary>
internal sealed class RepositoryCopy : IDisposable
{
    public RepositoryCopy(params string[] entries)
    {
        Root = Directory.CreateTempSubdirectory("dataflow-repo-").FullName;
        foreach (var entry in entries.Append(RepositoryRoot.Marker).Distinct(StringComparer.Ordinal))
        {
            var source = Path.Combine(RepositoryRoot.AboveBinaries, entry);
            var files = File.Exists(source) ? [source] : Directory.GetFiles(source, "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal));
            foreach (var file in files)
            {
                var target = Path.Combine(Root, Path.GetRelativePath(RepositoryRoot.AboveBinaries, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }

    public string Root { get; }

    public Repository Repository => new(Root);

    public string this[string relativePath] => Path.Combine(Root, relativePath);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
