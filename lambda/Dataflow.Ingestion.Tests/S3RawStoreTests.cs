using Dataflow.Contracts.Testing;
using System.Text;
using Amazon.S3.Model;
using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.Testing;
using Dataflow.TwelveData.Emulator;

namespace Dataflow.Ingestion.Tests;

/// <summary>The S3 raw store against s3rver, a real S3-protocol server on 127.0.0.1.</summary>
public sealed class S3RawStoreTests
{
    private const string Bucket = "dataflow-test-raw";
    private S3Server _s3 = null!;

    [OneTimeSetUp]
    public void StartS3() => _s3 = S3Server.Start(Bucket);

    [OneTimeTearDown]
    public void StopS3() => _s3.Dispose();

    [Test]
    public async Task An_object_and_its_metadata_round_trip_byte_exact()
    {
        var store = new S3RawStore(_s3.Client, Bucket);
        var body = Encoding.UTF8.GetBytes("""{"meta":{"symbol":"EUR/USD"},"values":[],"status":"ok"}""");

        await store.PutAsync("t/a.json", body, "application/json", new Dictionary<string, string> { ["run-id"] = "r1", ["request-symbol"] = "EUR/USD" }, CancellationToken.None);

        using var get = await _s3.Client.GetObjectAsync(Bucket, "t/a.json");
        using var read = new MemoryStream();
        await get.ResponseStream.CopyToAsync(read);
        Assert.That(read.ToArray(), Is.EqualTo(body));
        Assert.That(get.Headers.ContentType, Is.EqualTo("application/json"));
        Assert.That(get.Metadata["x-amz-meta-run-id"], Is.EqualTo("r1"));
        Assert.That(get.Metadata["x-amz-meta-request-symbol"], Is.EqualTo("EUR/USD"));
    }

    [Test]
    public async Task An_existing_key_is_never_replaced_and_the_same_bytes_again_are_a_retry()
    {
        var store = new S3RawStore(_s3.Client, Bucket);
        var first = Encoding.UTF8.GetBytes("""{"status":"ok","values":[]}""");
        await store.PutAsync("t/once.json", first, "application/json", new Dictionary<string, string> { ["run-id"] = "r1" }, CancellationToken.None);

        await store.PutAsync("t/once.json", first, "application/json", new Dictionary<string, string> { ["run-id"] = "r1" }, CancellationToken.None);
        var e = Assert.ThrowsAsync<RawObjectConflictException>(() => store.PutAsync("t/once.json", Encoding.UTF8.GetBytes("""{"status":"ok"}"""),
            "application/json", new Dictionary<string, string> { ["run-id"] = "r2" }, CancellationToken.None));

        Assert.That(e!.Message, Does.Contain("s3://dataflow-test-raw/t/once.json already holds different bytes"));
        using var get = await _s3.Client.GetObjectAsync(Bucket, "t/once.json");
        using var read = new MemoryStream();
        await get.ResponseStream.CopyToAsync(read);
        Assert.That(read.ToArray(), Is.EqualTo(first));
        Assert.That(get.Metadata["x-amz-meta-run-id"], Is.EqualTo("r1"));
    }

    [Test]
    public async Task Reading_back_gives_the_bytes_or_null_for_a_key_never_written()
    {
        var store = new S3RawStore(_s3.Client, Bucket);
        var body = Encoding.UTF8.GetBytes("""{"status":"ok","values":[]}""");
        await store.PutAsync("t/read-back.json", body, "application/json", new Dictionary<string, string>(), CancellationToken.None);

        Assert.That(await store.GetAsync("t/read-back.json", CancellationToken.None), Is.EqualTo(body));
        Assert.That(await store.GetAsync("t/never-written.json", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_run_into_s3_leaves_each_response_and_the_manifest_at_the_documented_keys_and_reruns_identically()
    {
        var market = new EmulatedMarket();
        market.Unknown.Add("NOPE");
        await using var h = new TwelveDataHarness(new EmulatorPlan(100, null), market);
        var store = new S3RawStore(_s3.Client, Bucket);
        var runId = Checkout.Layout.RunIds.Create(TwelveDataHarness.Start, "twelvedata");
        var request = new IngestionRequest(["AAPL", "NOPE", "EUR/USD"], BarInterval.Daily, IngestionWindow.Latest(5));

        var first = await new IngestionRun(h.Source, store, h.Layout, h.Clock).ExecuteAsync(runId, request, null, CancellationToken.None);
        var keysAfterFirst = await Keys();
        var bytesAfterFirst = await Contents(keysAfterFirst.Where(k => !k.Contains("/manifests/", StringComparison.Ordinal)));
        await new IngestionRun(h.Source, store, h.Layout, h.Clock).ExecuteAsync(runId, request, null, CancellationToken.None);

        var expected = first.Symbols.SelectMany(s => s.Keys).Append(h.Layout.RunManifestKey(runId.IngestDate, runId.Value)).Order(StringComparer.Ordinal);
        Assert.That(keysAfterFirst.Where(k => k.StartsWith("twelvedata/", StringComparison.Ordinal)), Is.EqualTo(expected));
        Assert.That(await Keys(), Is.EqualTo(keysAfterFirst), "the same run id writes the same keys");
        Assert.That(await Contents(bytesAfterFirst.Keys), Is.EqualTo(bytesAfterFirst), "with the same bytes");
        Assert.That(keysAfterFirst, Has.Some.Contains("/symbol=EUR%2FUSD/"));

        using var manifest = await _s3.Client.GetObjectAsync(Bucket, h.Layout.RunManifestKey(runId.IngestDate, runId.Value));
        using var read = new MemoryStream();
        await manifest.ResponseStream.CopyToAsync(read);
        var parsed = RunManifest.FromJson(read.ToArray());
        Assert.That(parsed.Symbols.Select(s => s.Outcome), Is.EqualTo(new[] { SymbolOutcome.Succeeded, SymbolOutcome.Skipped, SymbolOutcome.Succeeded }));
    }

    private async Task<List<string>> Keys()
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket, MaxKeys = 2 };
        ListObjectsV2Response page;
        do
        {
            page = await _s3.Client.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return keys.Order(StringComparer.Ordinal).ToList();
    }

    private async Task<Dictionary<string, string>> Contents(IEnumerable<string> keys)
    {
        var contents = new Dictionary<string, string>();
        foreach (var key in keys)
        {
            using var get = await _s3.Client.GetObjectAsync(Bucket, key);
            using var reader = new StreamReader(get.ResponseStream);
            contents[key] = await reader.ReadToEndAsync();
        }

        return contents;
    }
}
