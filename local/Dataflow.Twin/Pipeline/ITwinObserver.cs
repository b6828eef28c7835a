namespace Dataflow.Twin.Pipeline;

/// <summary>Progress of a twin run, stage by stage; the CLI draws it, tests ignore it.</summary>
public interface ITwinObserver
{
    void StageStarted(TwinStage stage, int steps);
    void StepCompleted(TwinStage stage, string detail);
    void StageFinished(TwinStage stage, TimeSpan elapsed);
}

public enum TwinStage
{
    Ingest,
    Transform,
    Quality,
    Publish,
    Query,
    Report,
}

public sealed class SilentObserver : ITwinObserver
{
    public static SilentObserver Instance { get; } = new();
    public void StageStarted(TwinStage stage, int steps) { }
    public void StepCompleted(TwinStage stage, string detail) { }
    public void StageFinished(TwinStage stage, TimeSpan elapsed) { }
}
