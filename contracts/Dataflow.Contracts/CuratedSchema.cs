
namespace Dataflow.Contracts;

/// <summary>The curated tables as declared in <c>sql/contracts/curated_tables.yaml</c>.</summary>
public sealed record CuratedSchema(string Database, IReadOnlyList<TableSchema> Tables)
{
    public TableSchema Table(string name) =>
        Tables.FirstOrDefault(t => t.Name == name)
        ?? throw new ContractException($"curated table '{name}' is not declared (known: {string.Join(", ", Tables.Select(t => t.Name))})");

    public static CuratedSchema Load(ContractFiles files)
    {
        var path = files.CuratedTables;
        var file = ContractYaml.Read<SchemaFile>(path);

        if (string.IsNullOrWhiteSpace(file.Database))
        {
            throw new ContractException($"{path}: database is missing");
        }

        var tables = file.Tables.Select(t => t.ToSchema(path)).ToArray();
        var duplicate = tables.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? new CuratedSchema(file.Database, tables)
            : throw new ContractException($"{path}: table '{duplicate.Key}' is declared twice");
    }

    private sealed class SchemaFile
    {
        public string Database { get; set; } = "";
        public List<TableEntry> Tables { get; set; } = [];
    }

    private sealed class TableEntry
    {
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public List<string> Grain { get; set; } = [];
        public List<ColumnEntry> PartitionKeys { get; set; } = [];
        public List<ColumnEntry> Columns { get; set; } = [];
        public List<string> Owner { get; set; } = [];
        public string? OwnerSince { get; set; }

        public TableSchema ToSchema(string path)
        {
            var where = $"{path}: table '{Name}'";
            if (Columns.Count == 0)
            {
                throw new ContractException($"{where} has no columns");
            }

            var columns = Columns.Select(c => c.ToColumn(where, partition: false)).ToArray();
            var partitions = PartitionKeys.Select(c => c.ToColumn(where, partition: true)).ToArray();
            var all = columns.Concat(partitions).Select(c => c.Name).ToArray();
            var clash = all.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
            if (clash is not null)
            {
                throw new ContractException($"{where}: column '{clash.Key}' is declared twice");
            }

            var unknownGrain = Grain.Except(all).ToArray();
            if (unknownGrain.Length > 0)
            {
                throw new ContractException($"{where}: grain names unknown columns {string.Join(", ", unknownGrain)}");
            }

            if (Owner.Count == 0 || Owner.Except(all).ToArray() is { Length: > 0 })
            {
                throw new ContractException($"{where}: owner must name columns of the table (the key whose rows one run replaces as a whole)");
            }

            if (OwnerSince is not null && !all.Contains(OwnerSince))
            {
                throw new ContractException($"{where}: owner_since '{OwnerSince}' is not a column of the table");
            }

            return new TableSchema(Name, Description.Trim(), Grain, columns, partitions) { Owner = Owner, OwnerSince = OwnerSince };
        }
    }

    private sealed class ColumnEntry
    {
        public string Name { get; set; } = "";
        public string Type { get; set; } = "";
        public bool Nullable { get; set; } = true;
        public string Description { get; set; } = "";

        public ColumnSchema ToColumn(string where, bool partition)
        {
            if (string.IsNullOrWhiteSpace(Name))
            {
                throw new ContractException($"{where}: a column has no name");
            }

            return new ColumnSchema(Name, ColumnType.Parse(Type, $"{where}, column '{Name}'"), !partition && Nullable, Description);
        }
    }
}

public sealed record TableSchema(
    string Name,
    string Description,
    IReadOnlyList<string> Grain,
    IReadOnlyList<ColumnSchema> Columns,
    IReadOnlyList<ColumnSchema> PartitionKeys)
{
    /// <summary>
    /// The columns whose values own a row: an incremental run recomputes every row of the owners it touches and replaces
    /// them as a whole ((symbol, bar_interval) for tables computed over a symbol's history, source_key for rows that
    /// come from one raw object alone).
    /// </summary>
    public IReadOnlyList<string> Owner { get; init; } = [];

    /// <summary>
    /// The time column from which an incremental run replaces an owner's rows (null: all of them). The run recomputes
    /// from the first day of the month of the earliest bar it stages for that owner.
    /// </summary>
    public string? OwnerSince { get; init; }

    /// <summary>Data columns then partition columns: the order a Hive-partitioned read returns them in.</summary>
    public IEnumerable<ColumnSchema> AllColumns => Columns.Concat(PartitionKeys);

    public ColumnSchema Column(string name) =>
        AllColumns.FirstOrDefault(c => c.Name == name)
        ?? throw new ContractException($"table '{Name}' has no column '{name}'");
}

public sealed record ColumnSchema(string Name, ColumnType Type, bool Nullable, string Description);
