using System.Text;

namespace Dataflow.Quality.Rules;

/// <summary>The published support matrix (docs/dqdl-support.md), generated from the registry so it cannot drift.</summary>
public static class SupportMatrix
{
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("""
            # DQDL support matrix

            What `local/Dataflow.Quality` does with each rule type of AWS Glue Data Quality's DQDL. Generated from
            `RuleRegistry` by `dataflow quality matrix`; a test fails when this file and the registry disagree.

            - **parse / validate**: every type parses with the full grammar (sections, composites, variables, dynamic
              expressions) and is validated against its parameter count, return type, where/threshold support and labels,
              with Glue's error messages.
            - **evaluate**: ✔ evaluated on DuckDB with Glue/Deequ semantics; — reported as `NotEvaluated` (never passed).
            - **row level**: ✔ the rule yields per-row outcomes (`DataQualityRulesPass/Fail`); — it is listed as skipped.

            | Rule type | Parse | Validate | Evaluate | Row level | As analyzer | Notes |
            |---|---|---|---|---|---|---|

            """);
        foreach (var type in RuleRegistry.All)
        {
            var evaluate = type.Support == EvaluationSupport.Full ? "✔" : "—";
            var row = type.RowLevel && type.Support == EvaluationSupport.Full ? "✔" : "—";
            var analyzer = type.AsAnalyzer ? "✔" : "—";
            var note = type.Note.Length > 0 ? type.Note : type.AsRule ? "" : "analyzer only";
            text.Append($"| {type.Name} | ✔ | ✔ | {evaluate} | {row} | {analyzer} | {note} |\n");
        }

        text.Append("""

            Semantics worth knowing (dqdl.md §2.2, §7): `between` is exclusive; NULL fails every `ColumnValues` operator
            except `!=` and `not in`; `ColumnLength` reads NULL as length 0; `Uniqueness` counts values occurring exactly
            once over rows with at least one non-null column; `StandardDeviation`/`Variance` are population figures;
            `Entropy` uses the natural log; `DistinctValuesCount` counts NULL as a value. Regular expressions run on RE2:
            patterns with lookaround or backreferences are reported as `NotEvaluated`. Composites are combined in Glue's
            COLUMN mode. `last(k)` reads a metric history (none yet: 0.0); `std` over history is the population form.
            `TIME` literals (`"9:30 AM"`) are read in UTC; the `timeZone` tag is not applied. Spark's `current_date()`,
            `current_timestamp()` and `now()` in where clauses and CustomSql read the evaluation's instant, as `now()` does.

            Limits and edge cases: composites and parentheses nest at most 256 levels (an error names the place; Glue states
            no limit). Values the lexer accepts by shape but no engine can read are validation errors with Glue's
            `Error Parsing Date` message: a date that is no calendar date (`"2024-13-45"`), a time of day out of range
            (`"99:99"`; `"24:00"` is accepted), a duration beyond 3,652,059 days; an unknown `timeZone` gives
            `Error Parsing Time Zone`. `FileSize` reads a bare number as bytes; file rules parse with or without paths and
            are not evaluated. Content after the last section is ignored with a warning, as Glue does (`--strict` makes it
            an error; `dataflow validate` checks the repository's rulesets strictly). A last `#` comment needs its newline.
            A fuzz test (1,500 generated and mutated rulesets per run) checks that no input crashes the engine.

            ## Parity with Deequ's DQDL executor

            The `dqdl-parity` job of `.github/workflows/ci.yml` evaluates `glue/rulesets` with Deequ's open-source DQDL
            executor (awslabs/deequ 2.0.10 for Spark 3.5) on the curated Parquet the twin published, and compares the
            outcomes rule by rule with this engine's (`dataflow parity --key Rule`). Its report, uploaded with each run as
            the `parity-dqdl` artifact, is the parity table: which rules agree and which differ. A difference is accepted
            only in `.github/parity/allowed.yaml`, with its reason; none is listed yet, because the job first runs on
            GitHub (no Spark or Maven here). Rules that read additional data sources (`ReferentialIntegrity`, `CustomSql` on
            a reference alias) are expected to differ until the executor is given them.

            """);
        return text.ToString();
    }
}
