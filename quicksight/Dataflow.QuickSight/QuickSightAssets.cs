using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataflow.QuickSight;

/// <summary>
/// The QuickSight files of the repository (quicksight/): one Athena data source, the data sets, one Definition shared by
/// the analysis and the dashboard, and the analysis' and dashboard's own properties. Placeholders (<c>${AccountId}</c>,
/// <c>${DataSetArn:daily-metrics}</c>, ...) are filled per stack by <see cref="StackResources"/>.
/// </summary>
public sealed record QuickSightAssets(
    string Folder,
    JsonObject DataSource,
    IReadOnlyDictionary<string, JsonObject> DataSets,
    JsonObject Definition,
    JsonObject Analysis,
    JsonObject Dashboard)
{
    /// <summary>The QuickSight JSON of <paramref name="folder"/> (a checkout's quicksight/).</summary>
    public static QuickSightAssets Load(string folder)
    {
        var dataSets = Directory.Exists(Path.Combine(folder, "data-sets"))
            ? Directory.GetFiles(Path.Combine(folder, "data-sets"), "*.json").Order(StringComparer.Ordinal)
                .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => Read(f), StringComparer.Ordinal)
            : throw new QuickSightException($"no data-sets folder in {folder}");
        return new QuickSightAssets(folder, Read(Path.Combine(folder, "data-source.json")), dataSets,
            Read(Path.Combine(folder, "definition.json")), Read(Path.Combine(folder, "analysis.json")), Read(Path.Combine(folder, "dashboard.json")));
    }

    /// <summary>The file a resource comes from, for messages.</summary>
    public string FileOf(string resource) => resource switch
    {
        "data-source" => Path.Combine(Folder, "data-source.json"),
        "analysis" => Path.Combine(Folder, "analysis.json") + " + definition.json",
        "dashboard" => Path.Combine(Folder, "dashboard.json") + " + definition.json",
        _ => Path.Combine(Folder, "data-sets", $"{resource}.json"),
    };

    private static JsonObject Read(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new QuickSightException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new QuickSightException($"{path}: {e.Message}", e);
        }
        catch (FileNotFoundException e)
        {
            throw new QuickSightException($"{path} not found", e);
        }
    }
}
