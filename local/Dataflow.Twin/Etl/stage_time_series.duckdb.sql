-- Twin only: flattens the raw zone's time_series objects into the staging relation of sql/contracts/etl.yaml.
-- Glue builds the same relation with PySpark. The layout comes from sql/contracts/lake.yaml: {raw_root} is the raw
-- zone folder, {raw_glob} the glob of the time_series key layout, {ingest_date_regex} and {run_id_regex} the
-- rendered regexes of its fields (one capture group each).
-- Grain: one row per element of a response's values array. Key: (source_key, raw_ordinal).
with responses as (
    select
        replace(filename, '{raw_root}/', '') as source_key,
        meta,
        "values" as bar_values,
        status
    from read_json(
        '{raw_root}/{raw_glob}',
        columns = {meta: 'JSON', "values": 'JSON', status: 'VARCHAR'},
        filename = true,
        maximum_object_size = 536870912
    )
),

ok_responses as (
    select
        source_key,
        meta,
        cast(bar_values as JSON[]) as bars
    from responses
    where status = 'ok'
),

bars as (
    select
        source_key,
        meta,
        unnest(bars) as bar,
        generate_subscripts(bars, 1) - 1 as raw_ordinal
    from ok_responses
)

select
    source_key,
    cast(regexp_extract(source_key, '{ingest_date_regex}', 1) as DATE) as ingest_date,
    regexp_extract(source_key, '{run_id_regex}', 1) as ingest_run_id,
    meta ->> 'symbol' as symbol,
    meta ->> 'interval' as bar_interval,
    cast(raw_ordinal as INTEGER) as raw_ordinal,
    bar ->> 'datetime' as raw_datetime,
    bar ->> 'open' as raw_open,
    bar ->> 'high' as raw_high,
    bar ->> 'low' as raw_low,
    bar ->> 'close' as raw_close,
    bar ->> 'volume' as raw_volume,
    json_exists(bar, '$.volume') as volume_reported
from bars
