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
    public async Task Writing_the_same_key_again_replaces_it_and_leaves_no_temporary_files()
    {
        var store = new LocalFolderRawStore(_root);

        await store.PutAsync("k.json", Encoding.UTF8.GetBytes("first"), "application/json", Metadata, CancellationToken.None);
        await store.PutAsync("k.json", Encoding.UTF8.GetBytes("second"), "application/json", Metadata, CancellationToken.None);

        Assert.That(File.ReadAllText(Path.Combine(_root, "k.json")), Is.EqualTo("second"));
        Assert.That(Directory.GetFiles(_root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "k.json", "k.json.metadata" }));
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
