using System.CommandLine;
using Dataflow.Infra.Model.Etl;

namespace Dataflow.Cli;

/// <summary>
/// <c>dataflow glue-bundle --out DIR</c>: the Glue job's content-addressed bundle (script, pipeline.json, SQL, seeds,
/// rulesets) written into a folder laid out as the artifacts bucket, byte for byte what <c>pulumi up</c> uploads. The Spark
/// parity job runs the job's core on it locally (glue/jobs/local_run.py).
/// </summary>
internal static class GlueBundleCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the bundle into (as the artifacts bucket's keys)", Required = true };
        var repo = CommonOptions.Repo();
        var command = new Command("glue-bundle", "Write the Glue job's bundle (what pulumi up uploads) into a folder") { output, repo };
        command.SetAction(parse =>
        {
            var bundle = GlueBundle.FromRepository(CommonOptions.Repository(parse, repo));
            var root = parse.GetValue(output)!.FullName;
            foreach (var file in bundle.Files)
            {
                var path = Path.Combine(root, file.Key.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, file.Content());
            }

            Console.Out.WriteLine($"wrote {bundle.Files.Count} files under {Path.Combine(root, bundle.Prefix)} (pipeline {bundle.PipelineKey})");
            return ExitCodes.Success;
        });
        return command;
    }
}
