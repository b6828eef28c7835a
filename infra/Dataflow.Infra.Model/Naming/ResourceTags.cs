using Dataflow.Infra.Model.Configuration;

namespace Dataflow.Infra.Model.Naming;

/// <summary>The tags every resource of the stack carries, so cost and ownership reports group by stage.</summary>
public static class ResourceTags
{
    public static IReadOnlyDictionary<string, string> For(StackConfig config, string component, string? zone = null)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["project"] = config.Project,
            ["stack"] = config.Stack,
            ["component"] = component,
            ["managed-by"] = "pulumi",
        };
        if (zone is not null)
        {
            tags["zone"] = zone;
        }

        return tags;
    }
}
