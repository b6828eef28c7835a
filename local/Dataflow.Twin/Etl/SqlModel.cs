using Dataflow.Contracts;

namespace Dataflow.Twin.Etl;

/// <summary>One SQL file: a model of an ordered folder (sql/etl, sql/athena/views) or a query of sql/athena/queries.</summary>
public sealed record SqlModel(string Name, string Path, string Sql)
{
    /// <summary>The models of a folder in run order, named by sql/contracts/etl.yaml's rule (a misnamed file is an error).</summary>
    public static IReadOnlyList<SqlModel> LoadOrdered(EtlContract etl, string directory)
    {
        try
        {
            return etl.Models(directory).Select(m => new SqlModel(m.Name, m.Path, File.ReadAllText(m.Path))).ToArray();
        }
        catch (ContractException e)
        {
            throw new TwinException(e.Message, e);
        }
    }

    public static SqlModel Load(string path) =>
        File.Exists(path)
            ? new SqlModel(System.IO.Path.GetFileNameWithoutExtension(path), path, File.ReadAllText(path))
            : throw new TwinException($"SQL file not found: {path}");

    /// <summary>The statement without a trailing semicolon, so it can be wrapped in <c>create ... as (...)</c>.</summary>
    public string Body => Sql.TrimEnd().TrimEnd(';');
}
