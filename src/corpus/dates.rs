//! Interview dates in respondent files: read in the forms Dutch researchers write them, checked,
//! and kept as ISO 8601 (`2024-03-05`), the one form that sorts as text in date order.
//!
//! A column is a date column when its name says so (it contains `date` or `datum`, in any
//! case: `interview_date`, `Datum interview`) or when every filled cell of it has the shape of
//! a date (digits and `-`, `/` or `.`, as `10-02-2024`). Every filled cell of a date column
//! must then be a real date, or reading the respondents stops with the file, the line and the
//! value: `2024-13-45` and `gisteren` are refused, not sorted as text.
//!
//! Accepted forms (day before month, as in Dutch; a two-digit year is 20yy):
//!
//! | form | example |
//! |---|---|
//! | ISO 8601 (a time after `T` or a space is dropped) | `2024-03-05`, `2024-03-05T10:30` |
//! | day-month-year with `-`, `/` or `.` | `5-3-2024`, `05/03/2024`, `5.3.24` |
//! | day, Dutch or English month name, year | `5 maart 2024`, `5 mrt. 2024`, `5 March 2024` |
//!
//! Excel date cells of an `.xlsx` respondents file reach here as ISO dates already (see
//! [`crate::corpus::sheet`]), never as serial numbers such as 45363.

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The date if it exists (`2023-02-29` does not).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// ISO 8601: `2024-03-05`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const MONTHS: [(&str, u32); 24] = [
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("april", 4),
    ("mei", 5),
    ("juni", 6),
    ("juli", 7),
    ("augustus", 8),
    ("september", 9),
    ("oktober", 10),
    ("november", 11),
    ("december", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("october", 10),
    ("mrt", 3),
    ("mar", 3),
    ("okt", 10),
    ("oct", 10),
];

/// A month name or its abbreviation (three letters or more, a dot allowed): `mrt.`, `sept`.
fn month_named(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.chars().count() < 3 {
        return None;
    }
    MONTHS.iter().find(|(name, _)| name.starts_with(word.as_str()) || *name == word).map(|&(_, m)| m)
}

/// Reads a date in one of the accepted forms; the error says why not.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    let impossible = || format!("'{text}' is not a date that exists");
    let words: Vec<&str> = text.split_whitespace().collect();
    if let [day, month, year] = words.as_slice() {
        if let (Ok(day), Some(month), Ok(year)) = (day.parse::<u32>(), month_named(month), year.parse::<i32>()) {
            return Date::new(year, month, day).ok_or_else(impossible);
        }
    }
    // ISO with a time: the date part.
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok().filter(|_| p.len() <= 4)).collect();
    let (Some(numbers), 3) = (numbers, parts.len()) else {
        return Err(format!("'{text}' is not a date"));
    };
    let date = if parts[0].len() == 4 && date_part.contains('-') {
        Date::new(numbers[0] as i32, numbers[1], numbers[2])
    } else if parts[2].len() == 4 {
        Date::new(numbers[2] as i32, numbers[1], numbers[0])
    } else if parts[2].len() == 2 {
        Date::new(2000 + numbers[2] as i32, numbers[1], numbers[0])
    } else {
        return Err(format!("'{text}' is not a date"));
    };
    date.ok_or_else(impossible)
}

/// Whether a column's name says it holds dates.
pub fn is_date_name(name: &str) -> bool {
    let name = name.to_lowercase();
    name.contains("date") || name.contains("datum")
}

/// Whether a value has the shape of a numeric date: three groups of digits joined by `-`, `/`
/// or `.`, one of them of four digits or all of at most two.
pub fn has_date_shape(value: &str) -> bool {
    let value = value.trim();
    let parts: Vec<&str> = value.split(['-', '/', '.']).collect();
    parts.len() == 3
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        && (parts[0].len() == 4 || parts[2].len() == 4 || parts.iter().all(|p| p.len() <= 2))
}

/// The message for a value of a date column that is not a date.
pub fn advice() -> &'static str {
    "write it as 2024-03-05 (ISO 8601), 5-3-2024 or 5 maart 2024, or leave the cell empty"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        parse_date(text).map(|d| d.iso()).unwrap_or_else(|e| e)
    }

    #[test]
    fn iso_and_dutch_forms() {
        assert_eq!(iso("2024-03-05"), "2024-03-05");
        assert_eq!(iso("2024-03-05T10:30:00"), "2024-03-05");
        assert_eq!(iso("5-3-2024"), "2024-03-05");
        assert_eq!(iso("05/03/2024"), "2024-03-05");
        assert_eq!(iso("5.3.24"), "2024-03-05");
        assert_eq!(iso("5 maart 2024"), "2024-03-05");
        assert_eq!(iso("5 mrt. 2024"), "2024-03-05");
        assert_eq!(iso("10 Oktober 2023"), "2023-10-10");
        assert_eq!(iso("1 March 2024"), "2024-03-01");
    }

    #[test]
    fn impossible_dates_and_words_are_refused() {
        for text in
            ["2024-13-45", "31-4-2024", "29-2-2023", "0-1-2024", "gisteren", "", "2024", "5 maa 2024x", "1-2-3-4"]
        {
            assert!(parse_date(text).is_err(), "{text}");
        }
        // 2024 is a leap year, 1900 is not, 2000 is.
        assert_eq!(iso("29-2-2024"), "2024-02-29");
        assert!(parse_date("29-2-1900").is_err());
        assert_eq!(iso("29-02-2000"), "2000-02-29");
    }

    /// The order of the issue: 10 February comes before 9 March, not after it as text.
    #[test]
    fn parsed_dates_sort_by_date() {
        let a = parse_date("10-02-2024").unwrap();
        let b = parse_date("09-03-2024").unwrap();
        assert!(a < b && a.iso() < b.iso());
    }

    #[test]
    fn date_shapes_and_names() {
        assert!(has_date_shape("10-02-2024") && has_date_shape("2024-13-45") && has_date_shape("5.3.24"));
        assert!(!has_date_shape("3") && !has_date_shape("06-12345678") && !has_date_shape("a-b-c"));
        assert!(is_date_name("interview_date") && is_date_name("Datum gesprek") && !is_date_name("rol"));
    }
}
