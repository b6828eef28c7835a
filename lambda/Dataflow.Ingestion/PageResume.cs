namespace Dataflow.Ingestion;

/// <summary>
/// Where a symbol's backward paging stopped: the oldest bar stored so far (the next page ends there), the number the
/// next page is stored under, and the instrument's first bar when it was already asked (so it is not asked again).
/// Recorded in the manifest of a run that stopped early; a continuation starts here and fetches no page twice.
/// </summary>
public sealed record PageResume(string Oldest, int NextPage, DateOnly? Floor);
