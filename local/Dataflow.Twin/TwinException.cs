namespace Dataflow.Twin;

/// <summary>A twin stage failed; the message says which stage, file or input and why.</summary>
public sealed class TwinException : Exception
{
    public TwinException(string message) : base(message) { }
    public TwinException(string message, Exception inner) : base(message, inner) { }
    public TwinException() { }
}
