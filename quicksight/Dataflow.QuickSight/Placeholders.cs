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

    public static IReadOnlySet<string> Names(JsonNode node)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        void Visit(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (_, v) in o)
                    {
                        Visit(v);
                    }

                    break;
                case JsonArray a:
                    foreach (var v in a)
                    {
                        Visit(v);
                    }

                    break;
                case JsonValue v when v.TryGetValue<string>(out var s):
                    foreach (Match m in Pattern().Matches(s))
                    {
                        names.Add(m.Groups["name"].Value);
                    }

                    break;
            }
        }

        Visit(node);
        return names;
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
