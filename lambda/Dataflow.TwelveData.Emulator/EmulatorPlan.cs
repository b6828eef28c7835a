namespace Dataflow.TwelveData.Emulator;

/// <summary>
/// How the emulated account behaves: its credit limits, how it reports errors (HTTP 200 with an error body, as the API
/// long did, or a real status), the most symbols one request may name before a 414, and whether answers carry the
/// community-observed <c>api-credits-used</c>/<c>api-credits-left</c> headers (nothing documents them).
/// </summary>
public sealed record EmulatorPlan(int CreditsPerMinute, int? CreditsPerDay, bool ErrorsWithHttp200 = true, int MaxSymbolsPerRequest = 120,
    bool SendsCreditHeaders = true)
{
    public static EmulatorPlan Basic { get; } = new(8, 800);
}
