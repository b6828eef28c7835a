-- Model: daily_bars (curated table, schema in sql/contracts/curated_tables.yaml)
-- Grain: one row per (symbol, bar_interval, bar_time). Partitioned by (bar_interval, year, month).
-- The latest run's version of each bar, joined to the symbol reference, with changes against the previous bar of the
-- same symbol and interval. The first bar of a symbol has no previous close: its change columns are null.
-- Daily bars say how many sessions of the symbol's trading calendar their change spans (sessions_since_prev: 1 for
-- consecutive sessions, more where bars are missing) and how many sessions the calendar has a year (annualisation).
-- Incremental runs compute it for the (symbol, bar_interval)s they stage, over their whole published history.
with winning_bars as (
    select version.*
    from bar_versions as version
    where version.version_rank = 1
),

bars_with_previous as (
    -- One join to the calendar for the bar's own session; the previous bar's session number comes from the same window
    -- as its close (a second join on the previous date cost a probe of every bar again).
    select
        bar.*,
        session.session_number,
        lag(bar.close) over (partition by bar.symbol, bar.bar_interval order by bar.bar_time) as prev_close,
        lag(session.session_number) over (partition by bar.symbol, bar.bar_interval order by bar.bar_time) as prev_session_number
    from winning_bars as bar
    left join symbol_reference as calendar_ref on calendar_ref.symbol = bar.symbol
    left join calendar_sessions as session on session.calendar = calendar_ref.calendar and session.session_date = cast(bar.bar_time as date)
),

calendars as (
    select
        session.calendar,
        max(session.sessions_per_year) as sessions_per_year
    from calendar_sessions as session
    group by session.calendar
)

select
    bar.symbol,
    cast(bar.bar_time as date) as bar_date,
    bar.bar_time,
    bar.open,
    bar.high,
    bar.low,
    bar.close,
    bar.volume,
    bar.volume_reported,
    ref.name,
    ref.asset_type,
    ref.sector,
    ref.industry,
    ref.exchange,
    ref.currency,
    bar.prev_close,
    bar.close - bar.prev_close as price_change,
    100 * (cast(bar.close as double) / cast(bar.prev_close as double) - 1) as return_pct,
    ln(cast(bar.close as double) / cast(bar.prev_close as double)) as log_return,
    100 * cast(bar.high - bar.low as double) / cast(bar.open as double) as intraday_range_pct,
    case when bar.bar_interval = '1day' then cast(bar.session_number - bar.prev_session_number as int) end as sessions_since_prev,
    calendar.sessions_per_year,
    bar.runs_delivered_total as duplicate_versions,
    bar.ingest_run_id,
    bar.bar_interval,
    year(bar.bar_time) as year,
    month(bar.bar_time) as month
from bars_with_previous as bar
left join symbol_reference as ref on ref.symbol = bar.symbol
left join calendars as calendar on calendar.calendar = ref.calendar
