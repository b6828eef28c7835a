-- Twin only: flattens the raw objects a run processes into the staging relation of sql/contracts/etl.yaml. Glue builds
-- the same relation with PySpark. {raw_files} is the list of the objects' paths, {raw_root} the raw zone folder, and
-- {objects} the relation of what the run manifests say about each object (key, run, ingest date, requested symbol and
-- interval, the run's as-of date in the symbol's exchange time zone).
-- Grain: one row per element of a response's values array. Key: (source_key, raw_ordinal). A response that is not
-- JSON, or whose values is not an array, gives one row with raw_ordinal -1 and no fields: it is rejected
-- (MALFORMED_RESPONSE) rather than dropped or allowed to stop the run.
with files as (
    select
        replace(filename, '{raw_root}/', '') as source_key,
        case when json_valid(content) then cast(content as JSON) end as body
    from read_text({raw_files})
),

responses as (
    select
        source_key,
        body -> 'meta' as meta,
        body -> 'values' as bar_values,
        body is null or json_type(body -> 'values') is distinct from 'ARRAY' as malformed
    from files
    where body is null or (body ->> 'status') = 'ok'
),

bars as (
    select
        source_key,
        meta,
        unnest(cast(bar_values as JSON[])) as bar,
        generate_subscripts(cast(bar_values as JSON[]), 1) - 1 as raw_ordinal
    from responses
    where not malformed
    union all
    select source_key, meta, cast(null as JSON) as bar, -1 as raw_ordinal
    from responses
    where malformed
)

select
    objects.source_key,
    objects.ingest_date,
    objects.ingest_run_id,
    objects.run_as_of_date,
    objects.symbol,
    objects.bar_interval,
    bars.meta ->> 'symbol' as meta_symbol,
    bars.meta ->> 'interval' as meta_interval,
    cast(bars.raw_ordinal as INTEGER) as raw_ordinal,
    bars.bar ->> 'datetime' as raw_datetime,
    bars.bar ->> 'open' as raw_open,
    bars.bar ->> 'high' as raw_high,
    bars.bar ->> 'low' as raw_low,
    bars.bar ->> 'close' as raw_close,
    bars.bar ->> 'volume' as raw_volume,
    coalesce(json_exists(bars.bar, '$.volume'), false) as volume_reported
from bars
inner join {objects} as objects on objects.source_key = bars.source_key
