using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataflow.Infra.Model.Iam;

/// <summary>An IAM policy document built from typed statements; <see cref="ToJson"/> gives what AWS expects.</summary>
public sealed record PolicyDocument(IReadOnlyList<PolicyStatement> Statements)
{
    public const string Version = "2012-10-17";

    public PolicyDocument(params PolicyStatement[] statements) : this((IReadOnlyList<PolicyStatement>)statements) { }

    public string ToJson() => new JsonObject
    {
        ["Version"] = Version,
        ["Statement"] = new JsonArray(Statements.Select(s => (JsonNode)s.ToJsonNode()).ToArray()),
    }.ToJsonString(Compact);

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
}

public enum PolicyEffect
{
    Allow,
    Deny,
}

/// <summary>One statement. Conditions map an operator (Bool, StringEquals, ...) to a key and its values.</summary>
public sealed record PolicyStatement(
    string Sid,
    PolicyEffect Effect,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Resources,
    PolicyPrincipal? Principal = null,
    IReadOnlyList<PolicyCondition>? Conditions = null)
{
    internal JsonObject ToJsonNode()
    {
        var node = new JsonObject { [nameof(Sid)] = Sid, [nameof(Effect)] = Effect.ToString() };
        if (Principal is not null)
        {
            node[nameof(Principal)] = Principal.ToJsonNode();
        }

        node["Action"] = Strings(Actions);
        node["Resource"] = Strings(Resources);
        if (Conditions is { Count: > 0 })
        {
            var conditions = new JsonObject();
            foreach (var group in Conditions.GroupBy(c => c.Operator))
            {
                conditions[group.Key] = new JsonObject(group.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)Strings(c.Values))));
            }

            node["Condition"] = conditions;
        }

        return node;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}

public sealed record PolicyCondition(string Operator, string Key, IReadOnlyList<string> Values);

/// <summary>A principal: everyone (<c>"*"</c>), or principals of one kind (Service, AWS, Federated).</summary>
public sealed record PolicyPrincipal(string Kind, IReadOnlyList<string> Identifiers)
{
    public static PolicyPrincipal Everyone { get; } = new("*", []);

    public static PolicyPrincipal Service(params string[] services) => new("Service", services);

    internal JsonNode ToJsonNode() =>
        Kind == "*" ? JsonValue.Create("*") : new JsonObject { [Kind] = new JsonArray(Identifiers.Select(i => (JsonNode)JsonValue.Create(i)).ToArray()) };
}
