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
/// Everything the Glue job reads, under one content-addressed prefix (<c>glue/{hash}/</c>): the script, the ETL SQL,
/// the DQDL rulesets, the reference seeds (symbols, trading sessions) and the curated contract JSON. Any change to any of them changes every key, so
/// `pulumi preview` shows it and a running job never sees half an update. <c>Rulesets</c> maps each gated table to its DQDL,
/// which the stack also declares as Glue DataQualityRuleset resources.
/// </summary>
public sealed record GlueBundle(string Prefix, IReadOnlyList<BundleFile> Files, IReadOnlyDictionary<string, string> Rulesets)
{
    /// <summary>The curated tables with a quality gate (a DQDL file in glue/rulesets), in name order.</summary>
    public IReadOnlyList<string> GatedTables => [.. Rulesets.Keys.Order(StringComparer.Ordinal)];

    public const string ScriptName = "awsdataflowjob.py";

    public string ScriptKey => $"{Prefix}{ScriptName}";
    public string SqlPrefix => $"{Prefix}sql/etl/";
    public string RulesetsPrefix => $"{Prefix}rulesets/";
    public string ContractsKey => $"{Prefix}contracts/curated_tables.json";
    public string SeedsPrefix => $"{Prefix}seeds/";

    public static GlueBundle FromRepository(string root)
    {
        var contracts = ContractFiles.FromRepository(root);
        var rulesets = Directory.GetFiles(Path.Combine(root, "glue", "rulesets"), "*.dqdl").Order(StringComparer.Ordinal).ToArray();
        var tablesWithRulesets = rulesets.Select(f => Path.GetFileNameWithoutExtension(f)!).ToHashSet(StringComparer.Ordinal);
        var relative = new List<(string Key, string? Path, string? Text)>
        {
            (ScriptName, Path.Combine(root, "glue", "jobs", ScriptName), null),
            ("seeds/symbols.csv", contracts.Symbols, null),
            ("seeds/trading_sessions.csv", contracts.TradingSessions, null),
            ("contracts/curated_tables.json", null, CuratedContractJson.Render(CuratedSchema.Load(contracts), tablesWithRulesets.Contains)),
        };
        relative.AddRange(Directory.GetFiles(Path.Combine(root, "sql", "etl"), "*.sql").Order(StringComparer.Ordinal)
            .Select(f => ($"sql/etl/{Path.GetFileName(f)}", (string?)f, (string?)null)));
        relative.AddRange(rulesets.Select(f => ($"rulesets/{Path.GetFileName(f)}", (string?)f, (string?)null)));

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, path, text) in relative)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(key + "\n"));
            hash.AppendData(new BundleFile(key, path, text).Content());
        }

        var prefix = $"glue/{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}/";
        return new GlueBundle(prefix, relative.Select(r => new BundleFile(prefix + r.Key, r.Path, r.Text)).ToArray(),
            rulesets.ToDictionary(f => Path.GetFileNameWithoutExtension(f)!, f => File.ReadAllText(f), StringComparer.Ordinal));
    }

    /// <summary>The job's arguments: the script's own plus Glue's special parameters.</summary>
    public IReadOnlyDictionary<string, string> JobArguments(string rawBucket, string curatedBucket, string artifactsBucket, string evaluationContext) =>
        ScriptArguments(rawBucket, curatedBucket, artifactsBucket, evaluationContext).Concat(GlueParameters(artifactsBucket))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);

    /// <summary>What the script reads with getResolvedOptions (its ARGUMENTS list, less Glue's JOB_NAME).</summary>
    public IReadOnlyDictionary<string, string> ScriptArguments(string rawBucket, string curatedBucket, string artifactsBucket, string evaluationContext) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--raw_bucket"] = rawBucket,
            ["--curated_bucket"] = curatedBucket,
            ["--artifacts_bucket"] = artifactsBucket,
            ["--sql_prefix"] = SqlPrefix,
            ["--rulesets_prefix"] = RulesetsPrefix,
            ["--contracts_key"] = ContractsKey,
            ["--seeds_prefix"] = SeedsPrefix,
            ["--evaluation_context"] = evaluationContext,
        };

    /// <summary>Bookmarks off (each run re-derives the curated partitions it touches), metrics and continuous logs on.</summary>
    public static IReadOnlyDictionary<string, string> GlueParameters(string artifactsBucket) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--job-bookmark-option"] = "job-bookmark-disable",
            ["--enable-metrics"] = "",
            ["--enable-continuous-cloudwatch-log"] = "true",
            ["--enable-glue-datacatalog"] = "true",
            ["--TempDir"] = $"s3://{artifactsBucket}/glue/tmp/",
        };
}
