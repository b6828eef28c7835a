using System.Globalization;
using System.Text;
using Dataflow.Quality.Evaluation;
using Dataflow.Quality.Syntax;
using DuckDB.NET.Data;

namespace Dataflow.Quality.Tests;

/// <summary>
/// The engine never crashes: rulesets generated from a vocabulary of DQDL fragments and rulesets mutated from the
/// repository's and the reference's, each linted (parse, validate, print, reparse) and, when valid, evaluated on a small
/// table. The only failure allowed is a <see cref="DqdlException"/>, which the CLI reports with exit 1; anything else is
/// a crash, listed with the input that caused it. Deterministic: the same seed gives the same inputs.
/// </summary>
public sealed class FuzzTests
{
    private const int Cases = 1_500;
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Fragments =
    [
        "(", ")", "[", "]", ",", " and ", " or ", " AND ", " OR ", "=", "!=", ">", ">=", "<", "<=", " between 1 and 2", " not between 1 and 2",
        " in [\"a\",\"b\"]", " not in [1,2]", " matches \"[a-z]+\"", " with threshold > 0.5", " with threshold between 0.1 and 0.9",
        " where \"a > 0\"", " labels=[\"k\"=\"v\"]", " labels=[]", "(now() - 3 days)", "(now() + 99999999999999 days)", "now()",
        "\"99:99\"", "\"24:00\"", "\"9:30 AM\"", "\"2024-13-45\"", "\"2024-01-01\"", "999999999999999999999", "-5", "1.5", "1e5", ".5",
        "NULL", "EMPTY", "WHITESPACES_ONLY", "$v", "v = \"a\"\n", "v = [\"a\", NULL]\n", "#c\n", "#c", "\r\n", "\"", "\\", "\u0000", "é",
        "RowCount", "Completeness \"a\"", "IsComplete \"a\"", "ColumnValues \"a\"", "ColumnValues \"ts\"", "CustomSql \"select count(*) from primary\"",
        "FileSize", "FileMatch", "DetectAnomalies \"RowCount\"", "ReferentialIntegrity \"a\" \"ref.a\"", "DataFreshness \"ts\"", " 3 hours", " 1 MB",
        "Rules = [", "Analyzers = [", "Metadata = { \"Version\": \"1.0\" }\n", "DataSources = { \"Primary\": \"p\" }\n", "DefaultLabels = [\"a\"=\"b\"]\n",
        " with timeZone = \"Mars/Olympus\"", " with timeZone = \"UTC\"", " of ", "Mean \"a\"", "Sum \"a\" > 0", "ColumnLength \"s\" between 1 and 3",
    ];

    private static readonly string[] Rules =
    [
        "RowCount > 0", "IsComplete \"a\"", "Completeness \"a\" >= 0.5", "ColumnValues \"a\" between 0 and 10", "ColumnValues \"s\" in [\"x\",\"y\"]",
        "IsUnique \"a\"", "Mean \"a\" > 1", "ColumnValues \"ts\" > (now() - 30 days)", "DataFreshness \"ts\" <= 24 hours",
        "CustomSql \"select count(*) from primary where a < 0\" = 0", "ColumnLength \"s\" <= 3", "Uniqueness \"s\" > 0.1",
        "ColumnValues \"a\" > 0 with threshold > 0.5", "ColumnValues \"s\" matches \"[a-z]+\"", "StandardDeviation \"a\" < 100",
    ];

