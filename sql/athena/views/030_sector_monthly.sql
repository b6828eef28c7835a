-- View: sector_monthly (QuickSight data set sector-monthly)
-- Grain: one row per (sector, month_start). Reads: monthly_metrics.
-- Sector comparison: the average monthly return of the sector's instruments, its total volume and share of all
-- volume traded that month, and its best and worst performer of the month.
with sectors as (
    select
        months.sector,
        months.month_start,
        count(*) as instruments,
        avg(months.monthly_return_pct) as avg_return_pct,
        sum(months.volume) as volume,
        max_by(months.symbol, months.monthly_return_pct) as top_symbol,
        max(months.monthly_return_pct) as top_return_pct,
        min_by(months.symbol, months.monthly_return_pct) as bottom_symbol,
        min(months.monthly_return_pct) as bottom_return_pct
    from monthly_metrics as months
    where months.monthly_return_pct is not null
    group by months.sector, months.month_start
)

select
    sectors.*,
    100 * sectors.volume / nullif(sum(sectors.volume) over (partition by sectors.month_start), 0) as volume_share_pct
from sectors
