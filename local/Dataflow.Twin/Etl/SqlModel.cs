using System.Text.RegularExpressions;

namespace Dataflow.Twin.Etl;

/// <summary>One SQL file: <c>NNN_name.sql</c> in sql/etl (ordered models) or <c>name.sql</c> in sql/athena.</summary>
public sealed partial record SqlModel(string Name, string Path, string Sql)
{
    /// <summary>The models of a folder in run order; a file not named <c>NNN_name.sql</c> is an error, not skipped.</summary>
    public static IReadOnlyList<SqlModel> LoadOrdered(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new TwinException($"SQL folder not found: {directory}");
        }

        var files = Directory.GetFiles(directory, "*.sql").Order(StringComparer.Ordinal).ToArray();
        var bad = files.Where(f => !OrderedName().IsMatch(System.IO.Path.GetFileName(f))).ToArray();
        if (bad.Length > 0)
        {
            throw new TwinException($"SQL files must be named NNN_model.sql: {string.Join(", ", bad.Select(System.IO.Path.GetFileName))}");
        }

        return files.Length > 0
            ? files.Select(f => new SqlModel(OrderedName().Match(System.IO.Path.GetFileName(f)).Groups["name"].Value, f, File.ReadAllText(f))).ToArray()
            : throw new TwinException($"no SQL files in {directory}");
    }

    public static SqlModel Load(string path) =>
        File.Exists(path)
            ? new SqlModel(System.IO.Path.GetFileNameWithoutExtension(path), path, File.ReadAllText(path))
            : throw new TwinException($"SQL file not found: {path}");

    /// <summary>The statement without a trailing semicolon, so it can be wrapped in <c>create ... as (...)</c>.</summary>
    public string Body => Sql.TrimEnd().TrimEnd(';');

    [GeneratedRegex(@"^\d{3}_(?<name>[a-z][a-z0-9_]*)\.sql$")]
    private static partial Regex OrderedName();
}
