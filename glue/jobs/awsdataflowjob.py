"""AWS Dataflow ETL job (Glue 5, PySpark): a thin driver around the shared SQL.

Every fact of the pipeline comes from pipeline.json (rendered from sql/contracts by Dataflow.Contracts and shipped in
the same content-addressed bundle); this file spells no key layout, column list, seed or model name.

raw zone JSON -> the staging relation (columns and key-field regexes from pipeline.json, as the twin stages them)
              -> the models pipeline.json lists, in its order, as temporary views (the files the twin runs on DuckDB)
              -> DQDL gate on every table pipeline.json marks gated (failed rows quarantined where it says)
              -> curated Parquet under each table's prefix, dynamic partition overwrite (re-running a day rewrites only
                 its partitions)

Job arguments (set by the Pulumi program): --raw_bucket, --curated_bucket, --artifacts_bucket, --pipeline_key,
--sql_prefix, --rulesets_prefix, --seeds_prefix, --evaluation_context. JOB_NAME and JOB_RUN_ID are Glue's own.
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
    "JOB_NAME", "JOB_RUN_ID", "raw_bucket", "curated_bucket", "artifacts_bucket", "pipeline_key", "sql_prefix",
    "rulesets_prefix", "seeds_prefix", "evaluation_context",
]

RAW_SCHEMA = StructType([
    StructField("meta", MapType(StringType(), StringType())),
    StructField("values", ArrayType(MapType(StringType(), StringType()))),
    StructField("status", StringType()),
])


def render(template, **values):
    """Fills a template of pipeline.json (its {name} placeholders) with the values given."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def raw_source(pipeline, raw_bucket):
    """Where the time_series responses are (their folder prefix) and the regexes that read fields from their keys."""
    layout = pipeline["raw"]["time_series"]
    return {
        "bucket_prefix": f"s3://{raw_bucket}/",
        "folder": f"s3://{raw_bucket}/{layout['folder_prefix']}",
        "fields": layout["fields"],
    }


def model_keys(pipeline, sql_prefix):
    """The models in run order: (relation name, key of its SQL file in the bundle)."""
    return [(model["name"], f"{sql_prefix}{model['file']}") for model in pipeline["models"]]


def table_location(pipeline, curated_bucket, table):
    return f"s3://{curated_bucket}/{table['prefix']}"


def quality_locations(pipeline, curated_bucket, evaluation_context, table, run):
    """The evaluation context of a table's gate, and where its results and quarantined rows go."""
    quality = pipeline["quality"]
    return {
        "context": render(quality["evaluation_context"], evaluation_context=evaluation_context, table=table),
        "results": f"s3://{curated_bucket}/" + render(quality["results"], table=table),
        "quarantine": f"s3://{curated_bucket}/" + render(quality["quarantine"], table=table, run=run),
    }


def s3_text(s3, bucket, key):
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")


