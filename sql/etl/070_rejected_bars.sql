-- Model: rejected_bars (curated table: the quarantine)
-- Grain: one row per quarantined raw bar, key (source_key, raw_ordinal); a bar has exactly one reason_code.
-- Partitioned by ingest_date.
-- Every raw bar that could not be used, with its reason code and the raw strings as the API sent them: unusable bars
-- (reason from validated_bars) and later occurrences of a bar the same response repeats (DUPLICATE_IN_RESPONSE).
-- Its size follows bad input, not the number of runs: a bar re-sent by a later run is not a reject (identical values
-- add nothing, changed ones are bar_revisions), and an unusable bar re-sent exactly as before (same raw strings, same
-- reason) is recorded once, by the earliest run that sent it (prior_rejected_bars: the ones already published).
-- A malformed response has no bar to compare: each is recorded.
with quarantined_versions as (
    select
        ranked.source_key,
        ranked.raw_ordinal,
        coalesce(ranked.reject_reason, 'DUPLICATE_IN_RESPONSE') as reason_code
    from run_bars as ranked
    where ranked.reject_reason is not null or ranked.run_rank > 1
),

rejects as (
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
        bar.ingest_date,
        case when quarantined.reason_code = 'MALFORMED_RESPONSE' then bar.source_key end as malformed_key
    from quarantined_versions as quarantined
    -- The raw strings, straight from staging: validated_bars would convert every staged bar again to find a few.
    inner join stg_time_series_values as bar
        on bar.source_key = quarantined.source_key and bar.raw_ordinal = quarantined.raw_ordinal
),

first_sent as (
    select
        reject.*,
        row_number() over (
            partition by reject.symbol, reject.bar_interval, reject.raw_datetime, reject.raw_open, reject.raw_high,
                reject.raw_low, reject.raw_close, reject.raw_volume, reject.reason_code, reject.malformed_key
            order by reject.ingest_run_id, reject.source_key, reject.raw_ordinal
        ) as sent_rank
    from rejects as reject
)

select
    reject.symbol,
    reject.bar_interval,
    reject.raw_datetime,
    reject.raw_open,
    reject.raw_high,
    reject.raw_low,
    reject.raw_close,
    reject.raw_volume,
    reject.raw_ordinal,
    reject.reason_code,
    reject.ingest_run_id,
    reject.source_key,
    reject.ingest_date
from first_sent as reject
where reject.sent_rank = 1
    and not exists (
        select 1
        from prior_rejected_bars as prior
        where prior.symbol = reject.symbol
            and prior.bar_interval = reject.bar_interval
            and prior.reason_code = reject.reason_code
            and prior.reason_code <> 'MALFORMED_RESPONSE'
            and prior.raw_datetime is not distinct from reject.raw_datetime
            and prior.raw_open is not distinct from reject.raw_open
            and prior.raw_high is not distinct from reject.raw_high
            and prior.raw_low is not distinct from reject.raw_low
            and prior.raw_close is not distinct from reject.raw_close
            and prior.raw_volume is not distinct from reject.raw_volume
    )
