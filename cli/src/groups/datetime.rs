//! The `--to-datetime` parser of `groups reset-offsets`:
//! `YYYY-MM-DDTHH:MM:SS[.sss]` with an optional zone, to milliseconds since
//! the Unix epoch.
//!
//! Invariants: no date library; dates convert by the proleptic Gregorian
//! calendar; a field out of range (month 13, February 30) is refused, not
//! rolled over, and so is a time before 1970.

/// Exactly `n` ASCII digits.
pub(super) fn digits(s: &str, n: usize) -> Option<i64> {
    if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// days_from_civil).
pub(super) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(super) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.sss][Z|±HH:MM|±HHMM|±HH]` → milliseconds since the
/// epoch. Without a zone the time is UTC (Kafka appends "Z" too).
pub fn parse_datetime(s: &str) -> std::result::Result<i64, String> {
    let bad = || {
        format!(
            "'{s}' is not a date-time: use YYYY-MM-DDTHH:MM:SS[.sss] with an optional Z or ±HH:MM, e.g. 2024-01-01T00:00:00.000"
        )
    };
    if !s.is_ascii() || s.len() < 19 {
        return Err(bad());
    }
    let b = s.as_bytes();
    if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return Err(bad());
    }
    let field = |range: std::ops::Range<usize>| digits(&s[range.clone()], range.len());
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        field(0..4),
        field(5..7),
        field(8..10),
        field(11..13),
        field(14..16),
        field(17..19),
    ) else {
        return Err(bad());
    };
    let mut rest = &s[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        millis = digits(frac.get(..3).ok_or_else(bad)?, 3).ok_or_else(bad)?;
        rest = &frac[3..];
    }
    let offset_minutes = match rest {
        "" | "Z" => 0,
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return Err(bad()),
            };
            let zone = &rest[1..];
            let (h, m) = match zone.len() {
                2 => (digits(zone, 2), Some(0)),
                4 => (digits(&zone[..2], 2), digits(&zone[2..], 2)),
                5 if zone.as_bytes()[2] == b':' => (digits(&zone[..2], 2), digits(&zone[3..], 2)),
                _ => return Err(bad()),
            };
            match (h, m) {
                (Some(h), Some(m)) if h <= 18 && m < 60 => sign * (h * 60 + m),
                _ => return Err(bad()),
            }
        }
    };
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(format!("'{s}' is not a valid date-time"));
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset_minutes * 60;
    let ms = seconds * 1000 + millis;
    if ms < 0 {
        return Err(format!("'{s}' is before 1970-01-01T00:00:00Z"));
    }
    Ok(ms)
}
