-- Model: corporate_actions (curated table: splits the pipeline detected, and what it did about them)
-- Grain: one row per (symbol, bar_interval, detected_run_id). Partitioned by ingest_date of the detecting run.
-- Twelve Data adjusts daily history for splits as of the request (adjust=splits). After a split, a run's overlap with
-- bars already stored arrives divided by the ratio, while older stored bars keep the old scale. A split is a run whose
-- revised bars of one symbol (at least two) all changed by one constant factor that is a split ratio (n, or n/2, n/3,
-- n/4 either way), with volumes scaled the opposite way when they are reported. factor = old close / new close: 2 for
-- a 2-for-1 split, 0.1 for a 1-for-10 reverse split. The first run to reveal a split asks for the symbol's whole history
-- again (REFETCH_HISTORY). That re-fetch re-sends the older bars at the new scale, so it looks like the same split
-- again, on bars older than the split's: it is recorded as HISTORY_REFETCHED, and asks for nothing.
with factors as (
    select
        revision.symbol,
        revision.bar_interval,
        revision.new_run_id,
        revision.old_run_id,
        revision.bar_time,
        revision.source_key,
        revision.ingest_date,
        cast(revision.old_close as double) / cast(revision.new_close as double) as close_factor,
        case
            when revision.old_volume > 0 and revision.new_volume > 0
                then cast(revision.new_volume as double) / cast(revision.old_volume as double)
        end as volume_factor
    from bar_revisions as revision
    where revision.old_close > 0 and revision.new_close > 0
),

by_run as (
    select
        symbol,
        bar_interval,
        new_run_id,
        max(old_run_id) as previous_run_id,
        count(*) as revised_bars,
        min(close_factor) as low_factor,
        max(close_factor) as high_factor,
        avg(close_factor) as factor,
        min(volume_factor) as low_volume_factor,
        max(volume_factor) as high_volume_factor,
        min(bar_time) as first_revised_bar,
        max(bar_time) as last_revised_bar,
        min(source_key) as source_key,
        min(ingest_date) as ingest_date
    from factors
    group by symbol, bar_interval, new_run_id
),

ratios as (
    select
        by_run.*,
        case when factor >= 1 then factor else 1 / factor end as ratio
    from by_run
),

candidates as (
    select *
    from ratios
    where revised_bars >= 2
        and high_factor <= low_factor * 1.002
        and ratio >= 1.25
        and (
            abs(ratio - round(ratio, 0)) <= 0.002 * ratio
            or abs(2 * ratio - round(2 * ratio, 0)) <= 0.004 * ratio
            or abs(3 * ratio - round(3 * ratio, 0)) <= 0.006 * ratio
            or abs(4 * ratio - round(4 * ratio, 0)) <= 0.008 * ratio
        )
        and (low_volume_factor is null or (low_volume_factor >= factor * 0.98 and high_volume_factor <= factor * 1.02))
),

known as (
    select symbol, bar_interval, detected_run_id, cast(factor as double) as factor, first_revised_bar
    from prior_corporate_actions
    union all
    select symbol, bar_interval, new_run_id as detected_run_id, factor, first_revised_bar
    from candidates
),

refetches as (
    select
        candidate.symbol,
        candidate.bar_interval,
        candidate.new_run_id,
        count(earlier.detected_run_id) as earlier_splits
    from candidates as candidate
    left join known as earlier
        on earlier.symbol = candidate.symbol
        and earlier.bar_interval = candidate.bar_interval
        and earlier.detected_run_id < candidate.new_run_id
        and abs(earlier.factor / candidate.factor - 1) <= 0.002
        and candidate.last_revised_bar < earlier.first_revised_bar
    group by candidate.symbol, candidate.bar_interval, candidate.new_run_id
)

select
    candidate.symbol,
    candidate.bar_interval,
    candidate.new_run_id as detected_run_id,
    candidate.previous_run_id,
    'SPLIT' as action_type,
    cast(candidate.factor as decimal(18, 6)) as factor,
    candidate.revised_bars,
    candidate.first_revised_bar,
    candidate.last_revised_bar,
    case when refetch.earlier_splits > 0 then 'HISTORY_REFETCHED' else 'REFETCH_HISTORY' end as action,
    candidate.source_key,
    candidate.ingest_date
from candidates as candidate
inner join refetches as refetch
    on refetch.symbol = candidate.symbol
    and refetch.bar_interval = candidate.bar_interval
    and refetch.new_run_id = candidate.new_run_id
