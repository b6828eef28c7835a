using Dataflow.Contracts;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Dataflow.Infra;

/// <summary>
/// The whole pipeline of one stack, stage by stage in the order data flows. Each stage is one component; later issues
/// add ingestion, ETL, analytics, dashboards and monitoring below the lake.
/// </summary>
public sealed class DataflowStack : Stack
{
    public DataflowStack()
    {
        var config = StackConfigReader.Read();
        var layout = LakeLayout.Load();
        var accountId = Aws.GetCallerIdentity.Invoke().Apply(identity => identity.AccountId);

        var lake = new DataLake("lake", new DataLakeArgs(config, layout, accountId));

        RawBucketName = lake.BucketName(LakeLayout.Raw);
        CuratedBucketName = lake.BucketName(LakeLayout.Curated);
        AthenaResultsBucketName = lake.BucketName(LakeLayout.AthenaResults);
        ArtifactsBucketName = lake.BucketName(LakeLayout.Artifacts);
    }

    [Output("rawBucketName")]
    public Output<string> RawBucketName { get; private set; }

    [Output("curatedBucketName")]
    public Output<string> CuratedBucketName { get; private set; }

    [Output("athenaResultsBucketName")]
    public Output<string> AthenaResultsBucketName { get; private set; }

    [Output("artifactsBucketName")]
    public Output<string> ArtifactsBucketName { get; private set; }
}
