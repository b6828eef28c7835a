namespace Dataflow.QuickSight;

/// <summary>A problem with a QuickSight resource: the file, the JSON path inside the resource's properties, what is wrong.</summary>
public sealed record ValidationIssue(string File, string Path, string Message)
{
    public override string ToString() => $"{File}: {Path}: {Message}";
}
