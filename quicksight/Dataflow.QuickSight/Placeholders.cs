using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dataflow.QuickSight;

/// <summary><c>${Name}</c> and <c>${Name:key}</c> in string values, replaced from a dictionary; a name without a value is an error.</summary>
public static partial class Placeholders
{
    public static JsonNode Substitute(JsonNode node, IReadOnlyDictionary<string, string> values, string where)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var result = Copy(node, values, missing)!;
        return missing.Count == 0 ? result : throw new QuickSightException($"{where}: no value for {string.Join(", ", missing.Select(m => "${" + m + "}"))}");
    }

    /// <summary>A filled copy of the tree; the source is left as it is.</summary>
    private static JsonNode? Copy(JsonNode? node, IReadOnlyDictionary<string, string> values, ISet<string> missing) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Copy(p.Value, values, missing)))),
        JsonArray a => new JsonArray(a.Select(x => Copy(x, values, missing)).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(Pattern().Replace(s, m =>
        {
            var name = m.Groups["name"].Value;
            if (values.TryGetValue(name, out var value))
            {
                return value;
            }

            missing.Add(name);
            return m.Value;
        })),
        _ => node?.DeepClone(),
    };

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z]+(:[a-z0-9-]+)?)\}")]
    private static partial Regex Pattern();
}
