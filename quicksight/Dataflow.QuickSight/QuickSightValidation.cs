namespace Dataflow.QuickSight;

/// <summary>Everything <c>dataflow validate</c> checks of quicksight/: the CloudFormation schemas, then the semantic lint.</summary>
public static class QuickSightValidation
{
    public static IReadOnlyList<ValidationIssue> Validate(QuickSightAssets assets, string schemaFolder, StackValues? stack = null)
    {
        var resources = StackResources.Render(assets, stack ?? StackValues.Example);
        var schemas = new SchemaValidator(schemaFolder);
        var issues = resources.SelectMany(schemas.Validate).ToList();
        var dataSets = resources.Where(r => r.TypeName == "AWS::QuickSight::DataSet").ToArray();
        issues.AddRange(DefinitionLint.Check(resources.Single(r => r.Name == "analysis"), dataSets));
        return issues;
    }
}
