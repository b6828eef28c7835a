-- Model: validated_bars
-- Grain: one row per bar in a raw response. Key: (source_key, raw_ordinal).
-- Adds reject_reason, null when the bar is usable. A bar belongs to the object it was requested and stored under: a body
-- whose meta disagrees with the object's key is not trusted. Null handling per column:
--   response             not JSON, or values not an array (raw_ordinal -1) -> MALFORMED_RESPONSE
--   datetime             missing or unparseable            -> INVALID_DATETIME
--   meta.symbol          missing or not the requested one  -> SYMBOL_MISMATCH
--   meta.interval        missing or not the requested one  -> INTERVAL_MISMATCH
--   open/high/low/close  missing (key absent or null)      -> MISSING_PRICE
--   open/high/low/close  present but not a number          -> INVALID_NUMBER
--   volume               missing (forex, crypto, gaps)     -> kept, volume null, volume_reported says whether the key was sent
--   volume               present but not a number          -> INVALID_NUMBER
--   bar date             after the run's start date in the exchange's time zone (run_as_of_date) -> FUTURE_BAR
select
    typed.*,
    case
        when typed.raw_ordinal < 0 then 'MALFORMED_RESPONSE'
        when typed.bar_time is null then 'INVALID_DATETIME'
        when typed.meta_symbol is null or typed.meta_symbol <> typed.symbol then 'SYMBOL_MISMATCH'
        when typed.meta_interval is null or typed.meta_interval <> typed.bar_interval then 'INTERVAL_MISMATCH'
        when typed.raw_open is null or typed.raw_high is null or typed.raw_low is null or typed.raw_close is null
            then 'MISSING_PRICE'
        when typed.open is null or typed.high is null or typed.low is null or typed.close is null
            then 'INVALID_NUMBER'
        when typed.raw_volume is not null and typed.volume is null then 'INVALID_NUMBER'
        when cast(typed.bar_time as date) > typed.run_as_of_date then 'FUTURE_BAR'
    end as reject_reason
from typed_bars as typed
