using System.Text.Json;
using Json.Schema;

namespace Dataflow.QuickSight;

/// <summary>
/// Validates resource properties against the CloudFormation registry schemas (quicksight/schemas, draft-07: the AWS
/// keywords such as <c>tagging</c> and <c>handlers</c> are ignored). Each error names the JSON path of the instance.
/// </summary>
public sealed class SchemaValidator
{
    private readonly Dictionary<string, JsonSchema> _schemas = [];

    public SchemaValidator(string folder)
    {
        foreach (var (type, file) in Files)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                throw new QuickSightException($"schema of {type} not found: {path}");
            }

            _schemas[type] = JsonSchema.FromText(File.ReadAllText(path), new BuildOptions { Dialect = Dialect.Draft07, SchemaRegistry = new SchemaRegistry() });
        }
    }

    /// <summary>Each type's schema as JSON (what <see cref="AwsNativeProperties"/> walks to tell maps from objects).</summary>
    public static IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonObject> LoadJson(string folder) =>
        Files.ToDictionary(f => f.Key, f => System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, f.Value)))!.AsObject(), StringComparer.Ordinal);

    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["AWS::QuickSight::Analysis"] = "aws-quicksight-analysis.json",
        ["AWS::QuickSight::Dashboard"] = "aws-quicksight-dashboard.json",
        ["AWS::QuickSight::DataSet"] = "aws-quicksight-dataset.json",
        ["AWS::QuickSight::DataSource"] = "aws-quicksight-datasource.json",
    };

    public IReadOnlyList<ValidationIssue> Validate(QuickSightResource resource)
    {
        using var doc = JsonDocument.Parse(resource.Properties.ToJsonString());
        var results = _schemas[resource.TypeName].Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => new ValidationIssue(resource.File, d.InstanceLocation.ToString() is { Length: > 0 } p ? p : "/", Message(d, e.Key, e.Value))))
            .Distinct()
            .ToArray();
    }

    /// <summary>
    /// A key the schema does not allow fails against <c>additionalProperties: false</c>, which the library reports as a
    /// keyword-less "false schema" error: say which key it is.
    /// </summary>
    private static string Message(EvaluationResults detail, string keyword, string message)
    {
        if (keyword.Length > 0)
        {
            return $"{keyword}: {message}";
        }

        var rule = detail.EvaluationPath.ToString().Split('/').LastOrDefault(s => s.Length > 0) ?? "schema";
        var key = detail.InstanceLocation.ToString().Split('/').LastOrDefault() ?? "";
        return rule == "additionalProperties" ? $"additionalProperties: unknown key '{key}'" : $"{rule}: {message}";
    }
}
