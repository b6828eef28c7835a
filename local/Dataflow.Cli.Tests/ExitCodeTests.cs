namespace Dataflow.Cli.Tests;

/// <summary>
/// Every input a new user tried that ended in a stack trace, a silent default or an undocumented code: each now exits 1
/// with one message naming the problem (README, "Exit codes").
/// </summary>
public sealed class ExitCodeTests
{
    private static void AssertRefused((int ExitCode, string Output, string Error) result, string message)
    {
        Assert.That(result.ExitCode, Is.EqualTo(1), result.Error + result.Output);
        Assert.That(result.Error + result.Output, Does.Contain(message));
        Assert.That(result.Error + result.Output, Does.Not.Contain("   at ").And.Not.Contain("Unhandled exception"), "no stack trace");
    }

    [Test]
    public void A_reversed_calendar_range_is_refused() =>
        AssertRefused(Dataflow.Run("calendar", "--from", "2026-05-01", "--to", "2026-01-01"), "--from 2026-05-01 is after --to 2026-01-01");

    [Test]
    public void A_calendar_range_past_the_last_computable_day_is_refused() =>
        AssertRefused(Dataflow.Run("calendar", "--from", "9999-12-01", "--to", "9999-12-31"), "the last day the calendars are computed for");

    [Test]
    public void Calendar_parses_dates_as_run_does() =>
        AssertRefused(Dataflow.Run("calendar", "--from", "01/02/2026"), "--from '01/02/2026' is not a date in yyyy-MM-dd form");

    [Test]
    public void A_run_past_the_calendars_is_refused() =>
        AssertRefused(Dataflow.Run("run", "--to", "9999-12-31", "--lake", Path.Combine(Path.GetTempPath(), $"dataflow-never-{Guid.NewGuid():N}")), "--to 9999-12-31 is after");

    [Test]
    public void Validate_outside_a_checkout_is_refused() =>
        AssertRefused(Dataflow.Run("validate", "--repo", "/nonexistent"), "not an AWS Dataflow checkout");

    [Test]
    public void A_query_outside_a_checkout_is_refused()
    {
        var outside = Directory.CreateTempSubdirectory("dataflow-outside-").FullName;
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "dataflow.dll"), "query", "symbol_performance"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = outside,
            };
            using var process = System.Diagnostics.Process.Start(start)!;
            var error = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();

            AssertRefused((process.ExitCode, "", error), "not inside an AWS Dataflow checkout");
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Test]
    public void Linting_a_folder_is_refused() =>
        AssertRefused(Dataflow.Run("quality", "lint", Path.GetTempPath()), "is a folder: lint takes one ruleset file");

    [TestCase("", "names no symbol")]
    [TestCase(",", "names no symbol")]
    [TestCase("AAPL,,MSFT", "has an empty entry")]
    public void Empty_symbol_lists_are_refused(string symbols, string message) =>
        AssertRefused(Dataflow.Run("run", "--symbols", symbols), message);

    [Test]
    public void A_usage_error_exits_1_as_the_readme_says() =>
        AssertRefused(Dataflow.Run("run", "--no-such-option"), "--no-such-option");

    [Test]
    public void A_table_redirected_to_a_file_keeps_each_row_on_one_line()
    {
        var folder = Directory.CreateTempSubdirectory("dataflow-table-").FullName;
        try
        {
            const string rule = "CustomSql \"select count(*) from primary where price is not null and price between 0 and 1000000 and symbol is not null\" > 0";
            var ruleset = Path.Combine(folder, "wide.dqdl");
            var data = Path.Combine(folder, "bars.csv");
            File.WriteAllText(ruleset, $"Rules = [ {rule} ]\n");
            File.WriteAllText(data, "symbol,price\nAAPL,123456.789012\n");

            var result = Dataflow.Run("quality", "check", "--ruleset", ruleset, "--data", data);

            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(result.Output.Split('\n'), Has.Some.Contains(rule.Replace("\"", "\"", StringComparison.Ordinal)), "the rule on one line, not wrapped at 80 columns");
            Assert.That(result.Output, Does.Not.Contain("╭").And.Not.Contain("\u001b["), "plain text: no box drawing, no colour");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Quality_check_prints_csv_on_request()
    {
        var folder = Directory.CreateTempSubdirectory("dataflow-csv-").FullName;
        try
        {
            var ruleset = Path.Combine(folder, "r.dqdl");
            var data = Path.Combine(folder, "bars.csv");
            File.WriteAllText(ruleset, "Rules = [ RowCount > 5, IsComplete \"symbol\" ]\n");
            File.WriteAllText(data, "symbol,price\nAAPL,1\n");

            var result = Dataflow.Run("quality", "check", "--ruleset", ruleset, "--data", data, "--csv");

            Assert.That(result.ExitCode, Is.EqualTo(1), "a rule failed");
            Assert.That(result.Output.Split('\n')[0].Trim(), Is.EqualTo("Rule,Outcome,FailureReason"));
            Assert.That(result.Output, Does.Contain("RowCount > 5,Failed,").And.Contain("\"IsComplete \"\"symbol\"\"\",Passed,"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Parity_of_folders_that_hold_neither_side_is_refused()
    {
        var empty = Directory.CreateTempSubdirectory("dataflow-parity-empty-").FullName;
        try
        {
            AssertRefused(Dataflow.Run("parity", empty, empty), "holds neither a curated zone (curated/) nor query results (*.csv)");
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
