using System.Text.Json.Nodes;
using Dataflow.Contracts;
using Dataflow.Contracts.Testing;
using Dataflow.Infra.Model.Etl;
using Dataflow.Twin.Ingest;
using Dataflow.Twin;

namespace Dataflow.Glue.Tests;

/// <summary>
/// glue/jobs/local_run.py, the Spark parity job's runner, up to where PySpark starts (none here): its file-system stand-in
/// for the S3 client reads a lake the twin wrote and the bundle `dataflow glue-bundle` writes, and the driver plans from
/// them exactly the objects the twin's manifests name; bucket URIs become local folders.
/// </summary>
public sealed class LocalRunTests
{
    private static readonly string Jobs = Path.Combine(Checkout.Repository.Root, "glue", "jobs");

    [Test]
    public async Task The_local_runner_plans_the_twins_raw_zone_from_its_bundle()
    {
        var root = Directory.CreateTempSubdirectory("dataflow-local-run-").FullName;
        try
        {
            var lake = Path.Combine(root, "lake");
            var paths = TwinPaths.For(Checkout.Repository, lake);
            await new TwinIngest(paths, _ => null).RunAsync(new IngestOptions(IngestSource.Sample, ["AAPL", "EUR/USD"], BarInterval.Daily,
                Dataflow.Ingestion.IngestionWindow.Between(new(2025, 11, 1), new(2025, 12, 31)), 7, null), null, CancellationToken.None);
            var bundle = GlueBundle.FromRepository(Checkout.Repository);
            foreach (var file in bundle.Files)
            {
                var path = Path.Combine(root, "bundle", file.Key);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, file.Content());
            }

            var script = Path.Combine(root, "plan.py");
            File.WriteAllText(script, $$"""
                import json, sys
                sys.path.insert(0, {{Json(Jobs)}})
                import awsdataflowjob as job
                import local_run
                buckets = {"raw": {{Json(Path.Combine(lake, "raw"))}}, "curated": {{Json(Path.Combine(root, "spark"))}}, "artifacts": {{Json(Path.Combine(root, "bundle"))}}}
                job.LOCAL_BUCKETS.update(buckets)
                s3 = local_run.LocalS3(buckets)
                key = local_run.bundle_pipeline_key(buckets["artifacts"])
                pipeline = json.loads(s3.get_object(Bucket="artifacts", Key=key)["Body"].read())
                commit = job.read_json_object(s3, "curated", pipeline["curated"]["commit"], job.EMPTY_COMMIT)
                zones = job.exchange_timezones(s3.get_object(Bucket="artifacts", Key=key[:-len("pipeline.json")] + "seeds/" + pipeline["reference_seeds"]["symbol_reference"])["Body"].read().decode())
                todo = job.plan(pipeline, commit, job.read_manifests(s3, pipeline, "raw", commit, False), zones, False)
                s3.put_object(Bucket="curated", Key="a/b.json", Body=b"{}")
                roundtrip = s3.get_object(Bucket="curated", Key="a/b.json")["Body"].read().decode()
                job.delete_folders(s3, "curated", ["a/"])
                try:
                    s3.get_object(Bucket="curated", Key="a/b.json")
                    gone = False
                except s3.exceptions.NoSuchKey:
                    gone = True
                print(json.dumps({"key": key, "objects": sorted(o["source_key"] for o in todo["objects"]), "new_runs": todo["new_runs"],
                                  "raw_uri": job.raw_source(pipeline, "raw")["bucket_prefix"], "roundtrip": roundtrip, "deleted": gone}))
                """);
            var (exit, output) = DebianTool.Run("python3", script, allowFailure: true);
            Assert.That(exit, Is.Zero, output);
            var result = JsonNode.Parse(output)!.AsObject();
            var manifests = RawZone.Manifests(paths).Read;

            Assert.Multiple(() =>
            {
                Assert.That((string?)result["key"], Is.EqualTo(bundle.PipelineKey));
                Assert.That(result["objects"]!.AsArray().Select(o => (string)o!), Is.EquivalentTo(manifests.SelectMany(m => m.Symbols.SelectMany(s => s.Keys))));
                Assert.That(result["new_runs"]!.AsArray().Select(r => (string)r!), Is.EqualTo(manifests.Select(m => m.RunId)));
                Assert.That((string?)result["raw_uri"], Is.EqualTo($"file://{Path.Combine(lake, "raw")}/"));
                Assert.That((string?)result["roundtrip"], Is.EqualTo("{}"));
                Assert.That((bool)result["deleted"]!, Is.True);
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}
