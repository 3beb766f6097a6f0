//! Instants as the front ends take them for TS013 `recvTime`: epoch milliseconds, or an
//! RFC 3339 date and time (`2024-05-01T10:00:00Z`, `2024-05-01T12:00:00.250+02:00`).

/// Epoch milliseconds of `text`, or `None` when it is neither an integer nor RFC 3339.
pub fn parse_instant(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(ms) = text.parse::<i64>() {
        return Some(ms);
    }
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let s = b.get(range)?;
        s.iter().all(u8::is_ascii_digit).then(|| s.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
        // Milliseconds: the first three digits of the fraction, truncated.
        let digits = &text[start..i.min(start + 3)];
        millis = digits.parse::<i64>().ok()? * 10i64.pow(3 - digits.len() as u32);
    }
    let offset_minutes = match &b[i..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] if b.len() == i + 6 && b[i + 3] == b':' => {
            let (h, m) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            if *sign == b'+' { h * 60 + m } else { -(h * 60 + m) }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some((((days * 24 + hour) * 60 + minute - offset_minutes) * 60 + second) * 1000 + millis)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::parse_instant;

    #[test]
    fn epoch_milliseconds_and_rfc_3339() {
        assert_eq!(parse_instant("1700000000000"), Some(1_700_000_000_000));
        // Node: Date.parse('2023-11-14T22:13:20Z') === 1700000000000
        assert_eq!(parse_instant("2023-11-14T22:13:20Z"), Some(1_700_000_000_000));
        assert_eq!(parse_instant("2023-11-15T00:13:20.250+02:00"), Some(1_700_000_000_250));
        assert_eq!(parse_instant("1969-12-31T23:59:59.999Z"), Some(-1));
        assert_eq!(parse_instant("2024-02-29T00:00:00Z"), Some(1_709_164_800_000));
        for bad in ["", "yesterday", "2023-02-29T00:00:00Z", "2023-11-14T22:13:20", "2023-11-14T25:00:00Z", "2023-11-14T22:13:20+2"] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }
}
