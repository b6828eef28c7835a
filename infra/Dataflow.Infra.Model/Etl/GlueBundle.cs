using System.Security.Cryptography;
using System.Text;
using Dataflow.Contracts;

namespace Dataflow.Infra.Model.Etl;

/// <summary>One file the Glue job reads from the artifacts bucket: from a repository path, or generated text.</summary>
public sealed record BundleFile(string Key, string? SourcePath, string? Text)
{
    public byte[] Content() => Text is not null ? Encoding.UTF8.GetBytes(Text) : File.ReadAllBytes(SourcePath!);
}

/// <summary>
/// Everything the Glue job reads, under one content-addressed prefix (<c>glue/{hash}/</c>): the script, the pipeline
/// contract (<see cref="PipelineContract.FileName"/>), the ETL models it lists, the DQDL rulesets and the reference
/// seeds. Any change to any of them changes every key, so `pulumi preview` shows it and a running job never sees half
/// an update. <c>Rulesets</c> maps each gated table to its DQDL, which the stack also declares as Glue
/// DataQualityRuleset resources.
/// </summary>
public sealed record GlueBundle(string Prefix, IReadOnlyList<BundleFile> Files, IReadOnlyDictionary<string, string> Rulesets, PipelineContract Pipeline)
{
    public const string ScriptName = "awsdataflowjob.py";

    /// <summary>Where every bundle lives in the artifacts bucket (the job's role reads only below it).</summary>
    public const string KeyRoot = "glue/";

    /// <summary>The curated tables with a quality gate (a DQDL file in glue/rulesets), in name order.</summary>
    public IReadOnlyList<string> GatedTables => Pipeline.GatedTables;

    public string ScriptKey => $"{Prefix}{ScriptName}";
    public string SqlPrefix => $"{Prefix}sql/etl/";
    public string RulesetsPrefix => $"{Prefix}rulesets/";
    public string PipelineKey => $"{Prefix}{PipelineContract.FileName}";
    public string SeedsPrefix => $"{Prefix}seeds/";

    public static GlueBundle FromRepository(Repository repository)
    {
        var pipeline = PipelineContract.Load(repository);
        var relative = new List<(string Key, string? Path, string? Text)>
        {
            (ScriptName, Path.Combine(repository.GlueJobs, ScriptName), null),
            (PipelineContract.FileName, null, pipeline.ToJson()),
        };
        relative.AddRange(pipeline.Etl.SeedFiles(repository.Contracts).Values.Select(f => ($"seeds/{Path.GetFileName(f)}", (string?)f, (string?)null)));
        relative.AddRange(pipeline.Models.Select(m => ($"sql/etl/{m.FileName}", (string?)m.Path, (string?)null)));
        relative.AddRange(pipeline.GatedTables.Select(t => ($"rulesets/{t}.dqdl", (string?)repository.Ruleset(t), (string?)null)));

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, path, text) in relative)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(key + "\n"));
            hash.AppendData(new BundleFile(key, path, text).Content());
        }

        var prefix = $"{KeyRoot}{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}/";
        return new GlueBundle(prefix, relative.Select(r => new BundleFile(prefix + r.Key, r.Path, r.Text)).ToArray(),
            pipeline.GatedTables.ToDictionary(t => t, t => File.ReadAllText(repository.Ruleset(t)), StringComparer.Ordinal), pipeline);
    }

    /// <summary>
    /// A ruleset as a Glue catalog ruleset accepts it: without <c>labels=[...]</c> clauses (severities are read by the job
    /// from the bundle's copy).
    /// </summary>
    public static string WithoutLabels(string dqdl) =>
        System.Text.RegularExpressions.Regex.Replace(dqdl, @"\s*labels\s*=\s*\[(?:""[^""]*""\s*=\s*""[^""]*""\s*,?\s*)+\]", "");

    /// <summary>The job's arguments: the script's own plus Glue's special parameters.</summary>
    public IReadOnlyDictionary<string, string> JobArguments(string rawBucket, string curatedBucket, string artifactsBucket, string evaluationContext, string logGroupPrefix) =>
        ScriptArguments(rawBucket, curatedBucket, artifactsBucket, evaluationContext).Concat(GlueParameters(artifactsBucket, logGroupPrefix))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);

    /// <summary>What the script reads with getResolvedOptions (its ARGUMENTS list, less the ones Glue passes itself).</summary>
    public IReadOnlyDictionary<string, string> ScriptArguments(string rawBucket, string curatedBucket, string artifactsBucket, string evaluationContext) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--raw_bucket"] = rawBucket,
            ["--curated_bucket"] = curatedBucket,
            ["--artifacts_bucket"] = artifactsBucket,
            ["--pipeline_key"] = PipelineKey,
            ["--sql_prefix"] = SqlPrefix,
            ["--rulesets_prefix"] = RulesetsPrefix,
            ["--seeds_prefix"] = SeedsPrefix,
            ["--evaluation_context"] = evaluationContext,
        };

    /// <summary>
    /// Bookmarks off (each run re-derives the curated partitions it touches), metrics on, logs to the job's own groups
    /// (which have a retention; Glue's shared /aws-glue/jobs groups would keep them forever), Spark's scratch space in a
    /// prefix of its own that the job may write and that expires.
    /// </summary>
    public static IReadOnlyDictionary<string, string> GlueParameters(string artifactsBucket, string logGroupPrefix) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--job-bookmark-option"] = "job-bookmark-disable",
            ["--enable-metrics"] = "",
            ["--enable-continuous-cloudwatch-log"] = "true",
            ["--custom-logGroup-prefix"] = logGroupPrefix,
            ["--enable-glue-datacatalog"] = "true",
            ["--TempDir"] = TempDir(artifactsBucket),
        };

    /// <summary>Outside the content-addressed bundle (which the job only reads); the artifacts bucket expires it.</summary>
    public const string TempRoot = "glue-temp/";

    public static string TempDir(string artifactsBucket) => $"s3://{artifactsBucket}/{TempRoot}";
}
