using Dataflow.Contracts;

namespace Dataflow.Contracts.Testing;

/// <summary>The checkout the tests run in and its contracts. Linked into the test projects that need it.</summary>
internal static class Checkout
{
    public static Repository Repository { get; } = new(RepositoryRoot.AboveBinaries);

    public static ContractFiles Contracts => Repository.Contracts;

    public static LakeLayout Layout { get; } = LakeLayout.Load(Repository.Contracts);

    public static SymbolUniverse Universe { get; } = SymbolUniverse.Load(Repository.Contracts);
}
