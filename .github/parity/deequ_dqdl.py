"""The repository's DQDL rulesets on Deequ's open-source DQDL executor (com.amazon.deequ.dqdl.EvaluateDataQuality),
over the curated Parquet the twin published: one CSV of rule outcomes (Rule, Outcome) per ruleset, which the DQDL parity
job compares with the twin's own outcomes (`dataflow parity --key Rule`).

    spark-submit --packages com.amazon.deequ:deequ:VERSION .github/parity/deequ_dqdl.py LAKE RULESETS_DIR OUT_DIR
"""
import csv
import json
import os
import sys

from pyspark.sql import DataFrame, SparkSession


def current_frames(spark, lake, table):
    """The table's rows as the curated commit publishes them: its partition folders, read per version folder."""
    curated = os.path.join(lake, "curated")
    with open(os.path.join(curated, "_commit", "current.json")) as f:
        commit = json.load(f)
    folders = sorted(commit["tables"].get(table, {}).values())
    by_version = {}
    for folder in folders:
        parts = folder.rstrip("/").split("/")
        version = next(i for i, part in enumerate(parts) if part.startswith("run="))
        by_version.setdefault("/".join(parts[: version + 1]), []).append(folder)
    frames = [spark.read.option("basePath", os.path.join(curated, base)).parquet(*[os.path.join(curated, f) for f in group])
              for base, group in by_version.items()]
    if not frames:
        return None
    frame = frames[0]
    for other in frames[1:]:
        frame = frame.unionByName(other)
    return frame


def main():
    lake, rulesets, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    spark = SparkSession.builder.appName("dqdl-parity").config("spark.sql.session.timeZone", "UTC").getOrCreate()
    evaluate = spark._jvm.com.amazon.deequ.dqdl.EvaluateDataQuality
    for name in sorted(os.listdir(rulesets)):
        if not name.endswith(".dqdl"):
            continue
        table = name[: -len(".dqdl")]
        frame = current_frames(spark, lake, table)
        if frame is None:
            print(f"{table}: no published partitions, skipped")
            continue
        with open(os.path.join(rulesets, name)) as f:
            ruleset = f.read()
        outcomes = DataFrame(evaluate.process(frame._jdf, ruleset), spark).select("Rule", "Outcome").collect()
        with open(os.path.join(out, f"{table}.csv"), "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["Rule", "Outcome"])
            writer.writerows((row["Rule"], row["Outcome"]) for row in outcomes)
        print(f"{table}: {len(outcomes)} rule outcomes")
    spark.stop()


if __name__ == "__main__":
    main()
