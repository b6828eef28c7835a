using System.CommandLine;
using Dataflow.Cli;

ConsoleTables.AdaptToOutput();
var parse = DataflowCommand.Create().Parse(args);
try
{
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
#pragma warning disable CA1031 // the process boundary: every exception becomes an exit code and one message (CliFailures)
catch (Exception e)
#pragma warning restore CA1031
{
    return CliFailures.Report(args, e, Console.Error);
}
