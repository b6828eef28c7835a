namespace Dataflow.Quality.Syntax;

/// <summary>
/// How close to Glue the parser is. Glue ignores anything after the last recognised section and fails on CRLF; the
/// defaults here reject trailing content (a silently dropped <c>Rules</c> block is a real bug) and keep the CRLF failure.
/// </summary>
public sealed record ParseOptions(bool RejectTrailingContent = true, bool NormalizeLineEndings = false)
{
    public static ParseOptions Strict { get; } = new();

    /// <summary>Accepts what Glue accepts: trailing content becomes a warning.</summary>
    public static ParseOptions GlueCompatible { get; } = new(RejectTrailingContent: false);
}
