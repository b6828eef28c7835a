using Spectre.Console;

namespace Dataflow.Cli;

/// <summary>
/// Tables on a terminal are drawn with box characters at the terminal's width. Redirected into a file or a pipe, there
/// is no width: Spectre would assume 80 columns and split numbers across lines. There they are plain text instead:
/// Markdown tables as wide as their content, without colour.
/// </summary>
internal static class ConsoleTables
{
    private const int RedirectedWidth = 4096;

    public static void AdaptToOutput()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = RedirectedWidth;
            AnsiConsole.Profile.Capabilities.Ansi = false;
            AnsiConsole.Profile.Capabilities.Unicode = false;
        }
    }

    public static void Write(Table table)
    {
        if (Console.IsOutputRedirected)
        {
            table.Border(TableBorder.Markdown);
        }

        AnsiConsole.Write(table);
    }
}
