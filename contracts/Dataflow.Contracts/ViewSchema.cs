using System.Text;

namespace Dataflow.Contracts;

/// <summary>
/// The Athena views as declared in <c>sql/contracts/views.yaml</c>: grain and typed output columns, in the order the
/// views are created.
/// </summary>
public sealed record ViewCatalog(IReadOnlyList<ViewSchema> Views)
{
    public ViewSchema View(string name) =>
        Views.FirstOrDefault(v => v.Name == name)
        ?? throw new ContractException($"view '{name}' is not declared in sql/contracts/views.yaml (declared: {string.Join(", ", Views.Select(v => v.Name))})");

    public static ViewCatalog Load(ContractFiles files)
    {
        var path = files.Views;
        var views = ContractYaml.Read<ViewsFile>(path).Views.Select(v => v.ToSchema(path)).ToArray();
        var duplicate = views.GroupBy(v => v.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? new ViewCatalog(views)
            : throw new ContractException($"{path}: view '{duplicate.Key}' is declared twice");
    }

    /// <summary>
    /// The view files of <paramref name="directory"/> (models by etl.yaml's file rule) each with its declaration; a file
    /// without one, or a declaration without a file, is an error.
    /// </summary>
    public IReadOnlyList<(ModelFile File, ViewSchema Schema)> Match(IReadOnlyList<ModelFile> files, string directory)
    {
        var undeclared = files.Where(f => Views.All(v => v.Name != f.Name)).Select(f => f.FileName).ToArray();
        if (undeclared.Length > 0)
        {
            throw new ContractException($"{directory}: {string.Join(", ", undeclared)} has no declaration in sql/contracts/views.yaml (name, grain and typed columns)");
        }

        var missing = Views.Where(v => files.All(f => f.Name != v.Name)).Select(v => v.Name).ToArray();
        return missing.Length == 0
            ? files.Select(f => (f, View(f.Name))).ToArray()
            : throw new ContractException($"sql/contracts/views.yaml declares {string.Join(", ", missing)} but {directory} has no such view file");
    }

    private sealed class ViewsFile
    {
        public List<ViewEntry> Views { get; set; } = [];
    }

    private sealed class ViewEntry
    {
        public string Name { get; set; } = "";
        public List<string> Grain { get; set; } = [];
        public List<ColumnEntry> Columns { get; set; } = [];

        public ViewSchema ToSchema(string path)
        {
            var where = $"{path}: view '{Name}'";
            if (string.IsNullOrWhiteSpace(Name) || Columns.Count == 0)
            {
                throw new ContractException($"{where} needs a name and columns");
            }

            var columns = Columns.Select(c => string.IsNullOrWhiteSpace(c.Name)
                ? throw new ContractException($"{where}: a column has no name")
                : new ViewColumn(c.Name, ColumnType.Parse(c.Type, $"{where}, column '{c.Name}'"))).ToArray();
            var clash = columns.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
            if (clash is not null)
            {
                throw new ContractException($"{where}: column '{clash.Key}' is declared twice");
            }

            var unknownGrain = Grain.Except(columns.Select(c => c.Name)).ToArray();
            return Grain.Count > 0 && unknownGrain.Length == 0
                ? new ViewSchema(Name, Grain, columns)
                : throw new ContractException($"{where}: grain must name columns of the view (unknown: {string.Join(", ", unknownGrain)})");
        }
    }

    private sealed class ColumnEntry
    {
        public string Name { get; set; } = "";
        public string Type { get; set; } = "";
    }
}

public sealed record ViewColumn(string Name, ColumnType Type);

public sealed record ViewSchema(string Name, IReadOnlyList<string> Grain, IReadOnlyList<ViewColumn> Columns)
{
    /// <summary>
    /// The view as both engines run it: the view file's query (<paramref name="body"/>, without a trailing semicolon)
    /// under a select that casts each declared column to its declared type, in declared order.
    /// </summary>
    public string TypedSelect(string body)
    {
        var sql = new StringBuilder("select\n");
        sql.AppendJoin(",\n", Columns.Select(c => $"    cast(declared.{c.Name} as {c.Type.Sql}) as {c.Name}"));
        sql.Append("\nfrom (\n").Append(body.TrimEnd().TrimEnd(';').TrimEnd()).Append("\n) as declared\n");
        return sql.ToString();
    }
}
