using Dataflow.Contracts;
using Dataflow.Infra.Model.Configuration;
using Dataflow.Infra.Model.Naming;

namespace Dataflow.Infra.Model.Storage;

/// <summary>What each of the four lake buckets of a stack is: its name, versioning, lifecycle and tags.</summary>
public static class LakeBuckets
{
    public static IReadOnlyList<BucketSpec> For(StackConfig config, LakeLayout layout, string accountId)
    {
        var r = config.Retention;
        return layout.Zones.Select(zone => new BucketSpec(
            zone,
            ResourceNames.Bucket(layout, config.Project, config.Stack, zone, accountId),
            // Curated too: a partition folder or commit overwritten or deleted by mistake can be restored.
            Versioned: zone is LakeLayout.Raw or LakeLayout.Curated or LakeLayout.Artifacts,
            zone switch
            {
                // Raw is the system of record: nothing expires, old versions and cold objects move to cheaper storage.
                LakeLayout.Raw =>
                [
                    new LifecycleRule("raw-to-infrequent-access", "", TransitionDays: r.RawInfrequentAccessDays, TransitionStorageClass: "STANDARD_IA",
                        NoncurrentVersionExpirationDays: r.RawNoncurrentVersionDays),
                ],
                // Partition folders a commit retires are deleted by the next run; their versions expire like artifacts'.
                LakeLayout.Curated => [new LifecycleRule("curated-retired-versions", "", NoncurrentVersionExpirationDays: r.ArtifactsNoncurrentVersionDays)],
                LakeLayout.AthenaResults => [new LifecycleRule("athena-results-expire", "", ExpirationDays: r.AthenaResultsDays)],
                LakeLayout.Artifacts =>
                [
                    new LifecycleRule("artifacts-old-versions", "", NoncurrentVersionExpirationDays: r.ArtifactsNoncurrentVersionDays),
                    // The Glue job's scratch space: nothing there outlives a week.
                    new LifecycleRule("glue-temp-expire", Etl.GlueBundle.TempRoot, ExpirationDays: 7, NoncurrentVersionExpirationDays: 1),
                ],
                _ => throw new InvalidOperationException($"zone '{zone}' has no lifecycle policy"),
            },
            ResourceTags.For(config, component: "data-lake", zone))
        {
            Protected = config.ProtectData && zone is LakeLayout.Raw or LakeLayout.Curated,
        }).ToArray();
    }
}

/// <summary>The stack's server access-log bucket: every lake bucket's requests, kept 90 days.</summary>
public static class AccessLogBucket
{
    public const string Zone = "access-logs";
    public const int RetentionDays = 90;

    public static BucketSpec For(StackConfig config, LakeLayout layout, string accountId) => new(
        Zone,
        ResourceNames.Bucket(layout, config.Project, config.Stack, Zone, accountId),
        Versioned: false,
        [new LifecycleRule("access-logs-expire", "", ExpirationDays: RetentionDays)],
        ResourceTags.For(config, component: "data-lake", Zone));
}

/// <summary>One lake bucket of a stack in an account.</summary>
public sealed record BucketSpec(
    string Zone,
    string Name,
    bool Versioned,
    IReadOnlyList<LifecycleRule> LifecycleRules,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The bucket and its settings are protected and retained on delete (<see cref="StackConfig.ProtectData"/>).</summary>
    public bool Protected { get; init; }
}
