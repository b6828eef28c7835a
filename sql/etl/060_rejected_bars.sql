-- Model: rejected_bars (curated table: the quarantine)
-- Grain: one row per (source_key, raw_ordinal, reason_code). Partitioned by ingest_date.
-- Every raw bar that is not the published version of its key: unusable bars with their reason, and superseded
-- duplicates. Together with daily_bars it accounts for every bar of every raw response.
with unusable_bars as (
    select
        bar.symbol,
        bar.bar_interval,
        bar.raw_datetime,
        bar.raw_open,
        bar.raw_high,
        bar.raw_low,
        bar.raw_close,
        bar.raw_volume,
        bar.raw_ordinal,
        bar.reject_reason as reason_code,
        bar.ingest_run_id,
        bar.source_key,
        bar.ingest_date
    from validated_bars as bar
    where bar.reject_reason is not null
),

superseded_bars as (
    select
        bar.symbol,
        bar.bar_interval,
        bar.raw_datetime,
        bar.raw_open,
        bar.raw_high,
        bar.raw_low,
        bar.raw_close,
        bar.raw_volume,
        bar.raw_ordinal,
        'SUPERSEDED_DUPLICATE' as reason_code,
        bar.ingest_run_id,
        bar.source_key,
        bar.ingest_date
    from ranked_bars as bar
    where bar.version_rank > 1
)

select * from unusable_bars
union all
select * from superseded_bars
