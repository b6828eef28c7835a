using System.CommandLine;
using Dataflow.Twin.Parity;

namespace Dataflow.Cli;

/// <summary>
/// <c>dataflow parity EXPECTED ACTUAL</c>: two curated zones, or two folders of query results, compared row by row on
/// each table's grain; a Markdown report on standard output (and into <c>--report</c>); exit 1 when a difference is not
/// in the allow-list.
/// </summary>
internal static class ParityCommand
{
    public static Command Create()
    {
        var expected = new Argument<string>("EXPECTED") { Description = "A lake (or its curated/ folder), or a folder of NAME.csv query results: the reference side (the twin)" };
        var actual = new Argument<string>("ACTUAL") { Description = "The same kind of folder from the other engine (Spark, Trino)" };
        var engine = new Option<string>("--engine") { Description = "Name of the other engine, as the allow-list names it", DefaultValueFactory = _ => "other" };
        var allowed = new Option<FileInfo?>("--allowed") { Description = "YAML allow-list of reviewed differences, each with a reason (.github/parity/allowed.yaml)" };
        var tolerance = new Option<double>("--tolerance") { Description = "Relative tolerance for doubles", DefaultValueFactory = _ => ParityComparer.DefaultTolerance };
        var report = new Option<FileInfo?>("--report") { Description = "Also write the Markdown report into this file" };
        var key = new Option<string?>("--key") { Description = "Results only: the key columns of every result set (comma-separated), instead of each one's declared grain" };
        var repo = CommonOptions.Repo();
        var command = new Command("parity", "Compare two curated zones or two sets of query results on each table's grain; exit 1 on a difference not allowed")
        {
            expected, actual, engine, allowed, tolerance, report, key, repo,
        };
        command.SetAction(parse =>
        {
            var allowList = parse.GetValue(allowed) is { } file ? ParityAllowList.Load(file.FullName) : ParityAllowList.None;
            var result = ParityRun.Compare(CommonOptions.Repository(parse, repo), parse.GetValue(expected)!, parse.GetValue(actual)!,
                parse.GetValue(engine)!, allowList, parse.GetValue(tolerance),
                parse.GetValue(key)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            var markdown = ParityRun.Markdown(result);
            Console.Out.Write(markdown);
            if (parse.GetValue(report) is { } path)
            {
                Directory.CreateDirectory(path.DirectoryName!);
                File.WriteAllText(path.FullName, markdown);
            }

            return result.Passed ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}
