using Dataflow.Infra.Model.Iam;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

/// <summary>An IAM role that one AWS service assumes, with its one inline policy from <see cref="PipelinePolicies"/>.</summary>
internal static class ServiceRole
{
    public static Aws.Iam.Role Declare(string name, string service, PolicyDocument policy, Dataflow.Infra.Model.Naming.StackResourceNames names,
        IReadOnlyDictionary<string, string> tags, Resource parent)
    {
        var role = new Aws.Iam.Role($"{name}-role", new Aws.Iam.RoleArgs
        {
            Path = names.RolePath,
            AssumeRolePolicy = PipelinePolicies.AssumedBy(service, names).ToJson(),
            Tags = tags.ToDictionary(),
        }, new CustomResourceOptions { Parent = parent });
        new Aws.Iam.RolePolicy($"{name}-policy", new Aws.Iam.RolePolicyArgs
        {
            Role = role.Id,
            Policy = policy.ToJson(),
        }, new CustomResourceOptions { Parent = parent });
        return role;
    }
}