    [Test]
    public void Generated_and_mutated_rulesets_never_crash_the_engine()
    {
        var random = new Random(20261203);
        var seeds = DqdlExamples.Files().Concat(RepositoryRulesets()).Select(File.ReadAllText).ToArray();
        var crashes = new List<string>();
        var (valid, invalid) = (0, 0);

        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        using (var create = db.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE t AS SELECT * FROM (VALUES (1, 'x', TIMESTAMP '2026-11-27 10:00:00'), (2, 'yy', TIMESTAMP '2026-11-20 10:00:00'), (NULL, NULL, NULL))
                    AS v(a, s, ts)
                """;
            create.ExecuteNonQuery();
        }

        var evaluator = new DqdlEvaluator(db);
        for (var i = 0; i < Cases; i++)
        {
            var text = (i % 3) switch
            {
                0 => Generated(random),
                1 => Mutated(seeds[random.Next(seeds.Length)], random),
                _ => Mutated(Generated(random), random),
            };
            try
            {
                var document = DqdlDocument.Parse(text, ParseOptions.GlueCompatible);
                var canonical = document.Canonical;
                DqdlDocument.Parse(canonical, ParseOptions.GlueCompatible);
                evaluator.Evaluate(document, new EvaluationInput("t", Now));
                valid++;
            }
            catch (DqdlException)
            {
                invalid++;
            }
#pragma warning disable CA1031 // the point of the test: any other exception is a crash, reported with its input
            catch (Exception e)
#pragma warning restore CA1031
            {
                crashes.Add($"case {i}: {e.GetType().Name}: {e.Message}\n--- input ---\n{text}\n---");
            }
        }

        TestContext.Out.WriteLine($"fuzz: {Cases} rulesets, {valid} valid and evaluated, {invalid} rejected with a message, {crashes.Count} crashes");
        Assert.That(valid, Is.GreaterThan(Cases / 20), "the generator must reach the evaluator, not only the parser");
        Assert.That(crashes, Is.Empty);
    }

    /// <summary>The pipeline's own rulesets (glue/rulesets of the checkout above the test binaries).</summary>
    private static string[] RepositoryRulesets()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var rulesets = Path.Combine(folder.FullName, "glue", "rulesets");
            if (Directory.Exists(rulesets))
            {
                return Directory.GetFiles(rulesets, "*.dqdl");
            }
        }

        return [];
    }

    /// <summary>A ruleset of valid rules joined by and/or, nested in parentheses, with fragments spliced in at random.</summary>
    private static string Generated(Random random)
    {
        var rules = Enumerable.Range(0, random.Next(1, 6)).Select(_ =>
        {
            var rule = Rules[random.Next(Rules.Length)];
            for (var depth = random.Next(0, 4); depth > 0; depth--)
            {
                rule = $"({rule}){(random.Next(2) == 0 ? " and " : " or ")}({Rules[random.Next(Rules.Length)]})";
            }

            return random.Next(5) == 0 ? $"({rule}) labels=[\"k\"=\"{random.Next(100).ToString(CultureInfo.InvariantCulture)}\"]" : rule;
        });
        var text = new StringBuilder("Rules = [ ").AppendJoin(", ", rules).Append(" ]\n").ToString();
        return random.Next(3) == 0 ? Splice(text, Fragments[random.Next(Fragments.Length)], random) : text;
    }

    /// <summary>One to four edits: delete, duplicate or replace a span, splice a fragment, or wrap the text in deep parentheses.</summary>
    private static string Mutated(string text, Random random)
    {
        for (var edits = random.Next(1, 5); edits > 0 && text.Length > 0; edits--)
        {
            var at = random.Next(text.Length);
            var length = Math.Min(random.Next(1, 12), text.Length - at);
            text = random.Next(6) switch
            {
                0 => text.Remove(at, length),
                1 => text.Insert(at, text.Substring(at, length)),
                2 => Splice(text.Remove(at, length), Fragments[random.Next(Fragments.Length)], random),
                3 => Splice(text, Fragments[random.Next(Fragments.Length)], random),
                4 => text.Insert(at, new string('(', random.Next(1, 400))),
                _ => text.Replace(" and ", random.Next(2) == 0 ? " or " : " and (", StringComparison.Ordinal),
            };
        }

        return text;
    }

    private static string Splice(string text, string fragment, Random random) => text.Insert(random.Next(text.Length + 1), fragment);
}
