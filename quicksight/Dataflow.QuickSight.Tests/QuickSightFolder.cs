using Dataflow.Contracts.Testing;

namespace Dataflow.QuickSight.Tests;

/// <summary>The quicksight/ folder of the checkout the tests run in.</summary>
internal static class QuickSightFolder
{
    public static string Path { get; } = Checkout.Repository.QuickSight;

    public static QuickSightAssets Load() => QuickSightAssets.Load(Path);
}
