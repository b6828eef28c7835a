using System.Text.RegularExpressions;
using Dataflow.Contracts;
using Dataflow.Ingestion;

namespace Dataflow.Twin.Ingest;

/// <summary>What the lake's raw zone holds, read by lake.yaml's layouts: the run manifests the ingest stage wrote.</summary>
public static class RawZone
{
    /// <summary>
    /// Every run manifest of the raw zone, oldest run first. A run without a manifest (still running, or killed) is not
    /// there: its objects are not complete, and no stage reads them. Neither is a run whose manifest cannot be read: it
    /// is listed in <see cref="ManifestScan.Unreadable"/> for the caller to report, and waits until it is restored.
    /// </summary>
    public static ManifestScan Manifests(TwinPaths paths) => Manifests(paths, _ => true);

    /// <summary>The manifests of the runs <paramref name="wanted"/> selects by run id (the others are listed, not read).</summary>
    public static ManifestScan Manifests(TwinPaths paths, Func<string, bool> wanted)
    {
        var read = new List<RunManifest>();
        var unreadable = new List<UnreadableManifest>();
        foreach (var (file, runId) in ManifestFiles(paths).Where(m => wanted(m.RunId)))
        {
            if (TryRead(file, out var manifest, out var problem))
            {
                read.Add(manifest);
            }
            else
            {
                unreadable.Add(new UnreadableManifest(paths.Relative(file), runId, problem));
            }
        }

        return new ManifestScan(read, unreadable);
    }

    /// <summary>Every run id that has a manifest, oldest first.</summary>
    public static IReadOnlyList<string> ManifestedRuns(TwinPaths paths) => ManifestFiles(paths).Select(m => m.RunId).ToArray();

    private static (string File, string RunId)[] ManifestFiles(TwinPaths paths)
    {
        var layout = paths.Layout;
        var raw = paths.Zone(LakeLayout.Raw);
        var folder = paths.Key(LakeLayout.Raw, layout.RunManifest.FolderPrefix);
        var runId = new Regex(layout.FieldRegex(layout.RunManifest, "run_id"));
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => (File: f, Match: runId.Match(Path.GetRelativePath(raw, f).Replace('\\', '/'))))
            .Where(m => m.Match.Success)
            .Select(m => (m.File, RunId: m.Match.Groups[1].Value))
            .OrderBy(m => m.RunId, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The objects of <paramref name="manifests"/> that hold responses, with what each manifest says about them.</summary>
    public static IReadOnlyList<RawObject> Objects(TwinPaths paths, IEnumerable<RunManifest> manifests)
    {
        var zones = ExchangeTimeZones(paths);
        return manifests.SelectMany(m => m.Symbols.SelectMany(s => s.Keys.Select(key => new RawObject(
                key, m.RunId, paths.Layout.RunIds.Parse(m.RunId).IngestDate, s.Symbol, m.Interval,
                DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(m.StartedUtc, zones.GetValueOrDefault(s.Symbol, TimeZoneInfo.Utc)).DateTime)))))
            .ToArray();
    }

    private static Dictionary<string, TimeZoneInfo> ExchangeTimeZones(TwinPaths paths) =>
        SymbolUniverse.Load(paths.Contracts).Symbols.ToDictionary(s => s.Symbol, s => TimeZoneInfo.TryFindSystemTimeZoneById(s.Timezone, out var zone)
            ? zone
            : throw new TwinException($"{s.Symbol}: time zone '{s.Timezone}' of {paths.Relative(paths.Contracts.Symbols)} is unknown to this machine (install tzdata)"),
            StringComparer.Ordinal);

    private static bool TryRead(string file, out RunManifest manifest, out string problem)
    {
        try
        {
            manifest = RunManifest.FromJson(File.ReadAllBytes(file));
            problem = "";
            return true;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or InvalidOperationException or FormatException or NullReferenceException)
        {
            manifest = null!;
            problem = e.Message;
            return false;
        }
    }

    /// <summary>
    /// The newest readable run manifest of the raw zone (the greatest run id of lake.yaml's run_manifest keys): the as-of
    /// time of the lake. Unreadable newer ones are skipped (a transform reports them).
    /// </summary>
    public static RunManifest NewestManifest(TwinPaths paths)
    {
        var newest = ManifestFiles(paths).Reverse()
            .Select(m => TryRead(m.File, out var manifest, out _) ? manifest : null)
            .FirstOrDefault(m => m is not null);
        return newest ?? throw new TwinException($"no readable run manifest under {paths.Key(LakeLayout.Raw, paths.Layout.RunManifest.FolderPrefix)} "
            + $"({paths.Layout.RunManifest.Template}): run `dataflow ingest` first");
    }
}

/// <summary>The run manifests a stage read, and those it could not (reported, never read as if empty).</summary>
public sealed record ManifestScan(IReadOnlyList<RunManifest> Read, IReadOnlyList<UnreadableManifest> Unreadable);

/// <summary>A run manifest that is not valid JSON of the manifest's shape: its run waits until it is restored.</summary>
public sealed record UnreadableManifest(string Path, string RunId, string Problem)
{
    public override string ToString() =>
        $"run manifest {Path} is not readable ({Problem}): run {RunId} is skipped until the manifest is restored (the bucket keeps its versions) or removed";
}
