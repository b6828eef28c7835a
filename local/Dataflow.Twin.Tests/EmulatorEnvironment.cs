using Dataflow.TwelveData.Emulator;

namespace Dataflow.Twin.Tests;

/// <summary>The environment the twin's Twelve Data source reads, pointing at an emulator that accepts <see cref="Key"/>.</summary>
internal static class EmulatorEnvironment
{
    public const string Key = "twin-key";

    public static Func<string, string?> For(TwelveDataEmulator emulator)
    {
        var variables = new Dictionary<string, string?> { ["TWELVEDATA_API_KEY"] = Key, ["TWELVEDATA_BASE_URL"] = emulator.BaseUrl.ToString() };
        return variables.GetValueOrDefault;
    }
}
