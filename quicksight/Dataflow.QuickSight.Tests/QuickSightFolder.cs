using Dataflow.Contracts;

namespace Dataflow.QuickSight.Tests;

/// <summary>The quicksight/ folder of the checkout the tests run in.</summary>
internal static class QuickSightFolder
{
    public static string Path { get; } = new Repository(RepositoryRoot.AboveBinaries).QuickSight;

    public static QuickSightAssets Load() => QuickSightAssets.Load(Path);
}
