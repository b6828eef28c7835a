using System.CommandLine;

namespace Dataflow.Cli;

/// <summary>The command tree of <c>dataflow</c>.</summary>
internal static class DataflowCommand
{
    public static RootCommand Create() =>
        new("AWS Dataflow local twin: the cloud pipeline's ingestion, SQL, quality checks and queries on embedded DuckDB.")
        {
            RunCommand.Create(),
            IngestCommand.Create(),
            BackfillCommand.Create(),
            TransformCommand.Create(),
            ReleaseCommand.Create(),
            QueryCommand.Create(),
            ReportCommand.Create(),
            QualityCommand.Create(),
            ValidateCommand.Create(),
            ParityCommand.Create(),
            GlueBundleCommand.Create(),
            TrinoSqlCommand.Create(),
            CalendarCommand.Create(),
            BenchCommand.Create(),
        };
}
