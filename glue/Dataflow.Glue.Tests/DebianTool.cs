using System.Diagnostics;

namespace Dataflow.Glue.Tests;

/// <summary>
/// A command-line tool from Debian's packages, installed on first use when missing (these machines run tests as root),
/// so <c>dotnet test</c> works on a fresh machine; <c>.ci/run</c> installs the same packages up front.
/// </summary>
internal static class DebianTool
{
    public static string Require(string command, string package)
    {
        if (Which(command) is { } path)
        {
            return path;
        }

        Run("apt-get", $"install -y -qq {package}", allowFailure: true);
        if (Which(command) is null)
        {
            Run("apt-get", "update -qq", allowFailure: false);
            Run("apt-get", $"install -y -qq {package}", allowFailure: false);
        }

        return Which(command) ?? throw new InvalidOperationException($"{command} is missing and `apt-get install {package}` did not provide it");
    }

    public static (int ExitCode, string Output) Run(string file, string arguments, bool allowFailure)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 || allowFailure
            ? (process.ExitCode, output)
            : throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {output}");
    }

    /// <summary>The first of the commands found on PATH (e.g. a runner's preinstalled google-chrome for chromium).</summary>
    public static string? Which(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists);
}
