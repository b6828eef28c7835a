using Dataflow.Contracts;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Query;

/// <summary>
/// The views of sql/athena/views as both engines create them: each file's query under the casts of its declaration in
/// sql/contracts/views.yaml, in file order (later views read earlier ones).
/// </summary>
public sealed record AthenaViewSet(IReadOnlyList<(SqlModel File, ViewSchema Schema)> Views)
{
    public static AthenaViewSet Load(ContractFiles contracts, EtlContract etl, string directory)
    {
        try
        {
            var files = SqlModel.LoadOrdered(etl, directory);
            var matched = ViewCatalog.Load(contracts).Match(etl.Models(directory), directory);
            return new AthenaViewSet(matched.Select(m => (files.Single(f => f.Name == m.File.Name), m.Schema)).ToArray());
        }
        catch (ContractException e)
        {
            throw new TwinException(e.Message, e);
        }
    }

    public void Register(DuckDbSession db, Func<string, string> relative)
    {
        foreach (var (file, schema) in Views)
        {
            Create(db, file, schema, relative(file.Path));
        }
    }

    private static void Create(DuckDbSession db, SqlModel file, ViewSchema view, string what) =>
        db.Execute($"create or replace view {view.Name} as\n{view.TypedSelect(file.Body)}", what);

    /// <summary>
    /// Where a view's query disagrees with its declaration, checked over empty curated tables: a column missing, extra
    /// or out of order, or a type DuckDB infers other than the declared one (the cast would hide a real change).
    /// </summary>
    public IReadOnlyList<string> Problems(CuratedSchema schema, Func<string, string> relative)
    {
        using var db = new DuckDbSession();
        foreach (var table in schema.Tables)
        {
            ParquetTableView.Register(db, table, []);
        }

        var problems = new List<string>();
        foreach (var (file, view) in Views)
        {
            var where = $"{relative(file.Path)} (declared in sql/contracts/views.yaml)";
            db.Execute($"create or replace temp view {view.Name}_as_written as\n{file.Body}", where);
            var actual = db.Query($"select column_name, column_type from (describe {view.Name}_as_written)", where).Rows
                .Select(r => ((string)r[0]!, (string)r[1]!)).ToArray();
            var declared = view.Columns.Select(c => (c.Name, c.Type.DuckDb)).ToArray();
            var names = (actual.Select(c => c.Item1).ToArray(), declared.Select(c => c.Name).ToArray());
            if (!names.Item1.SequenceEqual(names.Item2))
            {
                problems.Add($"{where}: the query yields columns [{string.Join(", ", names.Item1)}], the contract declares [{string.Join(", ", names.Item2)}]");
            }
            else
            {
                problems.AddRange(actual.Zip(declared)
                    .Where(p => p.First.Item2 != p.Second.DuckDb)
                    .Select(p => $"{where}: column {p.First.Item1} is {p.First.Item2} in the query, declared {p.Second.DuckDb}"));
            }

            Create(db, file, view, where);
        }

        return problems;
    }
}
