using Dataflow.Contracts;
using Dataflow.Ingestion;
using Dataflow.QuickSight;
using Dataflow.Twin.Etl;
using Dataflow.Twin.Ingest;
using Dataflow.Twin.Query;

namespace Dataflow.Twin.Report;

public sealed record ReportOutput(string Path, int Visuals, IReadOnlyList<string> Notes);

/// <summary>
/// Writes the report of the lake: the last run's sections (kept beside the page) and the dashboard preview rendered
/// from the QuickSight JSON on a catalog of the curated zone, as Athena and QuickSight read only what was published.
/// </summary>
public static class TwinReport
{
    public const string PageFile = "run-report.html";
    public const string SectionsFile = "run-sections.html";

    /// <summary>The report stage of a run, on the catalog its query stage registered.</summary>
    public static ReportOutput Write(TwinPaths paths, DuckDbSession catalog, string runSections, DateTime asOf)
    {
        Directory.CreateDirectory(paths.Reports);
        File.WriteAllText(Path.Combine(paths.Reports, SectionsFile), runSections);
        return Render(paths, catalog, runSections, asOf);
    }

    /// <summary><c>dataflow report</c>: re-renders the page after a change to quicksight/, without re-running the ETL.</summary>
    public static ReportOutput Rewrite(TwinPaths paths)
    {
        var sections = Path.Combine(paths.Reports, SectionsFile);
        if (!File.Exists(sections))
        {
            throw new TwinException($"no run in {paths.Lake} ({sections} is missing): run `dataflow run` or `dataflow transform` first");
        }

        using var catalog = new DuckDbSession();
        CuratedCatalog.Register(catalog, paths, CuratedSchema.Load(paths.Contracts));
        return Render(paths, catalog, File.ReadAllText(sections), RawZone.NewestManifest(paths).StartedUtc.UtcDateTime);
    }

    private static ReportOutput Render(TwinPaths paths, DuckDbSession catalog, string runSections, DateTime asOf)
    {
        var preview = DashboardPreview.Render(QuickSightAssets.Load(paths.QuickSight), catalog, asOf);
        var page = Path.Combine(paths.Reports, PageFile);
        File.WriteAllText(page, RunReport.Page(runSections, preview));
        return new ReportOutput(page, preview.Sheets.Sum(s => s.Visuals.Count), preview.Notes);
    }
}
