"""AWS Dataflow ETL job (Glue 5, PySpark): a thin driver around the shared SQL, in the twin's shape.

Every fact of the pipeline comes from pipeline.json (rendered from sql/contracts by Dataflow.Contracts and shipped in
the same content-addressed bundle); this file spells no key layout, column list, seed or model name.

plan     the curated commit (its processed-runs ledger and holds) + the run manifests -> the raw objects to read: those
         of runs not yet processed and the pending objects of held symbols (every manifested object with --full)
stage    those objects (never a prefix listing) -> the staging relation; a response that is not JSON or whose values
         is not an array becomes one MALFORMED_RESPONSE row (no object is dropped silently); the prior relations hold
         the published rows of the staged symbols
models   the models pipeline.json lists, in its order; the curated tables persisted once
gate     DQDL on the rows the run recomputes of every gated table; symbols whose changed rows fail a blocking rule are held
         (rules labelled "severity"="warn" hold nothing), their failing rows quarantined under this run
publish  only the partitions whose rows change, each into {table}/run={version}/..., never over published files
commit   one S3 object (the log copy first, then the current commit) names every table's partitions, the ledger and the
         holds; then the Data Catalog's partitions are switched to it, table by table. A run that dies before the commit
         changes nothing readers see; one that dies after it has its catalog switch finished by the next run. Folders
         a commit retires are deleted by the next run (a query planned on the previous commit can still read them).

The core (plan, stage, models, publish) runs in plain local-mode PySpark: awsglue is imported only by the Glue entry
point (main) and the gate. Job arguments (set by the Pulumi program): --raw_bucket, --curated_bucket,
--artifacts_bucket, --pipeline_key, --sql_prefix, --rulesets_prefix, --seeds_prefix, --evaluation_context; optional
--full (true: rebuild from every run) and --release (symbols whose holds an operator accepts, comma-separated).
JOB_NAME and JOB_RUN_ID are Glue's own.
"""
import csv
import datetime
import io
import json
import logging
import re
import sys
import zoneinfo

LOG = logging.getLogger("awsdataflowjob")

ARGUMENTS = [
    "JOB_NAME", "JOB_RUN_ID", "raw_bucket", "curated_bucket", "artifacts_bucket", "pipeline_key", "sql_prefix",
    "rulesets_prefix", "seeds_prefix", "evaluation_context",
]
OPTIONAL_ARGUMENTS = {"full": "false", "release": ""}
SEVERITY_LABEL = "severity"
WARN_SEVERITY = "warn"


# Buckets read from local folders instead of S3 (glue/jobs/local_run.py, the Spark parity job): bucket name -> folder.
LOCAL_BUCKETS = {}


def uri(bucket, key=""):
    """The URI Spark reads and writes an object or prefix of a bucket at: S3 in Glue, a local folder in a local run."""
    if bucket in LOCAL_BUCKETS:
        return "file://" + LOCAL_BUCKETS[bucket].rstrip("/") + "/" + key
    return f"s3://{bucket}/{key}"


def render(template, **values):
    """Fills a template of pipeline.json (its {name} placeholders) with the values given."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def raw_source(pipeline, raw_bucket):
    """Where the time_series responses are (their folder prefix) and the regexes that read fields from their keys."""
    layout = pipeline["raw"]["time_series"]
    return {
        "bucket_prefix": uri(raw_bucket),
        "folder": uri(raw_bucket, layout["folder_prefix"]),
        "fields": layout["fields"],
    }


def model_keys(pipeline, sql_prefix):
    """The models in run order: (relation name, key of its SQL file in the bundle)."""
    return [(model["name"], f"{sql_prefix}{model['file']}") for model in pipeline["models"]]


def table_location(pipeline, curated_bucket, table):
    return uri(curated_bucket, table["prefix"])


def version_prefix(pipeline, table, version):
    """The key prefix of the folder one run writes a table's partitions into."""
    return render(pipeline["curated"]["version"], table=table, run=version)


def quality_locations(pipeline, curated_bucket, evaluation_context, table, run):
    """The evaluation context of a table's gate, and where its results and quarantined rows go."""
    quality = pipeline["quality"]
    return {
        "context": render(quality["evaluation_context"], evaluation_context=evaluation_context, table=table),
        "results": uri(curated_bucket, render(quality["results"], table=table)),
        "quarantine": uri(curated_bucket, render(quality["quarantine"], table=table, run=run)),
    }


