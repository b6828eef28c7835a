namespace Dataflow.Cli.Tests;

public sealed class CalendarCommandTests
{
    [Test]
    public void Out_replaces_the_file_with_what_standard_output_prints()
    {
        var folder = Directory.CreateTempSubdirectory("dataflow-calendar-").FullName;
        try
        {
            var file = Path.Combine(folder, "trading_sessions.csv");
            File.WriteAllText(file, "an older seed");
            string[] range = ["calendar", "--from", "2025-01-01", "--to", "2025-01-31"];

            var printed = Dataflow.Run(range);
            var written = Dataflow.Run([.. range, "--out", file]);

            Assert.That(written.ExitCode, Is.Zero, written.Error);
            Assert.That(File.ReadAllText(file), Is.EqualTo(printed.Output));
            Assert.That(written.Output, Does.Contain($"sessions to {file}"));
            Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { file }), "no temporary file left");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
