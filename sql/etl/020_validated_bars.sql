-- Model: validated_bars
-- Grain: one row per bar in a raw response. Key: (source_key, raw_ordinal).
-- Adds reject_reason, null when the bar is usable. Null handling per column:
--   datetime             missing or unparseable            -> INVALID_DATETIME
--   open/high/low/close  missing (key absent or null)      -> MISSING_PRICE
--   open/high/low/close  present but not a number          -> INVALID_NUMBER
--   volume               missing (forex, crypto, gaps)     -> kept, volume null, volume_reported says whether the key was sent
--   volume               present but not a number          -> INVALID_NUMBER
select
    typed.*,
    case
        when typed.bar_time is null then 'INVALID_DATETIME'
        when typed.raw_open is null or typed.raw_high is null or typed.raw_low is null or typed.raw_close is null
            then 'MISSING_PRICE'
        when typed.open is null or typed.high is null or typed.low is null or typed.close is null
            then 'INVALID_NUMBER'
        when typed.raw_volume is not null and typed.volume is null then 'INVALID_NUMBER'
    end as reject_reason
from typed_bars as typed
