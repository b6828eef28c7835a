using System.Diagnostics;

namespace Dataflow.Cli;

/// <summary>
/// The process's peak resident memory over one phase of a benchmark. On Linux the kernel's high-water mark (VmHWM) is
/// reset at the start of the phase (<c>/proc/self/clear_refs</c>, value 5), so generating the data beforehand does not
/// count against the ETL; elsewhere the peak is since the process started, and says so.
/// </summary>
internal sealed class PeakMemory
{
    private const string Status = "/proc/self/status";
    private const string ClearRefs = "/proc/self/clear_refs";

    private readonly bool _resettable;

    private PeakMemory(bool resettable, double startMiB) => (_resettable, StartMiB) = (resettable, startMiB);

    /// <summary>Resident memory when the phase started (what earlier phases left in the process).</summary>
    public double StartMiB { get; }

    /// <summary>Starts a phase: from here on, <see cref="MiB"/> is the peak of this phase only where the OS allows it.</summary>
    public static PeakMemory Start()
    {
        // What an earlier phase left for the collector is not this phase's memory.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var resident = Environment.WorkingSet / (1024.0 * 1024);
        try
        {
            File.WriteAllText(ClearRefs, "5");
            return new PeakMemory(File.Exists(Status), resident);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new PeakMemory(false, resident);
        }
    }

    /// <summary>What the figure covers, for the benchmark's legend.</summary>
    public string Scope => _resettable ? "peak resident memory of the phase (VmHWM)" : "peak working set since the process started";

    public double MiB()
    {
        if (_resettable)
        {
            var line = File.ReadLines(Status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], out var kib))
            {
                return kib / 1024.0;
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);
    }
}
