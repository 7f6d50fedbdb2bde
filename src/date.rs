//! Dates and times: the clock, calendar arithmetic, and dates as written in English and
//! Japanese.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since 1970, for records.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `YYYY-MM-DDTHHMMSS` (UTC), for file names.
pub fn timestamp_for_file() -> String {
    let (date, time) = iso_parts(now());
    format!("{}T{}", date, time.replace(':', ""))
}

/// `YYYY-MM-DD HH:MM` (UTC).
pub fn iso_minute(seconds: u64) -> String {
    let (date, time) = iso_parts(seconds);
    format!("{date} {}", &time[..5])
}

fn iso_parts(seconds: u64) -> (String, String) {
    let days = i64::try_from(seconds / 86_400).unwrap_or(i64::MAX);
    let rest = seconds % 86_400;
    let (y, m, d) = civil_from_days(days);
    (
        format!("{y:04}-{m:02}-{d:02}"),
        format!("{:02}:{:02}:{:02}", rest / 3600, rest / 60 % 60, rest % 60),
    )
}

/// Howard Hinnant's days-to-civil: the proleptic Gregorian date of a day count from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = u32::try_from(day_of_year - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The English month names, January first.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Japanese eras and the Western year before each one's first: 平成1 is 1989.
pub const ERAS: [(&str, u32); 5] = [
    ("令和", 2018),
    ("平成", 1988),
    ("昭和", 1925),
    ("大正", 1911),
    ("明治", 1867),
];

/// Reads a whole string as a date: `December 20, 2013`, `20 Dec. 2013`, `2013年 12月 20日`
/// (full-width digits and 令和/平成/昭和 years too), `2013-12-20`, `2013/12/20` → `2013-12-20`.
/// Years past `MAX_YEAR` are not read as dates.
pub fn parse_date(text: &str) -> Option<String> {
    let text = to_ascii_digits(text.trim());
    let (year, month, day) = parse_japanese_date(&text)
        .or_else(|| parse_numeric_date(&text))
        .or_else(|| parse_english_date(&text))?;
    let valid = year <= MAX_YEAR
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day);
    valid.then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The last year an ISO date of four digits can hold.
const MAX_YEAR: u32 = 9999;

fn to_ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            other => other,
        })
        .collect()
}

fn parse_japanese_date(text: &str) -> Option<(u32, u32, u32)> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (year, rest) = compact.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let (day, rest) = rest.split_once('日')?;
    if !is_weekday_suffix(rest) {
        return None;
    }
    Some((japanese_year(year)?, month.parse().ok()?, day.parse().ok()?))
}

/// Nothing, or a weekday in brackets: `（金）`, `(Fri)`.
fn is_weekday_suffix(rest: &str) -> bool {
    rest.is_empty()
        || (rest.starts_with(['(', '（'])
            && rest.ends_with([')', '）'])
            && rest.chars().count() <= 6)
}

/// `2013`, or an era year: `平成25`, `令和元`.
fn japanese_year(text: &str) -> Option<u32> {
    for (era, offset) in ERAS {
        if let Some(number) = text.strip_prefix(era) {
            let year: u32 = if number == "元" {
                1
            } else {
                number.parse().ok()?
            };
            return offset.checked_add(year);
        }
    }
    text.parse().ok()
}

fn parse_numeric_date(text: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    if year.len() != 4 {
        return None;
    }
    Some((year.parse().ok()?, month.parse().ok()?, day.parse().ok()?))
}

fn parse_english_date(text: &str) -> Option<(u32, u32, u32)> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [month, day, year] if month_number(month).is_some() => {
            Some((year.parse().ok()?, month_number(month)?, day.parse().ok()?))
        }
        [day, month, year] => Some((year.parse().ok()?, month_number(month)?, day.parse().ok()?)),
        _ => None,
    }
}

/// `December`, `Dec`, `Sept` → 12, 12, 9.
fn month_number(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    if word.len() < 3 {
        return None;
    }
    let index = MONTHS.iter().position(|m| m.starts_with(&word))?;
    u32::try_from(index + 1).ok()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso_minute(0), "1970-01-01 00:00");
        assert_eq!(iso_minute(1_387_497_600), "2013-12-20 00:00");
        assert_eq!(iso_minute(951_782_400 + 3_600 + 120), "2000-02-29 01:02");
        assert_eq!(iso_minute(4_102_444_800), "2100-01-01 00:00");
    }
    #[test]
    fn dates_in_both_languages() {
        let want = Some("2013-12-20".to_owned());
        assert_eq!(parse_date("December 20, 2013"), want);
        assert_eq!(parse_date("Dec. 20, 2013"), want);
        assert_eq!(parse_date("20 December 2013"), want);
        assert_eq!(parse_date("2013年 12月 20日"), want);
        assert_eq!(parse_date("２０１３年１２月２０日（金）"), want);
        assert_eq!(parse_date("平成25年12月20日"), want);
        assert_eq!(parse_date("2013-12-20"), want);
        assert_eq!(parse_date("2019年5月1日"), parse_date("令和元年5月1日"));
        assert_eq!(
            parse_date("平成8011年1月1日").as_deref(),
            Some("9999-01-01")
        );
    }

    #[test]
    fn non_dates_are_refused() {
        for text in [
            "",
            "February 30, 2013",
            "In early November, 2013",
            "2013年12月20日に発表された",
            "May 2013",
            "ISHIGOOKA Ken / Journalist",
            "平成4294967295年 1月 1日",
            "令和4294967295年 1月 1日",
            "平成9000年 1月 1日",
            "10000年 1月 1日",
            "January 1, 99999",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }
}
