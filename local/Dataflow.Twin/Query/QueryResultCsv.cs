using System.Globalization;
using CsvHelper;
using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Query;

/// <summary>A query result as Athena leaves it in the results bucket: a CSV with a header row.</summary>
public static class QueryResultCsv
{
    public static void Write(QueryResult result, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new StreamWriter(path);
        Write(result, writer);
    }

    public static void Write(QueryResult result, TextWriter writer)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in result.Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        foreach (var row in result.Rows)
        {
            foreach (var value in row)
            {
                csv.WriteField(value switch
                {
                    null => "",
                    DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString(),
                });
            }

            csv.NextRecord();
        }
    }
}
