using System.Text.Json;
using Dataflow.Contracts;
using Dataflow.Contracts.Testing;
using Dataflow.Infra.Model.Etl;

namespace Dataflow.Infra.Tests;

/// <summary>
/// The key layouts changed in sql/contracts/lake.yaml of a checkout and nowhere else: the stack deployed from it
/// scopes IAM, filters the manifest event and ships the Glue bundle by the new layout.
/// </summary>
public sealed class ContractLayoutStackTests
{
    private RepositoryCopy _copy = null!;
    private List<RegisteredResource> _registered = [];
    private LakeLayout _layout = null!;

    [OneTimeSetUp]
    public async Task Deploy()
    {
        _copy = new RepositoryCopy("sql", "glue", "quicksight", "Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml");
        var lake = _copy["sql/contracts/lake.yaml"];
        File.WriteAllText(lake, File.ReadAllText(lake)
            .Replace("raw_time_series: \"twelvedata/", "raw_time_series: \"v2/twelvedata/", StringComparison.Ordinal)
            .Replace("run_manifest: \"twelvedata/", "run_manifest: \"v2/twelvedata/", StringComparison.Ordinal));
        _layout = LakeLayout.Load(_copy.Repository.Contracts);
        _registered = [.. (await StackDeployment.RunAsync("dev", repository: _copy.Repository)).Mocks.Registered];
    }

    [OneTimeTearDown]
    public void RemoveCopy() => _copy.Dispose();

    private string Policy(string name) => (string)_registered.Single(r => r.Type == "aws:iam/rolePolicy:RolePolicy" && r.Name == name).Inputs["policy"];

    private static string[] Resources(string policy, string sid)
    {
        using var json = JsonDocument.Parse(policy);
        return json.RootElement.GetProperty("Statement").EnumerateArray().Single(s => s.GetProperty("Sid").GetString() == sid)
            .GetProperty("Resource").EnumerateArray().Select(r => r.GetString()!).ToArray();
    }

    [Test]
    public void The_edit_changed_both_layouts() =>
        Assert.That(_layout.RawFolders, Is.EqualTo(new[] { "v2/twelvedata/time_series/", "v2/twelvedata/manifests/" }));

    [Test]
    public void The_ingestion_role_writes_exactly_the_new_folders()
    {
        var raw = $"arn:aws:s3:::dataflow-dev-raw-{Mocks.AccountId}";

        Assert.That(Resources(Policy("function-policy"), "WriteRawZone"), Is.EqualTo(_layout.RawFolders.Select(f => $"{raw}/{f}*")));
        Assert.That(Resources(Policy("job-policy"), "ReadRawZone"), Is.EqualTo(new[] { $"{raw}/v2/twelvedata/time_series/*", $"{raw}/v2/twelvedata/manifests/*" }));
    }

    [Test]
    public void The_etl_starts_on_manifests_under_the_new_folder()
    {
        var rule = _registered.Single(r => r.Type == "aws:cloudwatch/eventRule:EventRule" && r.Name == "manifest-created");
        using var pattern = JsonDocument.Parse((string)rule.Inputs["eventPattern"]);

        Assert.That(pattern.RootElement.GetProperty("detail").GetProperty("object").GetProperty("key")[0].GetProperty("prefix").GetString(),
            Is.EqualTo("v2/twelvedata/manifests/"));
    }

    [Test]
    public void The_glue_job_reads_the_pipeline_contract_of_the_new_layout()
    {
        var bundle = GlueBundle.FromRepository(_copy.Repository);
        var job = _registered.Single(r => r.Type == "aws:glue/job:Job");
        var uploads = _registered.Where(r => r.Type == "aws:s3/bucketObjectv2:BucketObjectv2").Select(r => (string)r.Inputs["key"]).ToArray();

        Assert.That(((IDictionary<string, object>)job.Inputs["defaultArguments"])["--pipeline_key"], Is.EqualTo(bundle.PipelineKey));
        Assert.That(uploads, Does.Contain(bundle.PipelineKey));
        Assert.That(bundle.Pipeline.ToJson(), Does.Contain("\"folder_prefix\": \"v2/twelvedata/time_series/\""));
        Assert.That(bundle.Prefix, Is.Not.EqualTo(GlueBundle.FromRepository(Checkout.Repository).Prefix), "a new layout is a new bundle");
    }
}
