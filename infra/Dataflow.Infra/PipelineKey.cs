using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Naming;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

/// <summary>
/// The stack's customer-managed key (rotated yearly) for the API key parameter and the Glue job's logs and bookmarks,
/// under the alias the roles' policies name (<see cref="PipelineKeyPolicy"/> says who may use it).
/// </summary>
public sealed class PipelineKey : ComponentResource
{
    public PipelineKey(string name, StackResourceNames names, IReadOnlyDictionary<string, string> tags, ComponentResourceOptions? options = null)
        : base("dataflow:security:PipelineKey", name, options)
    {
        var key = new Aws.Kms.Key("key", new Aws.Kms.KeyArgs
        {
            Description = $"{names.PipelineKeyAlias}: the Twelve Data key parameter, the Glue job's logs and bookmarks",
            EnableKeyRotation = true,
            DeletionWindowInDays = 30,
            Policy = PipelineKeyPolicy.For(names).ToJson(),
            Tags = tags.ToDictionary(),
        }, new CustomResourceOptions { Parent = this });
        var alias = new Aws.Kms.Alias("alias", new Aws.Kms.AliasArgs { Name = names.PipelineKeyAlias, TargetKeyId = key.KeyId }, new CustomResourceOptions { Parent = this });

        // Consumers wait for the alias too: the roles' policies name the key by it.
        Arn = Output.Tuple(key.Arn, alias.Name).Apply(t => t.Item1);
        RegisterOutputs();
    }

    [Output("arn")]
    public Output<string> Arn { get; private set; }
}
