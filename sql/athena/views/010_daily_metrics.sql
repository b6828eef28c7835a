-- View: daily_metrics (QuickSight data set daily-metrics)
-- Grain: one row per (symbol, bar_date) of daily bars. Reads: daily_bars.
-- Daily price and volume change, unusual volume (z-score of the day's volume against the 20 trading days before it),
-- rolling 20-day volatility of log returns annualised with the sessions a year of the symbol's own trading calendar
-- (in %), and drawdown from the running peak close (in %). sessions_since_prev says how many sessions a change spans:
-- 1 for consecutive sessions, more where bars are missing (the change is then not a one-day change).
-- Portable between Athena engine v3 (Trino) and DuckDB: lowercase, unquoted identifiers, ROWS window frames,
-- stddev_samp, doubles for every ratio (Trino divides integers as integers).
with bars as (
    select
        daily.symbol,
        daily.name,
        daily.sector,
        daily.asset_type,
        daily.bar_date,
        daily.open,
        daily.high,
        daily.low,
        daily.close,
        cast(daily.open + daily.high + daily.low + daily.close as double) / 4 as avg_price,
        cast(daily.volume as double) as volume,
        cast(daily.price_change as double) as price_change,
        daily.return_pct,
        daily.log_return,
        daily.intraday_range_pct,
        daily.sessions_since_prev,
        daily.sessions_per_year
    from daily_bars as daily
    where daily.bar_interval = '1day'
),

windowed as (
    select
        bars.*,
        lag(bars.volume) over (partition by bars.symbol order by bars.bar_date) as prev_volume,
        avg(bars.volume) over (partition by bars.symbol order by bars.bar_date rows between 20 preceding and 1 preceding) as volume_avg_20d,
        stddev_samp(bars.volume) over (partition by bars.symbol order by bars.bar_date rows between 20 preceding and 1 preceding) as volume_std_20d,
        count(bars.volume) over (partition by bars.symbol order by bars.bar_date rows between 20 preceding and 1 preceding) as volume_days_20d,
        stddev_samp(bars.log_return) over (partition by bars.symbol order by bars.bar_date rows between 19 preceding and current row) as log_return_std_20d,
        count(bars.log_return) over (partition by bars.symbol order by bars.bar_date rows between 19 preceding and current row) as return_days_20d,
        max(bars.close) over (partition by bars.symbol order by bars.bar_date rows between unbounded preceding and current row) as peak_close
    from bars
)

select
    windowed.symbol,
    windowed.name,
    windowed.sector,
    windowed.asset_type,
    windowed.bar_date,
    windowed.open,
    windowed.high,
    windowed.low,
    windowed.close,
    windowed.avg_price,
    windowed.volume,
    windowed.price_change,
    windowed.return_pct,
    windowed.log_return,
    windowed.intraday_range_pct,
    100 * (windowed.volume / nullif(windowed.prev_volume, 0) - 1) as volume_change_pct,
    case
        when windowed.volume_days_20d = 20 and windowed.volume_std_20d > 0
            then (windowed.volume - windowed.volume_avg_20d) / windowed.volume_std_20d
    end as volume_zscore,
    case when windowed.return_days_20d = 20 then 100 * windowed.log_return_std_20d * sqrt(windowed.sessions_per_year) end as volatility_20d_pct,
    100 * (cast(windowed.close as double) / cast(windowed.peak_close as double) - 1) as drawdown_pct,
    windowed.sessions_since_prev,
    windowed.sessions_per_year
from windowed
