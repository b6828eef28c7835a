using System.Text.RegularExpressions;
using Dataflow.Contracts;

namespace Dataflow.Infra.Model.Naming;

/// <summary>Physical names of the stack's resources, checked against AWS's rules before a deployment tries them.</summary>
public static partial class ResourceNames
{
    public static string Bucket(LakeLayout layout, string project, string stack, string zone, string accountId)
    {
        if (!AccountId().IsMatch(accountId))
        {
            throw new ArgumentException($"'{accountId}' is not a 12-digit AWS account id", nameof(accountId));
        }

        var name = layout.BucketNameTemplate.Render(new Dictionary<string, string>
        {
            ["project"] = project,
            ["stack"] = stack,
            ["zone"] = zone,
            ["account_id"] = accountId,
        });
        return BucketName().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal)
            ? name
            : throw new ArgumentException($"bucket name '{name}' breaks S3's rules (3-63 lowercase letters, digits, hyphens)", nameof(zone));
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
