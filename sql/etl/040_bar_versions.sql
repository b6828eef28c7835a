-- Model: bar_versions
-- Grain: one row per (symbol, bar_interval, bar_time, ingest_run_id): each run's version of a bar, plus the published
-- version the run continues from (prior_daily_bars, empty on a full rebuild).
-- version_rank 1 is the latest run's version: the one to publish. runs_delivered counts the runs that sent the bar
-- (the published version carries its count forward). The previous version's values (by run) make restatements
-- visible to bar_revisions. Runs are applied in run-id order; run ids sort by start time.
with run_versions as (
    select
        bar.symbol, bar.bar_interval, bar.bar_time, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.volume_reported,
        bar.ingest_run_id, bar.ingest_date, bar.source_key, 1 as runs_delivered, 0 as is_published
    from run_bars as bar
    where bar.run_rank = 1
),

published_versions as (
    select
        prior.symbol, prior.bar_interval, prior.bar_time, prior.open, prior.high, prior.low, prior.close, prior.volume,
        prior.volume_reported, prior.ingest_run_id, cast(null as date) as ingest_date, cast(null as string) as source_key,
        prior.duplicate_versions as runs_delivered, 1 as is_published
    from prior_daily_bars as prior
),

versions as (
    select * from run_versions
    union all
    select * from published_versions
)

-- Every window below shares one partitioning and one order (oldest version first), so the engine sorts once:
-- version_rank counts from the other end.
select
    version.*,
    count(*) over (
        partition by version.symbol, version.bar_interval, version.bar_time
        order by version.ingest_run_id, version.is_published desc
        rows between unbounded preceding and unbounded following
    ) - row_number() over (
        partition by version.symbol, version.bar_interval, version.bar_time
        order by version.ingest_run_id, version.is_published desc
    ) + 1 as version_rank,
    sum(version.runs_delivered) over (
        partition by version.symbol, version.bar_interval, version.bar_time
        order by version.ingest_run_id, version.is_published desc
        rows between unbounded preceding and unbounded following
    ) as runs_delivered_total,
    lag(version.open) over (partition by version.symbol, version.bar_interval, version.bar_time order by version.ingest_run_id, version.is_published desc) as previous_open,
    lag(version.high) over (partition by version.symbol, version.bar_interval, version.bar_time order by version.ingest_run_id, version.is_published desc) as previous_high,
    lag(version.low) over (partition by version.symbol, version.bar_interval, version.bar_time order by version.ingest_run_id, version.is_published desc) as previous_low,
    lag(version.close) over (partition by version.symbol, version.bar_interval, version.bar_time order by version.ingest_run_id, version.is_published desc) as previous_close,
    lag(version.volume) over (partition by version.symbol, version.bar_interval, version.bar_time order by version.ingest_run_id, version.is_published desc) as previous_volume,
    lag(version.volume_reported) over (partition by version.symbol, version.bar_interval, version.bar_time order by version.ingest_run_id, version.is_published desc) as previous_volume_reported,
    lag(version.ingest_run_id) over (partition by version.symbol, version.bar_interval, version.bar_time order by version.ingest_run_id, version.is_published desc) as previous_run_id
from versions as version