def new_version(now):
    """The run's version: sortable, one per run, the same shape as the twin's."""
    return now.strftime("%Y%m%dT%H%M%S%f") + "0Z"


# ---- plan: pure functions over the commit and the manifests ----

EMPTY_COMMIT = {"version": "", "tables": {}, "processed_runs": [], "holds": []}


def exchange_timezones(symbols_csv):
    """symbol -> IANA time zone of its exchange, from the symbols seed."""
    return {row["symbol"]: row["timezone"] for row in csv.DictReader(io.StringIO(symbols_csv))}


def as_of_date(started_utc, timezone):
    """The run's start date in the exchange's time zone: bars after it are from the future."""
    started = datetime.datetime.fromisoformat(started_utc.replace("Z", "+00:00"))
    return started.astimezone(zoneinfo.ZoneInfo(timezone or "UTC")).date().isoformat()


def manifest_objects(pipeline, manifest, timezones):
    """The response objects a run manifest names, with what the manifest says about each."""
    objects = []
    for symbol in manifest["symbols"]:
        for key in symbol.get("keys") or []:
            match = re.search(pipeline["raw"]["time_series"]["fields"]["ingest_date"], key)
            objects.append({
                "source_key": key,
                "ingest_run_id": manifest["run_id"],
                "ingest_date": match.group(1) if match else None,
                "symbol": symbol["symbol"],
                "bar_interval": manifest["interval"],
                "run_as_of_date": as_of_date(manifest["started_utc"], timezones.get(symbol["symbol"], "UTC")),
            })
    return objects


def runs_to_read(pipeline, commit, listed_runs, full):
    """The manifests a run reads: the runs new to the ledger and those holding pending objects (all with --full).
    Month 60 lists a thousand manifests and reads a handful."""
    processed = {run["run_id"] for run in commit["processed_runs"]}
    pattern = pipeline["raw"]["time_series"]["fields"]["run_id"]
    pending = {m.group(1) for hold in commit["holds"] for key in hold["pending_objects"] for m in [re.search(pattern, key)] if m}
    return sorted(run for run in listed_runs if full or run not in processed or run in pending)


def plan(pipeline, commit, manifests, timezones, full):
    """The runs new to the ledger and the objects to stage: new runs' objects plus held symbols' pending ones."""
    processed = {run["run_id"] for run in commit["processed_runs"]}
    pending = {key for hold in commit["holds"] for key in hold["pending_objects"]}
    ordered = sorted(manifests, key=lambda m: m["run_id"])
    objects = [o for m in ordered for o in manifest_objects(pipeline, m, timezones)
               if full or m["run_id"] not in processed or o["source_key"] in pending]
    return {"new_runs": [m["run_id"] for m in ordered if m["run_id"] not in processed], "objects": objects}


def is_warning(labels):
    return (labels or {}).get(SEVERITY_LABEL, "").lower() == WARN_SEVERITY


def holds_after(commit, failures, plan_, version, now, release):
    """The holds after this run: every (symbol, interval) that failed, with its objects not taken in; released
    (by the commit or by --release) or passing ones end."""
    processed = {run["run_id"] for run in commit["processed_runs"]}
    released = {(h["symbol"], h["interval"]) for h in commit["holds"]
                if h.get("released") or h["symbol"].upper() in release}
    existing = {(h["symbol"], h["interval"]): h for h in commit["holds"]}
    rules = {}
    for symbol, interval, rule in failures:
        if (symbol, interval) not in released:
            rules.setdefault((symbol, interval), set()).add(rule)
    holds = []
    for owner in sorted(rules):
        before = existing.get(owner)
        waiting = set(before["pending_objects"]) if before else set()
        pending = sorted(waiting | {o["source_key"] for o in plan_["objects"]
                                    if (o["symbol"], o["bar_interval"]) == owner
                                    and (o["ingest_run_id"] not in processed or o["source_key"] in waiting)})
        holds.append({
            "symbol": owner[0], "interval": owner[1],
            "since_version": before["since_version"] if before else version,
            "since_utc": before["since_utc"] if before else now,
            "rules": sorted(rules[owner]), "pending_objects": pending, "released": False,
        })
    return holds


