namespace Dataflow.Contracts;

/// <summary>Where the contract files are: copied beside the assembly by the build, or a folder given explicitly.</summary>
public sealed record ContractFiles(string Directory)
{
    public static ContractFiles Default { get; } = new(Path.Combine(AppContext.BaseDirectory, "contracts"));

    public string Lake => Path.Combine(Directory, "lake.yaml");
    public string CuratedTables => Path.Combine(Directory, "curated_tables.yaml");
    public string Symbols => Path.Combine(Directory, "symbols.csv");

    internal static string ReadAll(string path)
    {
        if (!File.Exists(path))
        {
            throw new ContractException($"contract file not found: {path}");
        }

        return File.ReadAllText(path);
    }
}
