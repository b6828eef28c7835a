-- Query: monthly_leaders
-- Grain: one row per month_start: the best and the worst instrument of the month by monthly return.
-- Reads: monthly_metrics.
select
    months.month_start,
    max_by(months.symbol, months.monthly_return_pct) as top_symbol,
    round(max(months.monthly_return_pct), 2) as top_return_pct,
    min_by(months.symbol, months.monthly_return_pct) as bottom_symbol,
    round(min(months.monthly_return_pct), 2) as bottom_return_pct
from monthly_metrics as months
where months.monthly_return_pct is not null
group by months.month_start
order by months.month_start
