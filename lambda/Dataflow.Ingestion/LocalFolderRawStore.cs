using System.Text.Json;

namespace Dataflow.Ingestion;

/// <summary>
/// The raw zone as a local folder with the S3 key layout. Each object is written to a temporary file and renamed into
/// place, so a reader never sees half an object; metadata (S3 user metadata) sits beside it as JSON in <c>KEY.metadata</c>, a name no <c>*.json</c> glob of the readers matches.
/// </summary>
public sealed class LocalFolderRawStore(string root) : IRawStore
{
    public const string MetadataSuffix = ".metadata";

    public string Location { get; } = Path.GetFullPath(root);

    public async Task PutAsync(string key, ReadOnlyMemory<byte> body, string contentType,
        IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var withType = new SortedDictionary<string, string>(metadata.ToDictionary(), StringComparer.Ordinal) { ["content-type"] = contentType };
        await WriteAtomicallyAsync(path + MetadataSuffix, JsonSerializer.SerializeToUtf8Bytes(withType, Indented), cancellationToken);
        await WriteAtomicallyAsync(path, body, cancellationToken);
    }

    public string PathOf(string key)
    {
        if (key.Length == 0 || key.StartsWith('/') || key.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"'{key}' is not a valid object key", nameof(key));
        }

        return Path.Combine(Location, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private static async Task WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, cancellationToken);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
