namespace Dataflow.Quality.Syntax;

/// <summary>
/// DQDL's lexer (CommonLexerRules.g4, dqdl.md §1.2): whitespace is space, tab and newline only (a carriage return is an
/// error, as in Glue); a comment runs from <c>#</c> to a newline that must be there; strings are double-quoted; a
/// quoted <c>yyyy-MM-dd</c> is a DATE and a quoted <c>h:mm AM</c> or <c>HH:mm</c> a TIME; keywords beat identifiers.
/// </summary>
public static class Lexer
{
    /// <summary>Words that are tokens of their own. Lower case only, except the few with an upper-case twin.</summary>
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "Rules", "Analyzers", "Metadata", "DataSources", "DefaultLabels",
        "and", "AND", "or", "OR", "of", "OF", "null", "NULL", "empty", "EMPTY", "whitespaces_only", "WHITESPACES_ONLY",
        "between", "in", "not", "matches", "with", "where", "labels", "now()",
        "days", "hours", "minutes", "B", "KB", "MB", "GB", "TB",
    };

    private static readonly string[] TwoCharSymbols = ["!=", ">=", "<="];
    private const string OneCharSymbols = "=!><()[]{},:$+-*/";

    public static IReadOnlyList<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var errors = new List<string>();
        int i = 0, line = 1, column = 0;

        void Advance(int n)
        {
            for (var k = 0; k < n; k++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    column = 0;
                }
                else
                {
                    column++;
                }

                i++;
            }
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\n')
            {
                Advance(1);
                continue;
            }

            if (c == '#')
            {
                var end = text.IndexOf('\n', i);
                if (end < 0)
                {
                    errors.Add($"line {line}:{column} token recognition error at: '{text[i..].TrimEnd()}'");
                    break;
                }

                Advance(end + 1 - i);
                continue;
            }

            var (startLine, startColumn) = (line, column);
            if (c == '"')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '"')
                {
                    end += text[end] == '\\' && end + 1 < text.Length && text[end + 1] is '"' or '\\' ? 2 : 1;
                }

                if (end >= text.Length)
                {
                    errors.Add($"line {line}:{column} token recognition error at: '{text[i..]}'");
                    break;
                }

                var quoted = text[i..(end + 1)];
                tokens.Add(new Token(QuotedKind(quoted[1..^1]), quoted, startLine, startColumn));
                Advance(end + 1 - i);
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.')
            {
                var end = i;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '.'))
                {
                    end++;
                }

                var word = text[i..end];
                if (word == "now" && end + 1 < text.Length && text[end] == '(' && text[end + 1] == ')')
                {
                    tokens.Add(new Token(TokenKind.Keyword, "now()", startLine, startColumn));
                    Advance(end + 2 - i);
                    continue;
                }

                tokens.Add(new Token(WordKind(word), word, startLine, startColumn));
                Advance(end - i);
                continue;
            }

            var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            if (TwoCharSymbols.Contains(two))
            {
                tokens.Add(new Token(TokenKind.Symbol, two, startLine, startColumn));
                Advance(2);
                continue;
            }

            if (OneCharSymbols.Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new Token(TokenKind.Symbol, c.ToString(), startLine, startColumn));
                Advance(1);
                continue;
            }

            errors.Add($"line {line}:{column} token recognition error at: '{Printable(c)}'");
            Advance(1);
        }

        if (errors.Count > 0)
        {
            throw new DqdlException(errors);
        }

        tokens.Add(new Token(TokenKind.End, "<EOF>", line, column));
        return tokens;
    }

    private static TokenKind WordKind(string word)
    {
        if (word.All(char.IsAsciiDigit))
        {
            return TokenKind.IntegerLiteral;
        }

        var dot = word.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && dot < word.Length - 1 && word.Count(ch => ch == '.') == 1 && word.Replace(".", "", StringComparison.Ordinal).All(char.IsAsciiDigit))
        {
            return TokenKind.DecimalLiteral;
        }

        return Keywords.Contains(word) ? TokenKind.Keyword : TokenKind.Identifier;
    }

    private static TokenKind QuotedKind(string content)
    {
        if (content.Length == 10 && content[4] == '-' && content[7] == '-' && content.Remove(7, 1).Remove(4, 1).All(char.IsAsciiDigit))
        {
            return TokenKind.Date;
        }

        var isTwelveHour = System.Text.RegularExpressions.Regex.IsMatch(content, "^[0-9]{1,2}:[0-9]{2} (AM|PM)$");
        var isTwentyFourHour = System.Text.RegularExpressions.Regex.IsMatch(content, "^[0-9]{2}:[0-9]{2}$");
        return isTwelveHour || isTwentyFourHour ? TokenKind.Time : TokenKind.QuotedString;
    }

    private static string Printable(char c) => c switch
    {
        '\r' => "\\r",
        '\t' => "\\t",
        _ => c.ToString(),
    };
}
