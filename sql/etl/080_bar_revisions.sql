-- Model: bar_revisions (curated table: the audit trail of restatements)
-- Grain: one row per (symbol, bar_interval, bar_time, new_run_id). Partitioned by ingest_date of the new run.
-- A run's version of a bar whose values differ from the version before it (by run id; the published version when the
-- run continues from the curated zone). Re-sending identical values is not a revision.
select
    version.symbol,
    version.bar_interval,
    version.bar_time,
    version.previous_open as old_open,
    version.previous_high as old_high,
    version.previous_low as old_low,
    version.previous_close as old_close,
    version.previous_volume as old_volume,
    version.open as new_open,
    version.high as new_high,
    version.low as new_low,
    version.close as new_close,
    version.volume as new_volume,
    version.previous_run_id as old_run_id,
    version.ingest_run_id as new_run_id,
    version.source_key,
    version.ingest_date
from bar_versions as version
where version.is_published = 0
    and version.previous_run_id is not null
    and (
        version.open <> version.previous_open
        or version.high <> version.previous_high
        or version.low <> version.previous_low
        or version.close <> version.previous_close
        or version.volume is distinct from version.previous_volume
        or version.volume_reported <> version.previous_volume_reported
    )
