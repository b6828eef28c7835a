using System.Text.Json;
using Dataflow.Contracts;
using Dataflow.Quality.Syntax;
using Dataflow.QuickSight;
using Dataflow.Twin;
using DuckDB.NET.Data;

namespace Dataflow.Cli;

/// <summary>
/// The one place an exception becomes an exit code and a message. Errors of input and environment (a file, a contract,
/// a ruleset, a value out of range, the database) exit <see cref="ExitCodes.Failed"/> with their message; anything else
/// is a bug and exits <see cref="ExitCodes.InternalError"/>, saying so. No stack trace unless DATAFLOW_DEBUG=1.
/// </summary>
internal static class CliFailures
{
    public static bool IsInputError(Exception e) => e is TwinException or ContractException or DqdlException or QuickSightException
        or IOException or UnauthorizedAccessException or ArgumentException or FormatException or OverflowException
        or JsonException or DuckDBException;

    public static int Report(string[] args, Exception e, TextWriter error)
    {
        var command = args.FirstOrDefault(a => !a.StartsWith('-')) is { } name ? $"dataflow {name}" : "dataflow";
        var debug = Environment.GetEnvironmentVariable("DATAFLOW_DEBUG") == "1";
        if (IsInputError(e))
        {
            error.WriteLine($"{command}: {Message(e)}");
            if (debug)
            {
                error.WriteLine(e);
            }

            return ExitCodes.Failed;
        }

        error.WriteLine($"{command}: internal error ({e.GetType().Name}): {Message(e)}");
        error.WriteLine(debug
            ? e.ToString()
            : "This is a bug in dataflow, not in your input. Run again with DATAFLOW_DEBUG=1 for the stack trace and report it.");
        return ExitCodes.InternalError;
    }

    /// <summary>The exception's message, and its inner ones' when they add something (a JSON error inside an IO error).</summary>
    private static string Message(Exception e)
    {
        var messages = new List<string>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (!messages.Any(m => m.Contains(current.Message, StringComparison.Ordinal)))
            {
                messages.Add(current.Message);
            }
        }

        return string.Join(": ", messages);
    }
}
