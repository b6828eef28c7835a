using System.CommandLine;
using Dataflow.Contracts;
using Dataflow.Twin;
using Dataflow.Twin.Pipeline;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary><c>dataflow release SYMBOL</c>: an operator accepts a held symbol's rows; the next transform publishes them.</summary>
internal static class ReleaseCommand
{
    public static Command Create()
    {
        var lake = CommonOptions.Lake();
        var repo = CommonOptions.Repo();
        var symbol = new Argument<string>("symbol") { Description = "The held symbol, as the hold names it (case-insensitive)" };
        var interval = new Option<string?>("--interval") { Description = "Only the hold of this interval (default: every held interval of the symbol)" };
        var command = new Command("release",
            "Accept a held symbol's waiting rows after review (e.g. a real split): the next `dataflow transform` publishes them and ends the hold")
        {
            symbol, lake, repo, interval,
        };
        command.SetAction(parse =>
        {
            try
            {
                var paths = CommonOptions.Paths(parse, repo, lake);
                foreach (var hold in IncrementalEtl.Release(paths, parse.GetValue(symbol)!, parse.GetValue(interval)))
                {
                    AnsiConsole.MarkupLineInterpolated(
                        $"Released {hold.Name}, held since {hold.SinceUtc:yyyy-MM-dd HH:mm} UTC for {string.Join("; ", hold.Rules)}: {hold.PendingObjects.Count} raw object(s) will be published by the next `dataflow transform`.");
                }

                return 0;
            }
            catch (Exception e) when (e is TwinException or ContractException or IOException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]dataflow release failed:[/] {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
