-- Model: run_bars
-- Grain: one row per raw bar. Key: (source_key, raw_ordinal).
-- Ranks the usable versions of each bar (symbol, bar_interval, bar_time) within one ingestion run: the API can repeat a
-- bar in one response, and the first occurrence wins (source_key breaks a tie between pages, so the choice never
-- depends on the engine). Unusable bars keep their reject_reason and have no rank: partitioning by reject_reason keeps
-- them out of the usable bars' ranking. Only what later models read is carried: every column rides through the sort.
select
    bar.symbol,
    bar.bar_interval,
    bar.bar_time,
    bar.open,
    bar.high,
    bar.low,
    bar.close,
    bar.volume,
    bar.volume_reported,
    bar.ingest_run_id,
    bar.ingest_date,
    bar.source_key,
    bar.raw_ordinal,
    bar.reject_reason,
    case when bar.reject_reason is null then row_number() over (
        partition by bar.symbol, bar.bar_interval, bar.bar_time, bar.ingest_run_id, bar.reject_reason
        order by bar.raw_ordinal asc, bar.source_key asc
    ) end as run_rank
from validated_bars as bar