def merged_partitions(current, changed, written):
    """A table's partitions after a run: the changed ones replaced by what was written (none when emptied)."""
    kept = {p: folder for p, folder in current.items() if p not in changed}
    kept.update(written)
    return dict(sorted(kept.items()))


def partition_path(keys, row):
    return "/".join(f"{k}={row[k]}" for k in keys)


def retired_folders(before, after):
    """Partition folders the previous commit named and the new one does not: deleted one run later, so that a query
    planned on the previous commit can still read them."""
    named = {folder for partitions in after.values() for folder in partitions.values()}
    return sorted({folder for partitions in before.values() for folder in partitions.values()} - named)


def next_commit(commit, version, now, tables, plan_, holds):
    held = {}
    for hold in holds:
        for key in hold["pending_objects"]:
            held.setdefault(key, hold)
    held_runs = {}
    for o in plan_["objects"]:
        if o["source_key"] in held:
            held_runs.setdefault(o["ingest_run_id"], set()).add(f"{o['symbol']} ({o['bar_interval']})")
    ledger = commit["processed_runs"] + [
        {"run_id": run, "processed_utc": now, "version": version, "held": sorted(held_runs.get(run, []))}
        for run in plan_["new_runs"]]
    return {"version": version, "committed_utc": now, "tables": tables, "processed_runs": ledger, "holds": holds,
            "retired": retired_folders(commit["tables"], tables)}


# ---- Spark: stage, models, publish (plain PySpark) ----

def stage(spark, pipeline, raw_bucket, objects):
    """The planned objects flattened into the staging relation, as the twin stages them."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, MapType, StringType, StructField, StructType
    prefix = raw_source(pipeline, raw_bucket)["bucket_prefix"]
    listed = spark.createDataFrame(objects, "source_key string, ingest_run_id string, ingest_date string, symbol string, "
                                            "bar_interval string, run_as_of_date string")
    body = StructType([StructField("meta", MapType(StringType(), StringType())), StructField("values", StringType()),
                       StructField("status", StringType())])
    texts = (spark.read.option("wholetext", "true").text([prefix + o["source_key"] for o in objects])
             .withColumn("source_key", F.expr(f"substring(input_file_name(), {len(prefix) + 1})"))
             .withColumn("body", F.from_json("value", body))
             .withColumn("bars", F.from_json(F.col("body.values"), ArrayType(MapType(StringType(), StringType())))))
    responses = texts.where(F.col("body").isNull() | (F.col("body.status") == "ok"))
    malformed = F.col("body").isNull() | F.col("bars").isNull()
    bars = (responses.where(~malformed).select("source_key", "body", F.posexplode("bars").alias("raw_ordinal", "bar"))
            .unionByName(responses.where(malformed).select("source_key", "body", F.lit(-1).alias("raw_ordinal"),
                                                           F.lit(None).cast("map<string,string>").alias("bar"))))
    staged = bars.join(listed, "source_key").select(
        F.col("source_key"),
        F.to_date("ingest_date").alias("ingest_date"),
        F.col("ingest_run_id"),
        F.to_date("run_as_of_date").alias("run_as_of_date"),
        F.col("symbol"),
        F.col("bar_interval"),
        F.col("body.meta")["symbol"].alias("meta_symbol"),
        F.col("body.meta")["interval"].alias("meta_interval"),
        F.col("raw_ordinal").cast("int").alias("raw_ordinal"),
        F.col("bar")["datetime"].alias("raw_datetime"),
        F.col("bar")["open"].alias("raw_open"),
        F.col("bar")["high"].alias("raw_high"),
        F.col("bar")["low"].alias("raw_low"),
        F.col("bar")["close"].alias("raw_close"),
        F.col("bar")["volume"].alias("raw_volume"),
        F.coalesce(F.map_contains_key("bar", "volume"), F.lit(False)).alias("volume_reported"),
    )
    staging = pipeline["staging"]
    # Persisted: the owners, the prior relations, run_bars and rejected_bars all read it; the raw JSON is read once.
    staged = staged.select(*staging["columns"]).persist()
    LOG.info("staged %d bars from %d objects", staged.count(), len(objects))
    staged.createOrReplaceTempView(staging["relation"])
    listed.createOrReplaceTempView("raw_objects")


def register_published(spark, pipeline, curated_bucket, commit):
    """published_TABLE: each table's rows as the commit publishes them (declared columns, declared types)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StructType
    for table in pipeline["curated"]["tables"]:
        columns = table["columns"] + table["partition_keys"]
        folders = [uri(curated_bucket, folder) for folder in commit["tables"].get(table["name"], {}).values()]
        if folders:
            frame = (spark.read.option("basePath", table_location(pipeline, curated_bucket, table)).parquet(*folders)
                     .select(*[F.col(c["name"]).cast(c["type"]).alias(c["name"]) for c in columns]))
        else:
            frame = spark.createDataFrame([], StructType([])).select(*[F.lit(None).cast(c["type"]).alias(c["name"]) for c in columns])
        frame.createOrReplaceTempView("published_" + table["name"])


