-- View: monthly_metrics (QuickSight data set monthly-metrics)
-- Grain: one row per (symbol, month_start) of daily bars. Reads: monthly_bars.
-- Monthly open, close, total volume and return, with the change of volume against the previous month.
-- volume_complete says whether every bar of the month reported a volume (volume_days = trading_days): a month without
-- it sums fewer days, and its volume change is not comparable.
with months as (
    select
        monthly.symbol,
        monthly.sector,
        monthly.asset_type,
        monthly.month_start,
        monthly.open,
        monthly.high,
        monthly.low,
        monthly.close,
        cast(monthly.volume as double) as volume,
        monthly.trading_days,
        monthly.monthly_return_pct,
        monthly.volume_days,
        monthly.volume_days = monthly.trading_days as volume_complete
    from monthly_bars as monthly
    where monthly.bar_interval = '1day'
)

select
    months.*,
    100 * (months.volume / nullif(lag(months.volume) over (partition by months.symbol order by months.month_start), 0) - 1) as volume_change_pct
from months
