using System.Text.RegularExpressions;
using Dataflow.Contracts;
using Dataflow.Ingestion;

namespace Dataflow.Twin.Ingest;

/// <summary>What the lake's raw zone holds, read by lake.yaml's layouts: the run manifests the ingest stage wrote.</summary>
public static class RawZone
{
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
            : RunManifest.FromJson(File.ReadAllBytes(newest));
    }
}
