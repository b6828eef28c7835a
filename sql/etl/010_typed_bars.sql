-- Model: typed_bars
-- Grain: one row per bar in a raw response. Key: (source_key, raw_ordinal).
-- Reads: stg_time_series_values (the engine's flattening of the raw zone; contract in sql/etl/README.md).
-- Converts every string to its type with try_cast: a value that does not convert becomes null here and is
-- classified in validated_bars. Nothing is filtered.
select
    stg.symbol,
    stg.bar_interval,
    stg.ingest_date,
    stg.ingest_run_id,
    stg.source_key,
    stg.run_as_of_date,
    stg.meta_symbol,
    stg.meta_interval,
    stg.raw_ordinal,
    stg.raw_datetime,
    stg.raw_open,
    stg.raw_high,
    stg.raw_low,
    stg.raw_close,
    stg.raw_volume,
    stg.volume_reported,
    try_cast(stg.raw_datetime as timestamp) as bar_time,
    try_cast(stg.raw_open as decimal(18, 6)) as open,
    try_cast(stg.raw_high as decimal(18, 6)) as high,
    try_cast(stg.raw_low as decimal(18, 6)) as low,
    try_cast(stg.raw_close as decimal(18, 6)) as close,
    try_cast(stg.raw_volume as decimal(18, 4)) as volume
from stg_time_series_values as stg
