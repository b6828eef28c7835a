-- Query: unusual_volume_days
-- Grain: one row per (symbol, bar_date) whose volume is 2 or more standard deviations from its 20-day mean.
-- Reads: daily_metrics. Newest first, the most unusual first within a day.
select
    metrics.symbol,
    metrics.sector,
    metrics.bar_date,
    metrics.volume,
    round(metrics.volume_zscore, 2) as volume_zscore,
    round(metrics.return_pct, 2) as return_pct
from daily_metrics as metrics
where abs(metrics.volume_zscore) >= 2
order by metrics.bar_date desc, abs(metrics.volume_zscore) desc, metrics.symbol
