-- Model: monthly_bars (curated table)
-- Grain: one row per (symbol, bar_interval, month_start). Partitioned by (bar_interval, year).
-- First open, highest high, lowest low, last close and total volume of each calendar month, with the return against
-- the previous month's close. volume stays null when no bar of the month reported one; volume_days counts the bars that
-- reported one, so a month whose volume misses days is visible (volume_days < trading_days).
with months as (
    select
        daily.symbol,
        daily.bar_interval,
        cast(date_trunc('month', daily.bar_date) as date) as month_start,
        min_by(daily.open, daily.bar_time) as open,
        max(daily.high) as high,
        min(daily.low) as low,
        max_by(daily.close, daily.bar_time) as close,
        sum(daily.volume) as volume,
        count(*) as trading_days,
        count(daily.volume) as volume_days,
        max(daily.sector) as sector,
        max(daily.asset_type) as asset_type
    from daily_bars as daily
    group by daily.symbol, daily.bar_interval, cast(date_trunc('month', daily.bar_date) as date)
)

select
    calendar_month.symbol,
    calendar_month.month_start,
    calendar_month.open,
    calendar_month.high,
    calendar_month.low,
    calendar_month.close,
    calendar_month.volume,
    calendar_month.trading_days,
    cast(calendar_month.volume_days as int) as volume_days,
    100 * (
        cast(calendar_month.close as double)
        / cast(lag(calendar_month.close) over (partition by calendar_month.symbol, calendar_month.bar_interval order by calendar_month.month_start) as double)
        - 1
    ) as monthly_return_pct,
    calendar_month.sector,
    calendar_month.asset_type,
    calendar_month.bar_interval,
    year(calendar_month.month_start) as year
from months as calendar_month
