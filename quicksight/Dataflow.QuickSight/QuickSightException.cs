namespace Dataflow.QuickSight;

/// <summary>A QuickSight file is missing, is not JSON, or cannot be completed for a stack.</summary>
public sealed class QuickSightException : Exception
{
    public QuickSightException(string message) : base(message) { }
    public QuickSightException(string message, Exception inner) : base(message, inner) { }
    public QuickSightException() { }
}
