using System.Text;
using System.Text.Json;
using Dataflow.Ingestion;

namespace Dataflow.Ingestion.Tests;

public sealed class LocalFolderRawStoreTests
{
    private string _root = "";

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("raw-store-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    private static readonly Dictionary<string, string> Metadata = new() { ["run-id"] = "r1", ["http-status"] = "200" };

    [Test]
    public async Task An_object_lands_at_its_key_with_its_metadata_beside_it()
    {
        var store = new LocalFolderRawStore(_root);

        await store.PutAsync("a/b=1/c.json", Encoding.UTF8.GetBytes("{\"x\":1}"), "application/json", Metadata, CancellationToken.None);

        Assert.That(File.ReadAllText(Path.Combine(_root, "a", "b=1", "c.json")), Is.EqualTo("{\"x\":1}"));
        var metadata = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(_root, "a", "b=1", "c.json.metadata")));
        Assert.That(metadata, Is.EquivalentTo(new Dictionary<string, string> { ["run-id"] = "r1", ["http-status"] = "200", ["content-type"] = "application/json" }));
    }

    [Test]
    public async Task Writing_the_same_bytes_again_is_a_retry_that_changes_nothing()
    {
        var store = new LocalFolderRawStore(_root);

        await store.PutAsync("k.json", Encoding.UTF8.GetBytes("first"), "application/json", Metadata, CancellationToken.None);
        var written = File.GetLastWriteTimeUtc(Path.Combine(_root, "k.json"));
        await store.PutAsync("k.json", Encoding.UTF8.GetBytes("first"), "application/json", new Dictionary<string, string> { ["run-id"] = "r2" }, CancellationToken.None);

        Assert.That(File.ReadAllText(Path.Combine(_root, "k.json")), Is.EqualTo("first"));
        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(_root, "k.json")), Is.EqualTo(written));
        Assert.That(File.ReadAllText(Path.Combine(_root, "k.json.metadata")), Does.Contain("\"r1\""));
        Assert.That(Directory.GetFiles(_root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "k.json", "k.json.metadata" }));
    }

    [Test]
    public async Task Different_bytes_under_an_existing_key_are_refused_and_the_first_object_stays()
    {
        var store = new LocalFolderRawStore(_root);
        await store.PutAsync("k.json", Encoding.UTF8.GetBytes("first"), "application/json", Metadata, CancellationToken.None);

        var e = Assert.ThrowsAsync<RawObjectConflictException>(() =>
            store.PutAsync("k.json", Encoding.UTF8.GetBytes("second"), "application/json", new Dictionary<string, string> { ["run-id"] = "r2" }, CancellationToken.None));

        Assert.That(e!.Message, Does.Contain("k.json").And.Contain("already holds different bytes"));
        Assert.That(File.ReadAllText(Path.Combine(_root, "k.json")), Is.EqualTo("first"));
        Assert.That(File.ReadAllText(Path.Combine(_root, "k.json.metadata")), Does.Contain("\"r1\""));
        Assert.That(Directory.GetFiles(_root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "k.json", "k.json.metadata" }));
    }

    [Test]
    public async Task Metadata_left_by_a_write_killed_before_its_object_is_replaced()
    {
        File.WriteAllText(Path.Combine(_root, "k.json.metadata"), "{\"run-id\":\"killed\"}");
        var store = new LocalFolderRawStore(_root);

        await store.PutAsync("k.json", Encoding.UTF8.GetBytes("first"), "application/json", Metadata, CancellationToken.None);

        Assert.That(File.ReadAllText(Path.Combine(_root, "k.json.metadata")), Does.Contain("\"r1\"").And.Not.Contain("killed"));
    }

    [TestCase("../escape.json")]
    [TestCase("/absolute.json")]
    [TestCase("a//b.json")]
    [TestCase("")]
    public void A_key_that_could_leave_the_zone_is_refused(string key)
    {
        var store = new LocalFolderRawStore(_root);

        Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new byte[] { 1 }, "application/json", Metadata, CancellationToken.None));
        Assert.That(Directory.GetFileSystemEntries(_root), Is.Empty);
    }
}
