using System.CommandLine;
using Dataflow.Twin.Calendar;

namespace Dataflow.Cli;

/// <summary>
/// <c>dataflow calendar [--from D --to D] [--out FILE]</c>: the trading sessions of every calendar as the CSV of
/// sql/seeds/trading_sessions.csv, on standard output or into a file replaced in one step. Regenerate the seed with
/// <c>--out sql/seeds/trading_sessions.csv</c> (a shell redirect through <c>dotnet run</c> empties the seed before the
/// build copies it) when its range runs out or a holiday rule changes; the tests and <c>dataflow validate</c> compare
/// the committed seed with this output.
/// </summary>
internal static class CalendarCommand
{
    public static Command Create()
    {
        var from = CommonOptions.Date("--from", TradingSessionsSeed.From, "First day");
        var to = CommonOptions.Date("--to", TradingSessionsSeed.To, "Last day");
        var output = new Option<FileInfo?>("--out") { Description = "Write the CSV into this file, replaced in one step, instead of standard output" };
        var command = new Command("calendar", "Print the trading sessions of every calendar (the CSV of sql/seeds/trading_sessions.csv)") { from, to, output };
        command.SetAction(parse =>
        {
            var csv = TradingSessionsSeed.Render(parse.GetValue(from) ?? TradingSessionsSeed.From, parse.GetValue(to) ?? TradingSessionsSeed.To);
            if (parse.GetValue(output) is not { } file)
            {
                Console.Out.Write(csv);
                return 0;
            }

            var pending = $"{file.FullName}.{Environment.ProcessId}.tmp";
            File.WriteAllText(pending, csv);
            File.Move(pending, file.FullName, overwrite: true);
            Console.Out.WriteLine($"wrote {csv.Count(c => c == '\n') - 1:N0} sessions to {file.FullName}");
            return 0;
        });
        return command;
    }
}
