namespace Dataflow.Quality.Syntax;

/// <summary>
/// A ruleset that does not parse or validate. The message follows Glue's: <c>Parsing Error: msg1, msg2</c>, syntax
/// errors as <c>line L:C ...</c>.
/// </summary>
public sealed class DqdlException : Exception
{
    public DqdlException(IReadOnlyList<string> errors) : base("Parsing Error: " + string.Join(", ", errors)) => Errors = errors;

    public DqdlException() : this(Array.Empty<string>()) { }
    public DqdlException(string message) : this([message]) { }
    public DqdlException(string message, Exception inner) : base(message, inner) => Errors = [message];

    public IReadOnlyList<string> Errors { get; }
}
