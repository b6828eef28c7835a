using System.Text.Json.Nodes;

namespace Dataflow.Glue.Tests;

/// <summary>
/// Imports the real Glue driver in python3 with PySpark, awsglue and boto3 stubbed out (none can run here) and calls
/// its pure functions on a pipeline.json, so a test sees what the driver would read and write, and where.
/// </summary>
internal static class GlueDriverHarness
{
    private const string Script = """
        import importlib.util, json, re, sys
        from unittest import mock
        for name in ["boto3", "awsglue", "awsglue.context", "awsglue.dynamicframe", "awsglue.transforms", "awsglue.utils",
                     "awsgluedq", "awsgluedq.transforms", "pyspark", "pyspark.context", "pyspark.sql", "pyspark.sql.types"]:
            sys.modules[name] = mock.MagicMock()
        spec = importlib.util.spec_from_file_location("awsdataflowjob", sys.argv[1])
        job = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(job)
        pipeline = json.load(open(sys.argv[2]))
        key = sys.argv[3]
        source = job.raw_source(pipeline, "raw-bucket")
        tables = pipeline["curated"]["tables"]
        print(json.dumps({
            "raw": source,
            "parsed": {field: (lambda m: m.group(1) if m else None)(re.search(regex, key)) for field, regex in source["fields"].items()},
            "models": job.model_keys(pipeline, "bundle/sql/etl/"),
            "tables": {t["name"]: job.table_location(pipeline, "curated-bucket", t) for t in tables},
            "gated": [t["name"] for t in tables if t["ruleset"]],
            "quality": {t["name"]: job.quality_locations(pipeline, "curated-bucket", "ctx", t["name"], "jr_1") for t in tables},
            "staging": pipeline["staging"],
            "seeds": pipeline["reference_seeds"],
        }))
        """;

    /// <summary>
    /// Runs <paramref name="body"/> (Python, with the driver imported as <c>job</c> and the contract loaded as
    /// <c>pipeline</c>) and returns what it prints.
    /// </summary>
    public static string Exec(string driver, string pipelineJson, string body)
    {
        var folder = Directory.CreateTempSubdirectory("dataflow-glue-exec-").FullName;
        try
        {
            var script = Path.Combine(folder, "exec.py");
            var pipeline = Path.Combine(folder, "pipeline.json");
            File.WriteAllText(script, """
                import importlib.util, json, sys
                spec = importlib.util.spec_from_file_location("awsdataflowjob", sys.argv[1])
                job = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(job)
                pipeline = json.load(open(sys.argv[2]))

                """ + body);
            File.WriteAllText(pipeline, pipelineJson);
            var (exit, output) = DebianTool.Run("python3", $"{script} {driver} {pipeline}", allowFailure: true);
            return exit == 0 ? output : throw new InvalidOperationException($"the driver script failed ({exit}): {output}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>What the driver makes of <paramref name="pipelineJson"/>, and of <paramref name="sampleKey"/> with its key regexes.</summary>
    public static JsonObject Run(string driver, string pipelineJson, string sampleKey)
    {
        var folder = Directory.CreateTempSubdirectory("dataflow-glue-harness-").FullName;
        try
        {
            var harness = Path.Combine(folder, "harness.py");
            var pipeline = Path.Combine(folder, "pipeline.json");
            File.WriteAllText(harness, Script);
            File.WriteAllText(pipeline, pipelineJson);
            var (exit, output) = DebianTool.Run("python3", $"{harness} {driver} {pipeline} {sampleKey}", allowFailure: true);
            return exit == 0
                ? JsonNode.Parse(output)!.AsObject()
                : throw new InvalidOperationException($"the driver harness failed ({exit}): {output}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