def register_prior(spark, pipeline, full):
    """staged_owners (each staged symbol and interval, recomputed from the first day of the month of its earliest bar;
    everything on a full rebuild) and the prior relations: the published rows the run continues from, from the last
    one before that day on (lag() and "the previous month" need it); none on a full rebuild."""
    since = "timestamp '0001-01-01'" if full else "cast(date_trunc('month', min(try_cast(raw_datetime as timestamp))) as timestamp)"
    spark.sql(f"select symbol, bar_interval, {since} as from_time from {pipeline['staging']['relation']} group by symbol, bar_interval") \
        .createOrReplaceTempView("staged_owners")
    tables = {t["name"]: t for t in pipeline["curated"]["tables"]}
    for relation, table in pipeline["prior"].items():
        column, published = tables[table].get("owner_since"), f"published_{table}"
        if full:
            rows = f"select * from {published} where false"
        elif column is None:
            rows = (f"select p.* from {published} p left semi join staged_owners s "
                    f"on s.symbol = p.symbol and s.bar_interval = p.bar_interval")
        else:
            rows = (f"with bounds as (select s.symbol, s.bar_interval, coalesce(max(case when cast(p.{column} as timestamp) < s.from_time "
                    f"then cast(p.{column} as timestamp) end), s.from_time) as read_from from staged_owners s left join {published} p "
                    f"on p.symbol = s.symbol and p.bar_interval = s.bar_interval group by s.symbol, s.bar_interval, s.from_time) "
                    f"select p.* from {published} p inner join bounds b on b.symbol = p.symbol and b.bar_interval = p.bar_interval "
                    f"where cast(p.{column} as timestamp) >= b.read_from")
        spark.sql(rows).createOrReplaceTempView(relation)


def load_seeds(spark, pipeline, artifacts_bucket, seeds_prefix):
    """The reference data sets under their aliases; every column stays a string, as in the twin."""
    for alias, seed in pipeline["reference_seeds"].items():
        (spark.read.option("header", "true").csv(uri(artifacts_bucket, f"{seeds_prefix}{seed}"))
         .createOrReplaceTempView(alias))


def quality_references(spark, glue, pipeline):
    """What a ruleset may read besides its own table: the seeds, and the run's relations of quality_references (the
    corporate actions the run recorded, which the daily move rule exempts), each under its alias."""
    from awsglue.dynamicframe import DynamicFrame

    relations = {alias: alias for alias in pipeline["reference_seeds"]}
    relations.update(pipeline["quality_references"])
    return {alias: DynamicFrame.fromDF(spark.table(relation), glue, alias) for alias, relation in relations.items()}


def run_models(spark, read_text, pipeline, sql_prefix):
    """Runs sql/etl: each model becomes the temporary view of its name; a curated table is computed once (persisted)."""
    tables = {t["name"]: t for t in pipeline["curated"]["tables"]}
    for name, key in model_keys(pipeline, sql_prefix):
        frame = spark.sql(read_text(key).rstrip().rstrip(";"))
        if name in tables:
            table = tables[name]
            frame = frame.select(*[frame[c["name"]].cast(c["type"]).alias(c["name"]) for c in table["columns"] + table["partition_keys"]])
            frame = frame.persist()
            LOG.info("model %s: %d rows (%s)", name, frame.count(), key)
        else:
            LOG.info("model %s (%s)", name, key)
        frame.createOrReplaceTempView(name)


def owned(table, alias):
    """Rows of alias the run recomputes: a staged (symbol, interval)'s from its from_time on, or a staged object's."""
    if table.get("owner_since"):
        return (f"exists (select 1 from staged_owners s where s.symbol = {alias}.symbol and s.bar_interval = {alias}.bar_interval "
                f"and cast({alias}.{table['owner_since']} as timestamp) >= s.from_time)")
    columns = ", ".join(f"{alias}.{c}" for c in table["owner"])
    return f"({columns}) in (select distinct {', '.join(table['owner'])} from raw_objects)"


