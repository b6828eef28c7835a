using System.Text.RegularExpressions;
using Dataflow.Contracts;
using Dataflow.Ingestion;

namespace Dataflow.Twin.Ingest;

/// <summary>What the lake's raw zone holds, read by lake.yaml's layouts: the run manifests the ingest stage wrote.</summary>
public static class RawZone
{
    /// <summary>
    /// Every run manifest of the raw zone, oldest run first. A run without a manifest (still running, or killed) is not
    /// there: its objects are not complete, and no stage reads them. A manifest that cannot be read is an error naming it.
    /// </summary>
    public static IReadOnlyList<RunManifest> Manifests(TwinPaths paths) => Manifests(paths, _ => true);

    /// <summary>The manifests of the runs <paramref name="wanted"/> selects by run id (the others are listed, not read).</summary>
    public static IReadOnlyList<RunManifest> Manifests(TwinPaths paths, Func<string, bool> wanted) =>
        ManifestFiles(paths).Where(m => wanted(m.RunId)).Select(m => Read(m.File)).ToArray();

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

    private static RunManifest Read(string file)
    {
        try
        {
            return RunManifest.FromJson(File.ReadAllBytes(file));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new TwinException($"run manifest {file} is not readable ({e.Message}): move it aside to skip that run, or restore it from the bucket's versions");
        }
    }

    /// <summary>The newest run manifest of the raw zone (the greatest run id of lake.yaml's run_manifest keys): the as-of time of the lake.</summary>
    public static RunManifest NewestManifest(TwinPaths paths)
    {
        var layout = paths.Layout;
        var raw = paths.Zone(LakeLayout.Raw);
        var manifests = paths.Key(LakeLayout.Raw, layout.RunManifest.FolderPrefix);
        var runId = new Regex(layout.FieldRegex(layout.RunManifest, "run_id"));
        var newest = Directory.Exists(manifests)
            ? Directory.GetFiles(manifests, "*", SearchOption.AllDirectories)
                .Select(f => (File: f, Match: runId.Match(Path.GetRelativePath(raw, f).Replace('\\', '/'))))
                .Where(m => m.Match.Success)
                .OrderByDescending(m => m.Match.Groups[1].Value, StringComparer.Ordinal)
                .Select(m => m.File)
                .FirstOrDefault()
            : null;
        return newest is null
            ? throw new TwinException($"no run manifest under {manifests} ({layout.RunManifest.Template}): run `dataflow ingest` first")
            : Read(newest);
    }
}
