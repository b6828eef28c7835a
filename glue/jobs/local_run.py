"""Runs the Glue job's core (awsdataflowjob.run) in local-mode PySpark on folders instead of buckets: the Spark parity
job of .github/workflows/ci.yml compares what it publishes with the twin's curated zone (`dataflow parity`).

    python glue/jobs/local_run.py --bundle DIR --raw LAKE/raw --curated OUT/curated [--full]

--bundle is a folder laid out as the artifacts bucket (`dataflow glue-bundle --out DIR` writes it: pipeline.json, the
SQL, the seeds under the bundle's content-addressed prefix). What needs AWS is left out and said so: the Data Quality
gate (awsgluedq; the DQDL parity job covers the rulesets), the catalog switch and EventBridge. Objects are read with a
file-system stand-in for the S3 client calls the job makes.
"""
import argparse
import io
import json
import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import awsdataflowjob  # noqa: E402  (the job's module, beside this file)

LOG = logging.getLogger("local_run")


class LocalS3:
    """The S3 client calls the job makes (get, put, list, delete objects), on one folder per bucket."""

    class exceptions:  # noqa: N801 (boto3's spelling)
        class NoSuchKey(Exception):
            pass

    def __init__(self, buckets):
        self.buckets = buckets

    def _path(self, bucket, key):
        return os.path.join(self.buckets[bucket], *key.split("/"))

    def get_object(self, Bucket, Key):
        path = self._path(Bucket, Key)
        if not os.path.isfile(path):
            raise self.exceptions.NoSuchKey(Key)
        with open(path, "rb") as f:
            return {"Body": io.BytesIO(f.read())}

    def put_object(self, Bucket, Key, Body):
        path = self._path(Bucket, Key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(Body)

    def get_paginator(self, operation):
        if operation != "list_objects_v2":
            raise NotImplementedError(operation)
        return self

    def paginate(self, Bucket, Prefix):
        root = self.buckets[Bucket]
        keys = []
        for folder, _, files in os.walk(root):
            for name in files:
                key = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
                if key.startswith(Prefix):
                    keys.append(key)
        yield {"Contents": [{"Key": key} for key in sorted(keys)]}

    def delete_objects(self, Bucket, Delete):
        for item in Delete["Objects"]:
            path = self._path(Bucket, item["Key"])
            if os.path.isfile(path):
                os.remove(path)


def bundle_pipeline_key(bundle):
    """The bundle's pipeline.json key (the only pipeline.json below the bundle folder)."""
    found = [os.path.relpath(os.path.join(folder, "pipeline.json"), bundle).replace(os.sep, "/")
             for folder, _, files in os.walk(bundle) if "pipeline.json" in files]
    if len(found) != 1:
        sys.exit(f"local_run: expected one pipeline.json below {bundle}, found {len(found)}")
    return found[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", required=True)
    parser.add_argument("--raw", required=True)
    parser.add_argument("--curated", required=True)
    parser.add_argument("--full", action="store_true")
    options = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[*]").appName("awsdataflowjob-local")
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())

    buckets = {"raw": os.path.abspath(options.raw), "curated": os.path.abspath(options.curated), "artifacts": os.path.abspath(options.bundle)}
    os.makedirs(buckets["curated"], exist_ok=True)
    awsdataflowjob.LOCAL_BUCKETS.update(buckets)
    s3 = LocalS3(buckets)
    pipeline_key = bundle_pipeline_key(buckets["artifacts"])
    prefix = pipeline_key[: -len("pipeline.json")]
    args = {
        "raw_bucket": "raw", "curated_bucket": "curated", "artifacts_bucket": "artifacts", "pipeline_key": pipeline_key,
        "sql_prefix": f"{prefix}sql/etl/", "rulesets_prefix": f"{prefix}rulesets/", "seeds_prefix": f"{prefix}seeds/",
        "evaluation_context": "local", "full": "true" if options.full else "false", "release": "",
    }

    def read_text(key):
        return s3.get_object(Bucket="artifacts", Key=key)["Body"].read().decode("utf-8")

    def no_gate(pipeline, table, version):
        LOG.warning("%s: the Data Quality gate is not evaluated in a local run (no awsgluedq); nothing is held", table["name"])
        return []

    document = awsdataflowjob.run(spark, s3, args, read_text, gate=no_gate, sync=lambda pipeline, commit: None, events=None)
    print(json.dumps({"version": document and document["version"], "tables": sorted((document or {}).get("tables", {}))}))
    spark.stop()


if __name__ == "__main__":
    main()
