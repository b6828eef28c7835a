using System.Text.Json;

namespace Dataflow.Ingestion;

/// <summary>
/// The raw zone as a local folder with the S3 key layout. Each object is written to a temporary file and renamed into
/// place without replacing anything, so a reader never sees half an object and no object is ever replaced; metadata
/// (S3 user metadata) sits beside it as JSON in <c>KEY.metadata</c>, a name no <c>*.json</c> glob of the readers
/// matches, written first: an object on disk always has its metadata.
/// </summary>
public sealed class LocalFolderRawStore(string root) : IRawStore
{
    public const string MetadataSuffix = ".metadata";

    public string Location { get; } = Path.GetFullPath(root);

    public async Task PutAsync(string key, ReadOnlyMemory<byte> body, string contentType,
        IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (File.Exists(path))
        {
            await KeepExistingAsync(key, path, body, cancellationToken);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var withType = new SortedDictionary<string, string>(metadata.ToDictionary(), StringComparer.Ordinal) { ["content-type"] = contentType };
        // No object yet, so metadata already here is a leftover of a write killed before its object: replaced.
        await WriteAtomicallyAsync(path + MetadataSuffix, JsonSerializer.SerializeToUtf8Bytes(withType, Indented), replace: true, cancellationToken);
        if (!await WriteAtomicallyAsync(path, body, replace: false, cancellationToken))
        {
            await KeepExistingAsync(key, path, body, cancellationToken);
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
    }

    /// <summary>The key already holds an object: the same bytes are a retry, different ones a conflict.</summary>
    private async Task KeepExistingAsync(string key, string path, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var existing = await File.ReadAllBytesAsync(path, cancellationToken);
        if (!body.Span.SequenceEqual(existing))
        {
            throw new RawObjectConflictException(Location, key);
        }
    }

    public string PathOf(string key)
    {
        if (key.Length == 0 || key.StartsWith('/') || key.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"'{key}' is not a valid object key", nameof(key));
        }

        return Path.Combine(Location, key.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>Writes a temporary file and renames it into place; false when it may not replace a file already there.</summary>
    private static async Task<bool> WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> bytes, bool replace, CancellationToken cancellationToken)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, cancellationToken);
            try
            {
                File.Move(temp, path, overwrite: replace);
                return true;
            }
            catch (IOException) when (!replace && File.Exists(path))
            {
                return false;
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
