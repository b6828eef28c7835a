using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Dataflow.QuickSight;

/// <summary>
/// A resource's CloudFormation properties (quicksight/*.json, PascalCase) as the aws-native provider's inputs: the same
/// tree with every property name in aws-native's camelCase (<c>AwsAccountId</c> → <c>awsAccountId</c>,
/// <c>KPIVisual</c> → <c>kpiVisual</c>), nested objects as dictionaries and lists as arrays. The type's CloudFormation
/// schema says which objects are maps (<c>patternProperties</c>, such as <c>PhysicalTableMap</c>): their keys are data,
/// not property names, and stay as written. The JSON stays the single source; this is only its wire form.
/// </summary>
public static class AwsNativeProperties
{
    public static ImmutableDictionary<string, object?> From(JsonObject properties, JsonObject schema) =>
        (ImmutableDictionary<string, object?>)Convert(properties, schema, schema)!;

    /// <summary>aws-native's name of a CloudFormation property: a leading capital run is lowered but for the capital that starts the next word.</summary>
    public static string CamelCase(string name)
    {
        var run = 0;
        while (run < name.Length && char.IsUpper(name[run]))
        {
            run++;
        }

        var lowered = run switch
        {
            0 => 0,
            _ when run == name.Length => run,
            1 => 1,
            _ => run - 1,
        };
        return name[..lowered].ToLowerInvariant() + name[lowered..];
    }

    private static object? Convert(JsonNode? node, JsonNode? schema, JsonObject root)
    {
        schema = Resolve(schema, root);
        return node switch
        {
            null => null,
            JsonObject obj when schema?["patternProperties"] is JsonObject patterns && schema["properties"] is null =>
                obj.ToImmutableDictionary(p => p.Key, p => Convert(p.Value, patterns.First().Value, root)),
            JsonObject obj => obj.ToImmutableDictionary(p => CamelCase(p.Key), p => Convert(p.Value, schema?["properties"]?[p.Key], root)),
            JsonArray array => array.Select(item => Convert(item, schema?["items"], root)).ToImmutableArray(),
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
            JsonValue value when value.TryGetValue<int>(out var whole) => whole,
            JsonValue value => value.GetValue<double>(),
            _ => throw new ArgumentException($"unexpected JSON node {node.GetValueKind()}", nameof(node)),
        };
    }

    private static JsonNode? Resolve(JsonNode? schema, JsonObject root)
    {
        for (var hops = 0; schema?["$ref"] is JsonValue reference && hops < 32; hops++)
        {
            var path = reference.GetValue<string>();
            schema = path.StartsWith("#/definitions/", StringComparison.Ordinal) ? root["definitions"]?[path["#/definitions/".Length..]] : null;
        }

        return schema;
    }
}
