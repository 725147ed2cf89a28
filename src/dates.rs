//! "Now" and "today" at the edge, and the due-date forms users type (SPEC §4).
//!
//! The clock is read only here. `ZICHA_NOW` (RFC 3339) pins it, for tests and reproducible demos.

use chrono::{DateTime, Datelike, Duration, FixedOffset, Local, Months, NaiveDate, Timelike};

/// The current time with the local offset, to the second, or `ZICHA_NOW` if set to an RFC 3339 timestamp.
pub fn now() -> DateTime<FixedOffset> {
    let now = std::env::var("ZICHA_NOW")
        .ok()
        .and_then(|s| DateTime::parse_from_rfc3339(s.trim()).ok())
        .unwrap_or_else(|| Local::now().fixed_offset());
    now.with_nanosecond(0).unwrap_or(now)
}

/// Why a typed due date was not understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not one of the accepted forms.
    Form,
    /// The right form, but no such day (2月30日).
    NoSuchDay,
    /// A relative date too far away to be meant.
    TooFar,
}

/// Parses a due date: `YYYY-MM-DD`, `MM-DD` (this year, or next year if already past), `+3d`, `+2w`,
/// `+1m` (relative to `today`). Surrounding spaces are ignored; full-width digits and `－`/`＋` typed
/// with a Chinese input method are accepted too.
pub fn parse_due(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let s: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' | '—' | '/' | '.' => '-',
            '＋' => '+',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if let Some(rel) = s.strip_prefix('+') {
        let unit = rel.chars().last().ok_or(DateError::Form)?;
        let n: u32 = rel[..rel.len() - unit.len_utf8()]
            .parse()
            .map_err(|_| DateError::Form)?;
        if n > 3660 {
            return Err(DateError::TooFar);
        }
        let date = match unit {
            'd' => today.checked_add_signed(Duration::days(i64::from(n))),
            'w' => today.checked_add_signed(Duration::weeks(i64::from(n))),
            'm' => today.checked_add_months(Months::new(n)),
            _ => return Err(DateError::Form),
        };
        return date.ok_or(DateError::TooFar);
    }
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, max_len: usize| -> Result<u32, DateError> {
        if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::Form);
        }
        p.parse().map_err(|_| DateError::Form)
    };
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => {
            let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
            NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateError::NoSuchDay)
        }
        [m, d] => {
            let (m, d) = (num(m, 2)?, num(d, 2)?);
            let this_year = NaiveDate::from_ymd_opt(today.year(), m, d);
            match this_year {
                Some(date) if date >= today => Ok(date),
                // Past already this year: the user means next year's.
                _ => NaiveDate::from_ymd_opt(today.year() + 1, m, d).ok_or(DateError::NoSuchDay),
            }
        }
        _ => Err(DateError::Form),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn accepts_every_documented_form() {
        let today = d("2026-11-23");
        assert_eq!(parse_due("2027-01-15", today), Ok(d("2027-01-15")));
        assert_eq!(parse_due(" 12-31 ", today), Ok(d("2026-12-31")));
        assert_eq!(
            parse_due("01-10", today),
            Ok(d("2027-01-10")),
            "a past month-day means next year"
        );
        assert_eq!(parse_due("+3d", today), Ok(d("2026-11-26")));
        assert_eq!(parse_due("+2w", today), Ok(d("2026-12-07")));
        assert_eq!(parse_due("+1m", today), Ok(d("2026-12-23")));
        assert_eq!(parse_due("+1M", today), Ok(d("2026-12-23")));
        assert_eq!(
            parse_due("２０２７－０１－０２", today),
            Ok(d("2027-01-02")),
            "full-width input"
        );
        assert_eq!(parse_due("2027/1/2", today), Ok(d("2027-01-02")));
    }

    #[test]
    fn rejects_bad_dates_with_a_reason() {
        let today = d("2026-11-23");
        assert_eq!(parse_due("", today), Err(DateError::Form));
        assert_eq!(parse_due("tomorrow", today), Err(DateError::Form));
        assert_eq!(parse_due("+3y", today), Err(DateError::Form));
        assert_eq!(parse_due("+d", today), Err(DateError::Form));
        assert_eq!(parse_due("2026-02-30", today), Err(DateError::NoSuchDay));
        assert_eq!(parse_due("13-01", today), Err(DateError::NoSuchDay));
        assert_eq!(parse_due("+99999d", today), Err(DateError::TooFar));
        assert_eq!(parse_due("2026-1-1-1", today), Err(DateError::Form));
        assert_eq!(parse_due("+", today), Err(DateError::Form));
    }

    #[test]
    fn month_end_arithmetic_clamps() {
        assert_eq!(parse_due("+1m", d("2027-01-31")), Ok(d("2027-02-28")));
    }
}
