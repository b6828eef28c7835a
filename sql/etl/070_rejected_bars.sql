-- Model: rejected_bars (curated table: the quarantine)
-- Grain: one row per quarantined raw bar, key (source_key, raw_ordinal); a bar has exactly one reason_code.
-- Partitioned by ingest_date.
-- Every raw bar that could not be used, with its reason code and the raw strings as the API sent them: unusable bars
-- (reason from validated_bars) and later occurrences of a bar the same response repeats (DUPLICATE_IN_RESPONSE).
-- A bar re-sent by a later run is not a reject: identical values add nothing, changed ones are bar_revisions.
with quarantined_versions as (
    select
        ranked.source_key,
        ranked.raw_ordinal,
        coalesce(ranked.reject_reason, 'DUPLICATE_IN_RESPONSE') as reason_code
    from run_bars as ranked
    where ranked.reject_reason is not null or ranked.run_rank > 1
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
