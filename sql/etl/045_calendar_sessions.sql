-- Model: calendar_sessions (not published; read by daily_bars)
-- Grain: one row per (calendar, session_date) of the trading_sessions seed (sql/seeds/trading_sessions.csv).
-- Each trading calendar's sessions numbered in date order, so the sessions between two bars of a symbol are the
-- difference of their numbers; and the calendar's sessions per year, the mean count of its complete years in the seed
-- (the seed's first and last year may be partial and are left out unless there is nothing else), which annualises
-- volatility: about 252 for an exchange, 260 for FX, 365 for crypto.
with sessions as (
    select
        seed.calendar,
        cast(seed.session_date as date) as session_date
    from trading_sessions as seed
),

years as (
    select
        session.calendar,
        year(session.session_date) as session_year,
        count(*) as sessions
    from sessions as session
    group by session.calendar, year(session.session_date)
),

bounds as (
    select
        counted.calendar,
        min(counted.session_year) as first_year,
        max(counted.session_year) as last_year
    from years as counted
    group by counted.calendar
),

per_year as (
    select
        counted.calendar,
        cast(round(avg(cast(counted.sessions as double))) as int) as sessions_per_year
    from years as counted
    inner join bounds as bound on bound.calendar = counted.calendar
    where (counted.session_year > bound.first_year and counted.session_year < bound.last_year)
        or bound.last_year - bound.first_year < 2
    group by counted.calendar
)

select
    session.calendar,
    session.session_date,
    row_number() over (partition by session.calendar order by session.session_date) as session_number,
    calendar_year.sessions_per_year
from sessions as session
left join per_year as calendar_year on calendar_year.calendar = session.calendar
