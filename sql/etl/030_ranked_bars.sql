-- Model: ranked_bars
-- Grain: one row per usable raw bar. Key: (source_key, raw_ordinal).
-- Ranks the versions of each bar (symbol, bar_interval, bar_time): the latest ingestion run wins; within one run
-- (the API can repeat a bar with different values) the first occurrence in the response wins; source_key breaks
-- any remaining tie so the choice never depends on the engine. duplicate_versions counts the versions seen.
select
    usable.*,
    row_number() over (
        partition by usable.symbol, usable.bar_interval, usable.bar_time
        order by usable.ingest_run_id desc, usable.raw_ordinal asc, usable.source_key asc
    ) as version_rank,
    count(*) over (partition by usable.symbol, usable.bar_interval, usable.bar_time) as duplicate_versions
from validated_bars as usable
where usable.reject_reason is null
