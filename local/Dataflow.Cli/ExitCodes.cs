namespace Dataflow.Cli;

/// <summary>
/// What every <c>dataflow</c> command's exit code means (the README's table). A failure always prints one message that
/// names the problem, never a stack trace: <see cref="CliFailures"/> maps exceptions to these codes.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad input (an unknown option, a value that does not parse, a file that cannot be read, an invalid ruleset or contract) or a failed check (a quality rule, a validation problem).</summary>
    public const int Failed = 1;

    /// <summary>A run published, but held some symbols back (run, transform).</summary>
    public const int Held = 3;

    /// <summary>A backfill attempt ended with work left: continue it with the printed command.</summary>
    public const int Unfinished = 4;

    /// <summary>A bug: something no input should cause. The message says so; DATAFLOW_DEBUG=1 adds the stack trace.</summary>
    public const int InternalError = 70;
}
