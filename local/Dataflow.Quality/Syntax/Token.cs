namespace Dataflow.Quality.Syntax;

public enum TokenKind
{
    End,
    Identifier,
    QuotedString,
    Date,
    Time,
    IntegerLiteral,
    DecimalLiteral,
    Keyword,
    Symbol,
}

/// <summary>A lexeme with where it starts (1-based line, 0-based column, as ANTLR reports them).</summary>
public sealed record Token(TokenKind Kind, string Text, int Line, int Column)
{
    /// <summary>The content of a quoted token without its quotes (escapes untouched, as the official parser keeps them).</summary>
    public string Unquoted => Kind is TokenKind.QuotedString or TokenKind.Date or TokenKind.Time ? Text[1..^1] : Text;

    public bool Is(string text) => Kind is TokenKind.Keyword or TokenKind.Symbol && Text == text;

    public bool IsAny(params string[] texts) => Kind is TokenKind.Keyword or TokenKind.Symbol && texts.Contains(Text);

    public bool IsStringLike => Kind is TokenKind.QuotedString or TokenKind.Date or TokenKind.Time;

    public bool IsNumber => Kind is TokenKind.IntegerLiteral or TokenKind.DecimalLiteral;

    public string Where => $"line {Line}:{Column}";
}
