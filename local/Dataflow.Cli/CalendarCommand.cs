using System.CommandLine;
using Dataflow.Twin.Calendar;

namespace Dataflow.Cli;

/// <summary>
/// <c>dataflow calendar [--from D --to D]</c>: the trading sessions of every calendar as the CSV of
/// sql/seeds/trading_sessions.csv, on standard output. Regenerate the seed with it when its range runs out or a holiday
/// rule changes; the tests and <c>dataflow validate</c> compare the committed seed with this output.
/// </summary>
internal static class CalendarCommand
{
    public static Command Create()
    {
        var from = new Option<DateOnly>("--from") { Description = "First day", DefaultValueFactory = _ => TradingSessionsSeed.From };
        var to = new Option<DateOnly>("--to") { Description = "Last day", DefaultValueFactory = _ => TradingSessionsSeed.To };
        var command = new Command("calendar", "Print the trading sessions of every calendar (the CSV of sql/seeds/trading_sessions.csv)") { from, to };
        command.SetAction(parse =>
        {
            Console.Out.Write(TradingSessionsSeed.Render(parse.GetValue(from), parse.GetValue(to)));
            return 0;
        });
        return command;
    }
}
