-- Model: ranked_bars
-- Grain: one row per raw bar. Key: (source_key, raw_ordinal).
-- Ranks the usable versions of each bar (symbol, bar_interval, bar_time): the latest ingestion run wins; within one
-- run (the API can repeat a bar with different values) the first occurrence in the response wins; source_key breaks
-- any remaining tie so the choice never depends on the engine. duplicate_versions counts the usable versions seen.
-- Unusable bars keep their reject_reason and have no rank: partitioning by reject_reason keeps them out of the
-- usable bars' ranking. Only what daily_bars and rejected_bars read is carried (rejected_bars takes the raw strings
-- of the few rows it needs from validated_bars): every column here rides through the window's sort.
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
    bar.source_key,
    bar.raw_ordinal,
    bar.reject_reason,
    case when bar.reject_reason is null then row_number() over (
        partition by bar.symbol, bar.bar_interval, bar.bar_time, bar.reject_reason
        order by bar.ingest_run_id desc, bar.raw_ordinal asc, bar.source_key asc
    ) end as version_rank,
    case when bar.reject_reason is null then count(*) over (
        partition by bar.symbol, bar.bar_interval, bar.bar_time, bar.reject_reason
    ) end as duplicate_versions
from validated_bars as bar