def held(table, alias):
    if table["owner"] == ["source_key"]:
        return (f"{alias}.source_key in (select o.source_key from raw_objects o "
                f"left semi join held_owners h on h.symbol = o.symbol and h.bar_interval = o.bar_interval)")
    return f"({alias}.symbol, {alias}.bar_interval) in (select symbol, bar_interval from held_owners)"


def publish(spark, pipeline, curated_bucket, commit, version):
    """Writes the partitions whose rows change into this run's folders; returns each table's partitions after."""
    tables = {}
    for table in pipeline["curated"]["tables"]:
        name, keys = table["name"], [k["name"] for k in table["partition_keys"]]
        new_rows = f"select * from {name} as candidate where {owned(table, 'candidate')} and not ({held(table, 'candidate')})"
        old_rows = f"select * from published_{name} as old where {owned(table, 'old')} and not ({held(table, 'old')})"
        spark.sql(f"select distinct {', '.join(keys)} from (({new_rows} except {old_rows}) union all ({old_rows} except {new_rows}))") \
            .createOrReplaceTempView(f"changed_{name}")
        changed = [partition_path(keys, row.asDict()) for row in spark.table(f"changed_{name}").collect()]
        current = commit["tables"].get(name, {})
        if not changed:
            tables[name] = current
            continue
        in_changed = f"({', '.join(keys)}) in (select * from changed_{name})"
        rows = spark.sql(f"select * from published_{name} as old where {in_changed} and not ({owned(table, 'old')} "
                         f"and not ({held(table, 'old')})) union all select * from ({new_rows}) where {in_changed}")
        prefix = version_prefix(pipeline, name, version)
        rows.sortWithinPartitions(*table["grain"]).write.mode("errorifexists").partitionBy(*keys) \
            .parquet(uri(curated_bucket, prefix))
        written = {partition_path(keys, row.asDict()): f"{prefix}{partition_path(keys, row.asDict())}/"
                   for row in rows.select(*keys).distinct().collect()}
        tables[name] = merged_partitions(current, set(changed), written)
        LOG.info("published %s: %d partitions rewritten", name, len(changed))
    return tables


# ---- Glue: gate, catalog, entry point ----

def quality_gate(glue, spark, read_text, pipeline, args, table, version):
    """Evaluates the table's DQDL on the rows the run recomputes; returns (symbol, interval, rule) of held owners."""
    from awsglue.dynamicframe import DynamicFrame
    from awsglue.transforms import SelectFromCollection
    from awsgluedq.transforms import EvaluateDataQuality
    from pyspark.sql import functions as F
    name = table["name"]
    where = quality_locations(pipeline, args["curated_bucket"], args["evaluation_context"], name, version)
    candidate = spark.sql(f"select * from {name} as candidate where {owned(table, 'candidate')}")
    results = EvaluateDataQuality().process_rows(
        frame=DynamicFrame.fromDF(candidate, glue, name),
        ruleset=read_text(f"{args['rulesets_prefix']}{name}.dqdl"),
        publishing_options={
            "dataQualityEvaluationContext": where["context"],
            "enableDataQualityCloudWatchMetrics": True,
            "enableDataQualityResultsPublishing": True,
            "resultsS3Prefix": where["results"],
        },
        additional_options={"observations.scope": "ALL", "rowLevelConfiguration.ruleWithLabels": "ENABLED"},
        additional_data_sources=quality_references(spark, glue, pipeline),
    )
    outcomes = SelectFromCollection.apply(dfc=results, key="ruleOutcomes").toDF().collect()
    blocking = [o.Rule for o in outcomes if o.Outcome == "Failed" and not is_warning(o.asDict().get("Labels"))]
    for o in outcomes:
        if o.Outcome == "Failed":
            LOG.warning("%s: %s -> %s%s", name, o.Rule, o.FailureReason, "" if o.Rule in blocking else " (warning)")
    if not blocking:
        return []
    rows = SelectFromCollection.apply(dfc=results, key="rowLevelOutcomes").toDF()
    changed = spark.sql(f"select * from {name} as candidate where {owned(table, 'candidate')} except select * from published_{name}")
    failing = (rows.join(changed.select(*table["grain"]), table["grain"], "left_semi")
               .withColumn("blocking_rules_failed", F.array_intersect("DataQualityRulesFail", F.array(*[F.lit(r) for r in blocking])))
               .where(F.size("blocking_rules_failed") > 0))
    failing.write.mode("overwrite").parquet(where["quarantine"])
    failures = {(r.symbol, r.bar_interval, rule) for r in failing.select("symbol", "bar_interval", "blocking_rules_failed").collect()
                for rule in r.blocking_rules_failed}
    skipped = set(rows.select("DataQualityRulesSkip").first()[0] or []) if rows.head(1) else set(blocking)
    whole_table = [rule for rule in blocking if rule in skipped]
    if whole_table:
        owners = changed.select("symbol", "bar_interval").distinct().collect()
        failures |= {(o.symbol, o.bar_interval, rule) for o in owners for rule in whole_table}
    return sorted(failures)


