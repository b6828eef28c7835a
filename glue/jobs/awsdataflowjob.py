"""AWS Dataflow ETL job (Glue 5, PySpark): a thin driver around the shared SQL.

raw zone JSON -> stg_time_series_values (the staging contract of sql/etl/README.md)
              -> sql/etl models, in file-name order, as temporary views (the same files the twin runs on DuckDB)
              -> DQDL gate on every table with a ruleset (the ones the twin evaluates; failed rows quarantined)
              -> curated Parquet, dynamic partition overwrite (re-running a day rewrites only its partitions)

Job arguments (set by the Pulumi program): --raw_bucket, --curated_bucket, --artifacts_bucket, --sql_prefix,
--rulesets_prefix, --contracts_key (curated_tables.json), --seeds_prefix (REFERENCE_SEEDS), --evaluation_context.
"""
import json
import sys

import boto3
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.transforms import SelectFromCollection
from awsglue.utils import getResolvedOptions
from awsgluedq.transforms import EvaluateDataQuality
from pyspark.context import SparkContext
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, MapType, StringType, StructField, StructType

ARGUMENTS = [
    "JOB_NAME", "raw_bucket", "curated_bucket", "artifacts_bucket", "sql_prefix",
    "rulesets_prefix", "contracts_key", "seeds_prefix", "evaluation_context",
]

# Reference data sets (sql/seeds) by the alias the SQL and the DQDL rulesets use; all columns stay strings.
REFERENCE_SEEDS = {
    "symbol_reference": "symbols.csv",
    "trading_sessions": "trading_sessions.csv",
}

# The staging contract (sql/etl/README.md); a test compares it with the twin's staging relation.
STAGING_COLUMNS = [
    "source_key", "ingest_date", "ingest_run_id", "symbol", "bar_interval", "raw_ordinal",
    "raw_datetime", "raw_open", "raw_high", "raw_low", "raw_close", "raw_volume", "volume_reported",
]

RAW_SCHEMA = StructType([
    StructField("meta", MapType(StringType(), StringType())),
    StructField("values", ArrayType(MapType(StringType(), StringType()))),
    StructField("status", StringType()),
])


def s3_text(s3, bucket, key):
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")


def stage_raw(spark, raw_bucket):
    """Flattens every time_series object into stg_time_series_values (one row per element of values)."""
    prefix = f"s3://{raw_bucket}/"
    raw = (spark.read.schema(RAW_SCHEMA).option("multiLine", "true").option("recursiveFileLookup", "true")
           .json(f"{prefix}twelvedata/time_series/")
           .withColumn("source_key", F.expr(f"substring(input_file_name(), {len(prefix) + 1})"))
           .where(F.col("status") == "ok"))
    bars = raw.select("source_key", "meta", F.posexplode("values").alias("raw_ordinal", "bar"))
    staged = bars.select(
        F.col("source_key"),
        F.to_date(F.regexp_extract("source_key", r"ingest_date=(\d{4}-\d{2}-\d{2})/", 1)).alias("ingest_date"),
        F.regexp_extract("source_key", r"/([^/.]+)[^/]*\.json$", 1).alias("ingest_run_id"),
        F.col("meta")["symbol"].alias("symbol"),
        F.col("meta")["interval"].alias("bar_interval"),
        F.col("raw_ordinal").cast("int").alias("raw_ordinal"),
        F.col("bar")["datetime"].alias("raw_datetime"),
        F.col("bar")["open"].alias("raw_open"),
        F.col("bar")["high"].alias("raw_high"),
        F.col("bar")["low"].alias("raw_low"),
        F.col("bar")["close"].alias("raw_close"),
        F.col("bar")["volume"].alias("raw_volume"),
        F.map_contains_key("bar", "volume").alias("volume_reported"),
    )
    staged.select(*STAGING_COLUMNS).createOrReplaceTempView("stg_time_series_values")


def run_models(spark, s3, bucket, prefix):
    """Runs sql/etl: each NNN_name.sql becomes the temporary view name, in file-name order."""
    keys = sorted(o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
                  for o in page.get("Contents", []) if o["Key"].endswith(".sql"))
    for key in keys:
        name = key.rsplit("/", 1)[-1][4:-4]
        spark.sql(s3_text(s3, bucket, key).rstrip().rstrip(";")).createOrReplaceTempView(name)
        print(f"model {name}: {key}")


def quality_gate(glue, spark, s3, args, table):
    """Evaluates glue/rulesets/TABLE.dqdl; failed rows go to quarantine and a failed rule stops the job before publishing."""
    ruleset = s3_text(s3, args["artifacts_bucket"], f"{args['rulesets_prefix']}{table}.dqdl")
    frame = DynamicFrame.fromDF(spark.table(table), glue, table)
    references = {alias: DynamicFrame.fromDF(spark.table(alias), glue, alias) for alias in REFERENCE_SEEDS}
    results = EvaluateDataQuality().process_rows(
        frame=frame,
        ruleset=ruleset,
        publishing_options={
            "dataQualityEvaluationContext": f"{args['evaluation_context']}_{table}",
            "enableDataQualityCloudWatchMetrics": True,
            "enableDataQualityResultsPublishing": True,
            "resultsS3Prefix": f"s3://{args['curated_bucket']}/quality/results/",
        },
        additional_options={"observations.scope": "ALL"},
        additional_data_sources=references,
    )
    outcomes = SelectFromCollection.apply(dfc=results, key="ruleOutcomes").toDF()
    failed = outcomes.where(F.col("Outcome") == "Failed").select("Rule", "FailureReason").collect()
    if failed:
        rows = SelectFromCollection.apply(dfc=results, key="rowLevelOutcomes").toDF()
        (rows.where(F.col("DataQualityEvaluationResult") == "Failed")
         .write.mode("append").parquet(f"s3://{args['curated_bucket']}/quality/quarantine/{table}/"))
        raise RuntimeError(f"data quality gate failed for {table}; curated data was not published: "
                           + "; ".join(f"{r.Rule} -> {r.FailureReason}" for r in failed))


def publish(spark, curated_bucket, table):
    """Exactly the contract's columns and types, partitioned by its keys; only the partitions present are replaced."""
    columns = [F.col(c["name"]).cast(c["type"]).alias(c["name"]) for c in table["columns"] + table["partition_keys"]]
    keys = [k["name"] for k in table["partition_keys"]]
    (spark.table(table["name"]).select(*columns)
     .write.mode("overwrite").partitionBy(*keys).parquet(f"s3://{curated_bucket}/{table['name']}/"))


def main():
    args = getResolvedOptions(sys.argv, ARGUMENTS)
    glue = GlueContext(SparkContext.getOrCreate())
    spark = glue.spark_session
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    s3 = boto3.client("s3")

    contract = json.loads(s3_text(s3, args["artifacts_bucket"], args["contracts_key"]))
    stage_raw(spark, args["raw_bucket"])
    for alias, seed in REFERENCE_SEEDS.items():
        (spark.read.option("header", "true").csv(f"s3://{args['artifacts_bucket']}/{args['seeds_prefix']}{seed}")
         .createOrReplaceTempView(alias))
    run_models(spark, s3, args["artifacts_bucket"], args["sql_prefix"])
    for table in contract["tables"]:
        if table.get("ruleset"):
            quality_gate(glue, spark, s3, args, table["name"])
    for table in contract["tables"]:
        publish(spark, args["curated_bucket"], table)


if __name__ == "__main__":
    main()