def stage_raw(spark, pipeline, raw_bucket):
    """Flattens every time_series response into the staging relation (one row per element of values)."""
    source = raw_source(pipeline, raw_bucket)
    fields = source["fields"]
    raw = (spark.read.schema(RAW_SCHEMA).option("multiLine", "true").option("recursiveFileLookup", "true")
           .json(source["folder"])
           .withColumn("source_key", F.expr(f"substring(input_file_name(), {len(source['bucket_prefix']) + 1})"))
           # Only keys of the layout: anything else under the folder is not a response.
           .where(F.col("source_key").rlike(fields["run_id"]))
           .where(F.col("status") == "ok"))
    bars = raw.select("source_key", "meta", F.posexplode("values").alias("raw_ordinal", "bar"))
    staged = bars.select(
        F.col("source_key"),
        F.to_date(F.regexp_extract("source_key", fields["ingest_date"], 1)).alias("ingest_date"),
        F.regexp_extract("source_key", fields["run_id"], 1).alias("ingest_run_id"),
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
    staging = pipeline["staging"]
    staged.select(*staging["columns"]).createOrReplaceTempView(staging["relation"])


def load_seeds(spark, pipeline, artifacts_bucket, seeds_prefix):
    """The reference data sets under their aliases; every column stays a string, as in the twin."""
    for alias, seed in pipeline["reference_seeds"].items():
        (spark.read.option("header", "true").csv(f"s3://{artifacts_bucket}/{seeds_prefix}{seed}")
         .createOrReplaceTempView(alias))


def run_models(spark, s3, pipeline, bucket, sql_prefix):
    """Runs sql/etl: each model becomes the temporary view of its name, in pipeline.json's order."""
    for name, key in model_keys(pipeline, sql_prefix):
        spark.sql(s3_text(s3, bucket, key).rstrip().rstrip(";")).createOrReplaceTempView(name)
        print(f"model {name}: {key}")


def quality_gate(glue, spark, s3, pipeline, args, table):
    """Evaluates the table's DQDL; failed rows go to quarantine and a failed rule stops the job before publishing."""
    where = quality_locations(pipeline, args["curated_bucket"], args["evaluation_context"], table, args["JOB_RUN_ID"])
    ruleset = s3_text(s3, args["artifacts_bucket"], f"{args['rulesets_prefix']}{table}.dqdl")
    frame = DynamicFrame.fromDF(spark.table(table), glue, table)
    references = {alias: DynamicFrame.fromDF(spark.table(alias), glue, alias) for alias in pipeline["reference_seeds"]}
    results = EvaluateDataQuality().process_rows(
        frame=frame,
        ruleset=ruleset,
        publishing_options={
            "dataQualityEvaluationContext": where["context"],
            "enableDataQualityCloudWatchMetrics": True,
            "enableDataQualityResultsPublishing": True,
            "resultsS3Prefix": where["results"],
        },
        additional_options={"observations.scope": "ALL"},
        additional_data_sources=references,
    )
    outcomes = SelectFromCollection.apply(dfc=results, key="ruleOutcomes").toDF()
    failed = outcomes.where(F.col("Outcome") == "Failed").select("Rule", "FailureReason").collect()
    if failed:
        rows = SelectFromCollection.apply(dfc=results, key="rowLevelOutcomes").toDF()
        # One folder per job run: a retried run replaces its own quarantine instead of appending to it.
        (rows.where(F.col("DataQualityEvaluationResult") == "Failed")
         .write.mode("overwrite").parquet(where["quarantine"]))
        raise RuntimeError(f"data quality gate failed for {table}; curated data was not published: "
                           + "; ".join(f"{r.Rule} -> {r.FailureReason}" for r in failed))


def publish(spark, pipeline, curated_bucket, table):
    """Exactly the contract's columns and types, partitioned by its keys; only the partitions present are replaced."""
    columns = [F.col(c["name"]).cast(c["type"]).alias(c["name"]) for c in table["columns"] + table["partition_keys"]]
    keys = [k["name"] for k in table["partition_keys"]]
    (spark.table(table["name"]).select(*columns)
     .write.mode("overwrite").partitionBy(*keys).parquet(table_location(pipeline, curated_bucket, table)))


def main():
    args = getResolvedOptions(sys.argv, ARGUMENTS)
    glue = GlueContext(SparkContext.getOrCreate())
    spark = glue.spark_session
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    s3 = boto3.client("s3")

    pipeline = json.loads(s3_text(s3, args["artifacts_bucket"], args["pipeline_key"]))
    stage_raw(spark, pipeline, args["raw_bucket"])
    load_seeds(spark, pipeline, args["artifacts_bucket"], args["seeds_prefix"])
    run_models(spark, s3, pipeline, args["artifacts_bucket"], args["sql_prefix"])
    tables = pipeline["curated"]["tables"]
    for table in tables:
        if table["ruleset"]:
            quality_gate(glue, spark, s3, pipeline, args, table["name"])
    for table in tables:
        publish(spark, pipeline, args["curated_bucket"], table)


if __name__ == "__main__":
    main()
