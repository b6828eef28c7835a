-- Query: symbol_performance
-- Grain: one row per (symbol, bar_interval). Reads: daily_bars.
-- Period performance of every instrument: first and last bar, total return, annualised volatility of daily log
-- returns (sample standard deviation x the square root of the sessions a year of the symbol's trading calendar; daily
-- bars only, null for other intervals), average reported volume, and how often bars were delivered again by
-- later runs (refetches: the scheduled window overlaps; a changed value is also in bar_revisions).
-- Portable between Athena engine v3 (Trino) and DuckDB: lowercase, unquoted identifiers, min_by/max_by, stddev_samp.
with per_symbol as (
    select
        bars.symbol,
        bars.bar_interval,
        max(bars.sector) as sector,
        max(bars.asset_type) as asset_type,
        min(bars.bar_date) as first_date,
        max(bars.bar_date) as last_date,
        count(*) as bars,
        min_by(bars.close, bars.bar_time) as first_close,
        max_by(bars.close, bars.bar_time) as last_close,
        stddev_samp(bars.log_return) as daily_log_return_stddev,
        max(bars.sessions_per_year) as sessions_per_year,
        avg(bars.volume) as avg_volume,
        sum(bars.duplicate_versions - 1) as refetches
    from daily_bars as bars
    group by bars.symbol, bars.bar_interval
)

select
    perf.symbol,
    perf.bar_interval,
    perf.sector,
    perf.asset_type,
    perf.first_date,
    perf.last_date,
    perf.bars,
    perf.first_close,
    perf.last_close,
    round(100 * (cast(perf.last_close as double) / cast(perf.first_close as double) - 1), 2) as total_return_pct,
    case when perf.bar_interval = '1day' then round(100 * perf.daily_log_return_stddev * sqrt(perf.sessions_per_year), 2) end as annualised_volatility_pct,
    round(cast(perf.avg_volume as double), 0) as avg_volume,
    perf.refetches
from per_symbol as perf
order by perf.symbol, perf.bar_interval