def refetch_requests(rows, today):
    """The ingestion events of the splits this run revealed: each symbol's whole history again (no start date)."""
    symbols = sorted({row["symbol"] for row in rows if row["action"] == "REFETCH_HISTORY"})
    return [{"symbols": [symbol], "to": today.isoformat()} for symbol in symbols]


def request_refetches(events, pipeline, spark, today):
    """Sends the re-fetch of every split the run recorded to EventBridge, which hands it to the ingestion Lambda."""
    rows = [r.asDict() for r in spark.table("corporate_actions").select("symbol", "action").collect()]
    for detail in refetch_requests(rows, today):
        LOG.warning("split of %s recorded: its history is fetched again", detail["symbols"][0])
        events.put_events(Entries=[{
            "Source": pipeline["refetch_event"]["source"],
            "DetailType": pipeline["refetch_event"]["detail_type"],
            "Detail": json.dumps(detail),
        }])


def sync_catalog(glue_client, pipeline, commit):
    """Points each catalog table's partitions at the folders the commit names (idempotent; table by table)."""
    database = pipeline["curated"]["database"]
    for table in pipeline["curated"]["tables"]:
        keys = [k["name"] for k in table["partition_keys"]]
        wanted = commit["tables"].get(table["name"], {})
        described = glue_client.get_table(DatabaseName=database, Name=table["name"])["Table"]["StorageDescriptor"]
        bucket = described["Location"].split("/")[2]
        existing = {}
        for page in glue_client.get_paginator("get_partitions").paginate(DatabaseName=database, TableName=table["name"]):
            for partition in page["Partitions"]:
                existing[tuple(partition["Values"])] = partition["StorageDescriptor"]["Location"]
        inputs = {}
        for path, folder in wanted.items():
            values = tuple(part.split("=", 1)[1] for part in path.split("/"))
            inputs[values] = dict(described, Location=f"s3://{bucket}/{folder}")
        create = [{"Values": list(v), "StorageDescriptor": sd} for v, sd in inputs.items() if v not in existing]
        update = [{"PartitionValueList": list(v), "PartitionInput": {"Values": list(v), "StorageDescriptor": sd}}
                  for v, sd in inputs.items() if v in existing and existing[v] != sd["Location"]]
        delete = [{"Values": list(v)} for v in existing if v not in inputs]
        for i in range(0, len(create), 100):
            glue_client.batch_create_partition(DatabaseName=database, TableName=table["name"], PartitionInputList=create[i:i + 100])
        for i in range(0, len(update), 100):
            glue_client.batch_update_partition(DatabaseName=database, TableName=table["name"], Entries=update[i:i + 100])
        for i in range(0, len(delete), 25):
            glue_client.batch_delete_partition(DatabaseName=database, TableName=table["name"], PartitionsToDelete=delete[i:i + 25])
        LOG.info("catalog %s: %d partitions created, %d moved, %d dropped (keys %s)", table["name"], len(create), len(update), len(delete), keys)


def delete_folders(s3, bucket, folders):
    """Deletes every object below each folder (the bucket is versioned: lifecycle expires what this leaves behind)."""
    for folder in folders:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=folder):
            keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if keys:
                s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})


def read_json_object(s3, bucket, key, default):
    try:
        return json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    except s3.exceptions.NoSuchKey:
        return default


