-- Model: rejected_bars (curated table: the quarantine)
-- Grain: one row per quarantined raw bar, key (source_key, raw_ordinal); a bar has exactly one reason_code.
-- Partitioned by ingest_date.
-- Every raw bar that is not the published version of its key, with its reason code: unusable bars (reason from
-- validated_bars) and superseded duplicates (SUPERSEDED_DUPLICATE), each with the raw strings as the API sent them.
-- Together with daily_bars it accounts for every bar of every raw response.
with quarantined_versions as (
    select
        ranked.source_key,
        ranked.raw_ordinal,
        coalesce(ranked.reject_reason, 'SUPERSEDED_DUPLICATE') as reason_code
    from ranked_bars as ranked
    where ranked.reject_reason is not null or ranked.version_rank > 1
)

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
    quarantined.reason_code,
    bar.ingest_run_id,
    bar.source_key,
    bar.ingest_date
from quarantined_versions as quarantined
inner join validated_bars as bar
    on bar.source_key = quarantined.source_key and bar.raw_ordinal = quarantined.raw_ordinal
