using System.Globalization;
using System.Text;

namespace Dataflow.Quality.Evaluation;

/// <summary>Quoting for DuckDB, and the Spark SQL → DuckDB rewrites DQDL fragments need (dqdl.md §7.1).</summary>
public static class SqlText
{
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// A Spark SQL fragment (where clause, CustomSql) made valid DuckDB: Spark's double-quoted strings become
    /// single-quoted, backtick identifiers double-quoted, <c>current_timestamp()</c> loses its parentheses, and the bare
    /// identifier <c>primary</c> (reserved in DuckDB) is quoted. Single-quoted literals pass through untouched. Given the
    /// evaluation's instant, <c>current_date</c>, <c>current_timestamp</c> and <c>now()</c> become that instant (UTC, as
    /// the Glue job sets Spark's session time zone), so a rule about freshness judges the data as of the evaluation,
    /// not as of whenever the twin happens to run.
    /// </summary>
    public static string FromSpark(string sql, DateTime? asOfUtc = null)
    {
        var output = new StringBuilder(sql.Length + 8);
        for (var i = 0; i < sql.Length;)
        {
            var c = sql[i];
            if (c is '\'' or '"' or '`')
            {
                var end = i + 1;
                var content = new StringBuilder();
                while (end < sql.Length && sql[end] != c)
                {
                    if (sql[end] == '\\' && end + 1 < sql.Length)
                    {
                        content.Append(sql[end + 1]);
                        end += 2;
                        continue;
                    }

                    content.Append(sql[end++]);
                }

                output.Append(c == '`' ? Identifier(content.ToString()) : Literal(content.ToString()));
                i = Math.Min(end + 1, sql.Length);
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var end = i;
                while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
                {
                    end++;
                }

                var word = sql[i..end];
                var afterIsCall = end + 1 < sql.Length && sql[end] == '(' && sql[end + 1] == ')';
                if (word.Equals("primary", StringComparison.OrdinalIgnoreCase) && (i == 0 || sql[i - 1] != '.'))
                {
                    output.Append("\"primary\"");
                }
                else if (asOfUtc is { } asOf && ClockLiteral(word, afterIsCall, asOf) is { } literal)
                {
                    output.Append(literal);
                    end += afterIsCall ? 2 : 0;
                }
                else if (word.Equals("current_timestamp", StringComparison.OrdinalIgnoreCase) && afterIsCall)
                {
                    output.Append(word);
                    end += 2;
                }
                else
                {
                    output.Append(word);
                }

                i = end;
                continue;
            }

            output.Append(c);
            i++;
        }

        return output.ToString();
    }

    private static string? ClockLiteral(string word, bool call, DateTime asOf) => word.ToLowerInvariant() switch
    {
        "current_date" => $"DATE '{asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'",
        "current_timestamp" => $"TIMESTAMP '{asOf.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}'",
        "now" when call => $"TIMESTAMP '{asOf.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}'",
        _ => null,
    };

    /// <summary>RE2, which DuckDB uses, has no lookaround and no backreferences; Java regex (Glue) has both.</summary>
    public static bool NeedsJavaRegex(string pattern) =>
        pattern.Contains("(?=", StringComparison.Ordinal) || pattern.Contains("(?!", StringComparison.Ordinal)
        || pattern.Contains("(?<=", StringComparison.Ordinal) || pattern.Contains("(?<!", StringComparison.Ordinal)
        || System.Text.RegularExpressions.Regex.IsMatch(pattern, @"\\[1-9]");
}
