namespace Dataflow.Ingestion;

/// <summary>
/// A raw object was to be written under a key that already holds different bytes. The raw zone is create-only: the
/// object already there stays, and the write is that symbol's failure, never a silent replacement.
/// </summary>
public sealed class RawObjectConflictException(string location, string key)
    : IOException($"{location}/{key} already holds different bytes: raw objects are never replaced (a run id used twice for different data?)")
{
    public string Key { get; } = key;
}
