-- Query: high_risk_days
-- Grain: one row per (symbol, bar_date) whose daily return lies beyond 3 standard deviations of the symbol's mean.
-- Reads: daily_metrics, risk_metrics.
select
    metrics.symbol,
    metrics.sector,
    metrics.bar_date,
    round(metrics.return_pct, 2) as return_pct,
    round((metrics.return_pct - risk.mean_return_pct) / risk.daily_volatility_pct, 2) as sigmas
from daily_metrics as metrics
join risk_metrics as risk on risk.symbol = metrics.symbol
where abs(metrics.return_pct - risk.mean_return_pct) > 3 * risk.daily_volatility_pct
order by metrics.bar_date desc, metrics.symbol
