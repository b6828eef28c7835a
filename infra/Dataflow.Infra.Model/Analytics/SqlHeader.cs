namespace Dataflow.Infra.Model.Analytics;

/// <summary>The description a SQL file gives itself: its first header line.</summary>
internal static class SqlHeader
{
    /// <summary>The file's first header line, without the comment marker (Athena and Glue cap descriptions at 1024 characters).</summary>
    public static string FirstLine(string file)
    {
        var first = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("--", StringComparison.Ordinal))?.TrimStart('-', ' ') ?? Path.GetFileName(file);
        return first.Length <= 1024 ? first : first[..1024];
    }
}
