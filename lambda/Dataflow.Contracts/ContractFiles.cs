namespace Dataflow.Contracts;

/// <summary>Where the contract files are: copied beside the assembly by the build, or a folder given explicitly.</summary>
public sealed record ContractFiles(string Directory)
{
    public static ContractFiles Default { get; } = new(Path.Combine(AppContext.BaseDirectory, "contracts"));

    /// <summary>The contracts of a checkout, where they live in the repository (sql/contracts, sql/seeds).</summary>
    public static ContractFiles FromRepository(string root) =>
        new(Path.Combine(root, "sql", "contracts")) { Symbols = Path.Combine(root, "sql", "seeds", "symbols.csv") };

    public string Lake { get; init; } = Path.Combine(Directory, "lake.yaml");
    public string CuratedTables { get; init; } = Path.Combine(Directory, "curated_tables.yaml");
    public string Symbols { get; init; } = Path.Combine(Directory, "symbols.csv");

    internal static string ReadAll(string path)
    {
        if (!File.Exists(path))
        {
            throw new ContractException($"contract file not found: {path}");
        }

        return File.ReadAllText(path);
    }
}
