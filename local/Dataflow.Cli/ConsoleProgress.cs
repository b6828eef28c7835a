using Dataflow.Twin.Pipeline;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary>
/// Draws a twin run: a progress bar per stage on a terminal, one plain line per step when output is redirected
/// (CI logs), so long stages always show where they are.
/// </summary>
internal static class ConsoleProgress
{
    public static async Task<T> RunAsync<T>(Func<ITwinObserver, Task<T>> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(new LineObserver());
        }

        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx => result = await work(new BarObserver(ctx)));
        return result;
    }

    private sealed class BarObserver(ProgressContext ctx) : ITwinObserver
    {
        private readonly Dictionary<TwinStage, ProgressTask> _tasks = [];

        public void StageStarted(TwinStage stage, int steps) =>
            _tasks[stage] = ctx.AddTask(Name(stage), maxValue: Math.Max(1, steps));

        public void StepCompleted(TwinStage stage, string detail)
        {
            var task = _tasks[stage];
            task.Increment(1);
            task.Description = $"{Name(stage)} [grey]{Markup.Escape(detail)}[/]";
        }

        public void StageFinished(TwinStage stage, TimeSpan elapsed)
        {
            var task = _tasks[stage];
            task.Value = task.MaxValue;
            task.Description = Name(stage);
            task.StopTask();
        }
    }

    private sealed class LineObserver : ITwinObserver
    {
        public void StageStarted(TwinStage stage, int steps) => AnsiConsole.MarkupLineInterpolated($"[bold]{Name(stage)}[/] ({steps} steps)");
        public void StepCompleted(TwinStage stage, string detail) => AnsiConsole.WriteLine($"  {detail}");
        public void StageFinished(TwinStage stage, TimeSpan elapsed) => AnsiConsole.WriteLine($"  done in {elapsed.TotalSeconds:F2}s");
    }

    private static string Name(TwinStage stage) => stage.ToString().ToLowerInvariant().PadRight(9);
}
