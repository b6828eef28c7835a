-- View: risk_metrics (QuickSight data set risk-metrics)
-- Grain: one row per symbol. Reads: daily_metrics.
-- Risk of each instrument over all its daily bars: mean and standard deviation of daily returns (sample), annualised
-- volatility (x the square root of the sessions a year of its trading calendar), maximum drawdown, historical one-day VaR at 95 % (the loss at the 5th percentile of returns,
-- nearest-rank method) and the number of high-risk days (|return| beyond 3 standard deviations).
with returns as (
    select
        metrics.symbol,
        metrics.sector,
        metrics.return_pct,
        metrics.drawdown_pct,
        metrics.sessions_per_year,
        row_number() over (partition by metrics.symbol order by metrics.return_pct) as return_rank,
        count(metrics.return_pct) over (partition by metrics.symbol) as return_days,
        avg(metrics.return_pct) over (partition by metrics.symbol) as mean_return_pct,
        stddev_samp(metrics.return_pct) over (partition by metrics.symbol) as return_std_pct
    from daily_metrics as metrics
)

select
    returns.symbol,
    max(returns.sector) as sector,
    max(returns.return_days) as return_days,
    max(returns.mean_return_pct) as mean_return_pct,
    max(returns.return_std_pct) as daily_volatility_pct,
    max(returns.return_std_pct) * sqrt(max(returns.sessions_per_year)) as annualised_volatility_pct,
    min(returns.drawdown_pct) as max_drawdown_pct,
    -max(case when returns.return_rank = ceil(0.05 * returns.return_days) then returns.return_pct end) as var_95_pct,
    cast(sum(case when abs(returns.return_pct - returns.mean_return_pct) > 3 * returns.return_std_pct then 1 else 0 end) as bigint) as high_risk_days,
    max(returns.sessions_per_year) as sessions_per_year
from returns
where returns.return_pct is not null
group by returns.symbol
