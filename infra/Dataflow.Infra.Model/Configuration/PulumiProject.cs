using System.Text.Json;
using Dataflow.Contracts;
using YamlDotNet.RepresentationModel;

namespace Dataflow.Infra.Model.Configuration;

/// <summary>
/// Pulumi.yaml and its Pulumi.&lt;stack&gt;.yaml files read without the Pulumi CLI: the declared config keys with their
/// defaults, and each stack's values, resolved the way Pulumi resolves them (stack value, else project default).
/// </summary>
public sealed record PulumiProject(string Directory, string Name, IReadOnlyDictionary<string, ConfigDeclaration> Declarations)
{
    public static PulumiProject Load(string directory)
    {
        var path = Path.Combine(directory, "Pulumi.yaml");
        var root = LoadMapping(path);
        var name = Scalar(root, "name") ?? throw new StackConfigException($"{path}: name is missing");
        var declarations = new Dictionary<string, ConfigDeclaration>(StringComparer.Ordinal);
        if (root.Children.TryGetValue(new YamlScalarNode("config"), out var config) && config is YamlMappingNode entries)
        {
            foreach (var (keyNode, valueNode) in entries.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value!;
                var fullKey = key.Contains(':', StringComparison.Ordinal) ? key : $"{name}:{key}";
                var spec = valueNode as YamlMappingNode;
                declarations[fullKey] = new ConfigDeclaration(
                    fullKey,
                    spec is null ? "string" : Scalar(spec, "type") ?? "string",
                    spec is null ? null : spec.Children.TryGetValue(new YamlScalarNode("default"), out var d) ? ToText(d) : null,
                    spec is null ? "" : Scalar(spec, "description") ?? "");
            }
        }

        return new PulumiProject(directory, name, declarations);
    }

    public IReadOnlyList<string> Stacks =>
        System.IO.Directory.GetFiles(Directory, "Pulumi.*.yaml")
            .Select(f => Path.GetFileName(f)["Pulumi.".Length..^".yaml".Length])
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The stack file's values; undeclared project keys are an error (a typo would otherwise be ignored).</summary>
    public IReadOnlyDictionary<string, string?> StackValues(string stack)
    {
        var path = Path.Combine(Directory, $"Pulumi.{stack}.yaml");
        var root = LoadMapping(path);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (root.Children.TryGetValue(new YamlScalarNode("config"), out var config) && config is YamlMappingNode entries)
        {
            foreach (var (keyNode, valueNode) in entries.Children)
            {
                values[((YamlScalarNode)keyNode).Value!] = ToText(valueNode);
            }
        }

        var undeclared = values.Keys.Where(k => k.StartsWith($"{Name}:", StringComparison.Ordinal) && !Declarations.ContainsKey(k)).ToArray();
        return undeclared.Length == 0
            ? values
            : throw new StackConfigException(stack, undeclared.Select(k => $"{path}: {k} is not declared in Pulumi.yaml").ToArray());
    }

    public StackConfig Resolve(string stack, SymbolUniverse universe)
    {
        var values = StackValues(stack);
        return StackConfig.Parse(Name, stack, key => values.TryGetValue(key, out var v) ? v : Declarations.GetValueOrDefault(key)?.Default, universe);
    }

    private static YamlMappingNode LoadMapping(string path)
    {
        if (!File.Exists(path))
        {
            throw new StackConfigException($"{path} not found");
        }

        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            try
            {
                stream.Load(reader);
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new StackConfigException($"{path}:{e.Start.Line}:{e.Start.Column}: {e.Message}", e);
            }
        }

        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m
            ? m
            : throw new StackConfigException($"{path}: expected a mapping at the top");
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    /// <summary>Scalars as text, sequences as JSON arrays (as Pulumi's Config.Get returns them), secure values as a marker.</summary>
    private static string? ToText(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value,
        YamlSequenceNode seq => JsonSerializer.Serialize(seq.Children.Select(c => (c as YamlScalarNode)?.Value).ToArray()),
        YamlMappingNode m when m.Children.ContainsKey(new YamlScalarNode("secure")) => "[secret]",
        YamlMappingNode m => JsonSerializer.Serialize(m.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ToText(kv.Value))),
        _ => null,
    };
}

public sealed record ConfigDeclaration(string Key, string Type, string? Default, string Description);