def read_manifests(s3, pipeline, raw_bucket, commit, full):
    """Lists the run manifests (keys only) and reads the ones runs_to_read selects."""
    layout = pipeline["raw"]["run_manifest"]
    keys = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=raw_bucket, Prefix=layout["folder_prefix"]):
        for item in page.get("Contents", []):
            match = re.search(layout["fields"]["run_id"], item["Key"])
            if match:
                keys[match.group(1)] = item["Key"]
    return [json.loads(s3.get_object(Bucket=raw_bucket, Key=keys[run])["Body"].read())
            for run in runs_to_read(pipeline, commit, keys, full)]


def run(spark, s3, args, read_text, gate, sync, events):
    """One ETL run: plan, stage, models, gate, publish, commit. Glue's main passes S3, the Data Quality gate, the catalog
    switch and EventBridge; glue/jobs/local_run.py passes local folders and no gate, catalog or events."""
    pipeline = json.loads(read_text(args["pipeline_key"]))
    curated, full = args["curated_bucket"], args["full"].lower() == "true"
    release = {s.strip().upper() for s in args["release"].split(",") if s.strip()}
    commit = read_json_object(s3, curated, pipeline["curated"]["commit"], EMPTY_COMMIT)
    sync(pipeline, commit)  # finishes the catalog switch of a run that died after its commit

    timezones = exchange_timezones(read_text(f"{args['seeds_prefix']}{pipeline['reference_seeds']['symbol_reference']}"))
    todo = plan(pipeline, commit, read_manifests(s3, pipeline, args["raw_bucket"], commit, full), timezones, full)
    LOG.info("plan: %d new runs, %d objects to read%s", len(todo["new_runs"]), len(todo["objects"]), " (full rebuild)" if full else "")
    if not todo["objects"]:
        return None

    version = new_version(datetime.datetime.now(datetime.timezone.utc))
    now = datetime.datetime.now(datetime.timezone.utc).isoformat()
    register_published(spark, pipeline, curated, commit)
    load_seeds(spark, pipeline, args["artifacts_bucket"], args["seeds_prefix"])
    stage(spark, pipeline, args["raw_bucket"], todo["objects"])
    register_prior(spark, pipeline, full)
    run_models(spark, read_text, pipeline, args["sql_prefix"])

    failures = []
    for table in pipeline["curated"]["tables"]:
        if table["ruleset"]:
            failures += gate(pipeline, table, version)
    holds = holds_after(commit, failures, todo, version, now, release)
    spark.createDataFrame([(h["symbol"], h["interval"]) for h in holds], "symbol string, bar_interval string") \
        .createOrReplaceTempView("held_owners")
    for hold in holds:
        LOG.warning("HELD %s (%s): %s; %d raw objects wait", hold["symbol"], hold["interval"], "; ".join(hold["rules"]), len(hold["pending_objects"]))

    tables = publish(spark, pipeline, curated, commit, version)
    document = next_commit(commit, version, now, tables, todo, holds)
    body = json.dumps(document, indent=2).encode("utf-8")
    s3.put_object(Bucket=curated, Key=render(pipeline["curated"]["commit_log"], run=version), Body=body)
    s3.put_object(Bucket=curated, Key=pipeline["curated"]["commit"], Body=body)
    sync(pipeline, document)
    if events is not None:
        request_refetches(events, pipeline, spark, datetime.datetime.now(datetime.timezone.utc).date())
    delete_folders(s3, curated, commit.get("retired", []))
    return document


def main():
    import boto3
    from awsglue.context import GlueContext
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext

    present = [name for name in OPTIONAL_ARGUMENTS if f"--{name}" in sys.argv]
    args = dict(OPTIONAL_ARGUMENTS, **getResolvedOptions(sys.argv, ARGUMENTS + present))
    glue = GlueContext(SparkContext.getOrCreate())
    spark = glue.spark_session
    job = Job(glue)
    job.init(args["JOB_NAME"], args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    s3 = boto3.client("s3")
    glue_client = boto3.client("glue")

    def read_text(key):
        return s3.get_object(Bucket=args["artifacts_bucket"], Key=key)["Body"].read().decode("utf-8")

    run(spark, s3, args, read_text,
        gate=lambda pipeline, table, version: quality_gate(glue, spark, read_text, pipeline, args, table, version),
        sync=lambda pipeline, commit: sync_catalog(glue_client, pipeline, commit),
        events=boto3.client("events"))
    job.commit()


if __name__ == "__main__":
    main()
