//! Clock time: the truth for rest, overlap and weekends.
//!
//! Every instant is a number of minutes from `horizon.start` 00:00. A shift on date index `d`
//! occupies the half-open interval `[d·1440 + start, d·1440 + start + len)`; nights cross
//! midnight; a cyclic horizon of `T` minutes repeats, so every interval also exists at `±T`.
//! Intervals overlap only when their intersection has positive length.

use chrono::{Datelike, NaiveDate, Weekday};

/// Minutes in a day.
pub const DAY: i64 = 1440;

/// Clock minutes between 21:00 and 06:00 that make a shift type a night shift (3 h): the
/// definition of the rota-quality key figures and patterns (docs/format.md, "Rota quality").
pub(crate) const NIGHT_SHIFT_MINUTES: i64 = 3 * 60;

/// Minutes of `[s, e)` (minutes from any midnight) between 21:00 and 06:00, night work under
/// AML §10-11 (1).
pub(crate) fn night_minutes(s: i64, e: i64) -> i64 {
    let first = s.div_euclid(DAY) - 1;
    let last = e.div_euclid(DAY);
    (first..=last)
        .map(|d| {
            let n0 = d * DAY + 21 * 60;
            (e.min(n0 + 9 * 60) - s.max(n0)).max(0)
        })
        .sum()
}

/// Whether a shift starting `start` minutes after midnight and lasting `len` minutes is a
/// night shift: at least [`NIGHT_SHIFT_MINUTES`] of it between 21:00 and 06:00.
pub(crate) fn is_night_shift(start: i64, len: i64) -> bool {
    night_minutes(start, start + len) >= NIGHT_SHIFT_MINUTES
}

/// Clock minutes between 18:00 and 24:00 that make a shift type (not a night, starting at
/// 12:00 or later) an evening shift (2 h: a short evening 16:00–20:00 is one).
pub(crate) const EVENING_SHIFT_MINUTES: i64 = 2 * 60;

/// Whether a shift starting `start` minutes after midnight and lasting `len` minutes is an
/// evening shift: not a night shift, starting at 12:00 or later, with at least
/// [`EVENING_SHIFT_MINUTES`] of it between 18:00 and 24:00 (a long day 08:00–20:00 is not one).
pub(crate) fn is_evening_shift(start: i64, len: i64) -> bool {
    let s = start.rem_euclid(DAY);
    let evening: i64 = (0..=(s + len).div_euclid(DAY))
        .map(|d| {
            let e0 = d * DAY + 18 * 60;
            ((s + len).min(e0 + 6 * 60) - s.max(e0)).max(0)
        })
        .sum();
    !is_night_shift(start, len) && s >= 12 * 60 && evening >= EVENING_SHIFT_MINUTES
}
/// Minutes in a week.
pub const WEEK: i64 = 7 * DAY;

/// A half-open interval `[start, end)` of minutes from the horizon start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Interval {
    /// First minute.
    pub start: i64,
    /// One past the last minute.
    pub end: i64,
}

impl Interval {
    /// `[start, end)`.
    pub fn new(start: i64, end: i64) -> Interval {
        Interval { start, end }
    }
    /// Whether the intersection has positive length.
    pub fn overlaps(&self, o: &Interval) -> bool {
        self.start < o.end && o.start < self.end
    }
    /// The interval moved by `by` minutes.
    pub fn shifted(&self, by: i64) -> Interval {
        Interval::new(self.start + by, self.end + by)
    }
}

/// Parses `"HH:MM"` (00:00–23:59) into minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<i64> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Parses a weekday `"mon".."sun"` into 0 (Monday) ..= 6 (Sunday).
pub fn parse_weekday(s: &str) -> Option<i64> {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    DAYS.iter().position(|d| *d == s).map(|i| i as i64)
}

/// Parses a point in the week, `"sat 00:00"`, into minutes after Monday 00:00.
pub fn parse_week_point(s: &str) -> Option<i64> {
    let (d, t) = s.split_once(' ')?;
    Some(parse_weekday(d)? * DAY + parse_hhmm(t)?)
}

/// Parses an ISO date `"YYYY-MM-DD"`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The demand `days` token for public holidays (`"days": ["sun", "holiday"]`).
pub const HOLIDAY: &str = "holiday";

/// The public-holiday calendars `horizon.holidays` may name.
pub const HOLIDAY_CALENDARS: &[&str] = &["NO"];

/// Easter Sunday of a Gregorian year, by the anonymous Gregorian computus (Meeus, *Astronomical
/// Algorithms*, ch. 8; also known as the Meeus/Jones/Butcher algorithm). `None` outside the
/// years chrono represents.
pub fn easter(year: i32) -> Option<NaiveDate> {
    let y = year;
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32)
}

/// Norwegian public holidays of `year` (lov om helligdager og helligdagsfred §1 and lov om 1.
/// og 17. mai som høgtidsdagar): New Year's Day, Maundy Thursday, Good Friday, Easter Sunday
/// and Monday, 1 May, 17 May, Ascension Day, Whit Sunday and Monday, Christmas Day and Boxing
/// Day, ascending, each date once (Whit Monday falls on 17 May in some years, 2027 among them),
/// with their Norwegian names.
pub fn norwegian_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let Some(e) = easter(year) else {
        return Vec::new();
    };
    let rel = |days: i64, name| Some((e + chrono::Duration::days(days), name));
    let fixed = |m, d, name| NaiveDate::from_ymd_opt(year, m, d).map(|dt| (dt, name));
    let mut out: Vec<(NaiveDate, &'static str)> = [
        fixed(1, 1, "nyttårsdag"),
        rel(-3, "skjærtorsdag"),
        rel(-2, "langfredag"),
        rel(0, "første påskedag"),
        rel(1, "andre påskedag"),
        fixed(5, 1, "offentlig høytidsdag"),
        fixed(5, 17, "grunnlovsdag"),
        rel(39, "Kristi himmelfartsdag"),
        rel(49, "første pinsedag"),
        rel(50, "andre pinsedag"),
        fixed(12, 25, "første juledag"),
        fixed(12, 26, "andre juledag"),
    ]
    .into_iter()
    .flatten()
    .collect();
    out.sort_by_key(|(d, _)| *d);
    out.dedup_by_key(|(d, _)| *d);
    out
}

/// The public holidays of a named calendar (see [`HOLIDAY_CALENDARS`]) from `first` to `last`
/// inclusive; `None` for a calendar heltid does not know.
pub fn public_holidays(
    calendar: &str,
    first: NaiveDate,
    last: NaiveDate,
) -> Option<Vec<NaiveDate>> {
    match calendar {
        "NO" => Some(
            (first.year()..=last.year())
                .flat_map(norwegian_holidays)
                .map(|(d, _)| d)
                .filter(|d| (first..=last).contains(d))
                .collect(),
        ),
        _ => None,
    }
}

/// Whether `date` is a Sunday.
pub fn is_sunday(date: NaiveDate) -> bool {
    date.weekday() == Weekday::Sun
}

/// End of a Sunday/holiday window: 22:00 on the day, in minutes after the day's 00:00.
pub const SUNDAY_WINDOW_END: i64 = 22 * 60;

/// Where the Sunday/holiday window of `date` starts (AML §10-10 (1)), in minutes after the
/// day's 00:00 (negative: on the day before). Work from 18:00 the day before until 22:00 on the
/// day is Sunday/holiday work ([`SUNDAY_WINDOW_END`]). Three readings of the act and the 1947
/// act on 1 and 17 May move the start:
/// - Christmas Day, Easter Sunday and Whit Sunday: from 15:00 on the eve (`−540`);
/// - 1 and 17 May: the day before is an ordinary working day, so from 22:00 on it (`−120`),
///   unless that day is a Saturday, a Sunday or a holiday, or the day is also Ascension Day;
/// - otherwise from 18:00 on the day before (`−360`).
///
/// `is_holiday` tells the scenario's public holidays. The eves are told by the date, so the
/// same windows hold whether holidays come from the `"NO"` calendar or an explicit list.
pub fn sunday_window_start(date: NaiveDate, is_holiday: &dyn Fn(NaiveDate) -> bool) -> i64 {
    let Some(prev) = date.pred_opt() else {
        return -6 * 60;
    };
    let easter = easter(date.year());
    let rel = |days: i64| easter.map(|e| e + chrono::Duration::days(days));
    let christmas = date.month() == 12 && date.day() == 25;
    if christmas || Some(date) == rel(0) || Some(date) == rel(49) {
        return -9 * 60;
    }
    let may = date.month() == 5 && (date.day() == 1 || date.day() == 17);
    let ordinary_eve = !matches!(prev.weekday(), Weekday::Sat | Weekday::Sun) && !is_holiday(prev);
    if may && !is_sunday(date) && ordinary_eve && Some(date) != rel(39) {
        return -2 * 60;
    }
    -6 * 60
}

/// Where work starts to count as work **on** `date` for the Sunday and holiday rules, in
/// minutes after the day's 00:00: the window of [`sunday_window_start`], except that after a
/// Sunday or holiday the day starts at its own 00:00. Consecutive holidays (Maundy Thursday and
/// Good Friday, Easter Sunday and Monday, Christmas Day and Boxing Day) form one protected
/// period in the act; counted from 18:00 the day before, every evening shift of the first day
/// would also be work on the second, and no one could work it under "off the next one". So
/// an evening on the first day is that day's work, and a night from it is the second's.
pub fn sunday_count_start(date: NaiveDate, is_holiday: &dyn Fn(NaiveDate) -> bool) -> i64 {
    match date.pred_opt() {
        Some(prev) if is_sunday(prev) || is_holiday(prev) => 0,
        _ => sunday_window_start(date, is_holiday),
    }
}

/// A Sunday or public holiday of a horizon with a window of it, in minutes from the horizon's
/// first date 00:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SundayWindow {
    /// Date index.
    pub day: usize,
    /// Whether it is a public holiday.
    pub holiday: bool,
    /// First minute of the window.
    pub from: i64,
    /// One past its last minute (22:00 on the day).
    pub to: i64,
}

/// The Sundays and `holidays` (sorted) among the `days` dates from `first`, in date order, a
/// holiday on a Sunday once, each with its window from where `start` says
/// ([`sunday_window_start`] for the act's hours, [`sunday_count_start`] for whose day the work
/// is) to 22:00. One list for the model, the checker and the key figures.
pub fn sunday_windows(
    first: NaiveDate,
    days: usize,
    holidays: &[NaiveDate],
    start: fn(NaiveDate, &dyn Fn(NaiveDate) -> bool) -> i64,
) -> Vec<SundayWindow> {
    let is_holiday = |d: NaiveDate| holidays.binary_search(&d).is_ok();
    (0..days)
        .filter_map(|d| {
            let date = first.checked_add_days(chrono::Days::new(d as u64))?;
            let holiday = is_holiday(date);
            (holiday || is_sunday(date)).then(|| {
                let midnight = d as i64 * DAY;
                SundayWindow {
                    day: d,
                    holiday,
                    from: midnight + start(date, &is_holiday),
                    to: midnight + SUNDAY_WINDOW_END,
                }
            })
        })
        .collect()
}

/// Runs of `n` consecutive items among `count` (the weekends of a horizon, its Sundays and
/// holidays, ...): when `wrap` (a cyclic horizon) every run starting at each item, wrapping,
/// so indices repeat when `count < n`; otherwise every run inside, or all items when there
/// are fewer than `n`. `n <= 1` or no items give no runs.
pub fn runs(count: usize, n: usize, wrap: bool) -> Vec<Vec<usize>> {
    if n <= 1 || count == 0 {
        return Vec::new();
    }
    if wrap {
        (0..count)
            .map(|s| (0..n).map(|j| (s + j) % count).collect())
            .collect()
    } else if count <= n {
        vec![(0..count).collect()]
    } else {
        (0..=count - n).map(|s| (s..s + n).collect()).collect()
    }
}

/// Clock length of a shift from its start and end minutes: `(end − start) mod 1440`, where
/// `end == start` means 24 h.
pub fn shift_minutes(start: i64, end: i64) -> i64 {
    match (end - start).rem_euclid(DAY) {
        0 => DAY,
        l => l,
    }
}

/// The horizon as a calendar: dates, weeks, cyclic copies and weekend windows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    start: NaiveDate,
    weeks: i64,
    cyclic: bool,
}

impl Calendar {
    /// A calendar of `weeks` weeks from `start` (a Monday).
    pub fn new(start: NaiveDate, weeks: i64, cyclic: bool) -> Calendar {
        Calendar {
            start,
            weeks,
            cyclic,
        }
    }
    /// Number of dates.
    pub fn days(&self) -> usize {
        (self.weeks * 7) as usize
    }
    /// Number of weeks (and weekend windows).
    pub fn weeks(&self) -> usize {
        self.weeks as usize
    }
    /// Whether the horizon repeats.
    pub fn cyclic(&self) -> bool {
        self.cyclic
    }
    /// Length of the horizon in minutes (the cycle period when cyclic).
    pub fn period(&self) -> i64 {
        self.weeks * WEEK
    }
    /// Date of day index `d`.
    pub fn date(&self, d: usize) -> NaiveDate {
        self.start + chrono::Days::new(d as u64)
    }
    /// ISO string of day index `d`.
    pub fn date_str(&self, d: usize) -> String {
        self.date(d).format("%Y-%m-%d").to_string()
    }
    /// Day index of a date inside the horizon.
    pub fn day_of(&self, date: NaiveDate) -> Option<usize> {
        let d = (date - self.start).num_days();
        (0..self.days() as i64).contains(&d).then_some(d as usize)
    }
    /// Weekday of day index `d`, 0 = Monday.
    pub fn weekday(&self, d: usize) -> i64 {
        (d % 7) as i64
    }
    /// Whether `date` is a Monday.
    pub fn is_monday(date: NaiveDate) -> bool {
        date.weekday() == Weekday::Mon
    }
    /// The interval of a shift with clock `start` minute and `len` minutes on day `d`.
    pub fn shift_interval(&self, d: usize, start: i64, len: i64) -> Interval {
        let s = d as i64 * DAY + start;
        Interval::new(s, s + len)
    }
    /// The copies of an interval the rules must see: itself, and when cyclic also one period
    /// earlier and one later.
    pub fn copies(&self, iv: Interval) -> Vec<Interval> {
        if self.cyclic {
            let t = self.period();
            vec![iv.shifted(-t), iv, iv.shifted(t)]
        } else {
            vec![iv]
        }
    }
    /// Whether a shift interval (with its cyclic copies) overlaps `window`.
    pub fn overlaps(&self, shift: Interval, window: Interval) -> bool {
        // Without the allocation of `copies`: this is asked for every shift and window.
        let t = self.period();
        shift.overlaps(&window)
            || (self.cyclic
                && (shift.shifted(-t).overlaps(&window) || shift.shifted(t).overlaps(&window)))
    }
    /// Calendar week `w`: `[Mon 00:00, next Mon 00:00)`.
    pub fn week(&self, w: usize) -> Interval {
        let s = w as i64 * WEEK;
        Interval::new(s, s + WEEK)
    }
    /// Weekend window `k` from the week points `from` and `to` (minutes after Monday 00:00):
    /// starts at `from` in week `k` and ends at the first `to` after it.
    pub fn weekend_window(&self, k: usize, from: i64, to: i64) -> Interval {
        let s = k as i64 * WEEK + from;
        let len = (to - from).rem_euclid(WEEK);
        Interval::new(s, s + len)
    }
    /// The Saturday calendar day of week `k`.
    pub fn saturday(&self, k: usize) -> Interval {
        let s = k as i64 * WEEK + 5 * DAY;
        Interval::new(s, s + DAY)
    }
    /// The Sunday calendar day of week `k`.
    pub fn sunday(&self, k: usize) -> Interval {
        let s = k as i64 * WEEK + 6 * DAY;
        Interval::new(s, s + DAY)
    }
    /// The weekend windows of a "one in `n`" rule: for cyclic horizons every run of `n`
    /// consecutive weekends starting at each `k` (wrapping, so indices may repeat when
    /// `weeks < n`); for calendar horizons every run of `n` inside the horizon, or the whole
    /// horizon when it is shorter. `n <= 1` gives no runs.
    pub fn weekend_runs(&self, n: usize) -> Vec<Vec<usize>> {
        runs(self.weeks(), n, self.cyclic)
    }
    /// The date `k` dates after `d` (before it when `k < 0`): wrapping when cyclic, `None`
    /// outside a calendar horizon. The neighbours that the per-date patterns (blocks, isolated
    /// days, rest after nights) look at.
    pub fn step(&self, d: usize, k: isize) -> Option<usize> {
        let n = self.days() as isize;
        let i = d as isize + k;
        if (0..n).contains(&i) {
            Some(i as usize)
        } else if self.cyclic && n > 0 {
            Some(i.rem_euclid(n) as usize)
        } else {
            None
        }
    }
    /// Runs of `len` consecutive day indices (wrapping when cyclic, so indices may repeat when
    /// the horizon is shorter than `len`); for calendar horizons only runs inside the horizon.
    pub fn day_runs(&self, len: usize) -> Vec<Vec<usize>> {
        let n = self.days();
        if self.cyclic {
            (0..n)
                .map(|s| (0..len).map(|j| (s + j) % n).collect())
                .collect()
        } else if len > n {
            Vec::new()
        } else {
            (0..=n - len).map(|s| (s..s + len).collect()).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    /// Easter by Gauss's algorithm with the Gregorian corrections and its two exceptions, a
    /// second formulation written independently of [`easter`].
    fn gauss_easter(y: i32) -> NaiveDate {
        let a = y % 19;
        let b = y % 4;
        let c = y % 7;
        let k = y / 100;
        let p = (13 + 8 * k) / 25;
        let q = k / 4;
        let m = (15 - p + k - q) % 30;
        let n = (4 + k - q) % 7;
        let d = (19 * a + m) % 30;
        let e = (2 * b + 4 * c + 6 * d + n) % 7;
        let (month, day) = if 22 + d + e <= 31 {
            (3, 22 + d + e)
        } else {
            (4, d + e - 9)
        };
        let day = match (month, day) {
            (4, 26) => 19,
            (4, 25) if d == 28 && e == 6 && (11 * m + 11) % 30 < 19 => 18,
            _ => day,
        };
        NaiveDate::from_ymd_opt(y, month, day as u32).unwrap()
    }

    #[test]
    fn can_compute_easter_1900_to_2100_by_two_formulations() {
        for y in 1900..=2100 {
            let e = easter(y).unwrap();
            assert_eq!(e, gauss_easter(y), "{y}");
            assert_eq!(e.weekday(), Weekday::Sun, "{y}");
            assert!((3..=4).contains(&e.month()), "{y}");
        }
        // Published dates, including the years where Gauss's exceptions apply (1954, 1981).
        for (y, m, d) in [
            (1954, 4, 18),
            (1981, 4, 19),
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2049, 4, 18),
            (2076, 4, 19),
        ] {
            assert_eq!(easter(y), NaiveDate::from_ymd_opt(y, m, d), "{y}");
        }
    }

    #[test]
    fn can_list_the_norwegian_holidays_of_2027() {
        // Checked by hand against the 2027 calendar: Easter Sunday is 28 March, so Ascension
        // is 6 May and Whit Monday 17 May, the same day as Constitution Day (listed once).
        let date = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap();
        let got: Vec<NaiveDate> = norwegian_holidays(2027)
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        let want = vec![
            date(1, 1),
            date(3, 25),
            date(3, 26),
            date(3, 28),
            date(3, 29),
            date(5, 1),
            date(5, 6),
            date(5, 16),
            date(5, 17),
            date(12, 25),
            date(12, 26),
        ];
        assert_eq!(got, want);
        // Twelve holidays in a year where Whit Monday is not 17 May.
        assert_eq!(norwegian_holidays(2026).len(), 12);
    }

    #[test]
    fn can_list_public_holidays_within_dates_only() {
        let first = NaiveDate::from_ymd_opt(2027, 3, 22).unwrap();
        let last = NaiveDate::from_ymd_opt(2027, 4, 4).unwrap();
        let got = public_holidays("NO", first, last).unwrap();
        assert_eq!(got.len(), 4, "{got:?}");
        // Across a year end.
        let first = NaiveDate::from_ymd_opt(2027, 12, 20).unwrap();
        let last = NaiveDate::from_ymd_opt(2028, 1, 2).unwrap();
        assert_eq!(public_holidays("NO", first, last).unwrap().len(), 3);
        assert_eq!(public_holidays("SE", first, last), None);
    }

    use super::*;

    fn cal(weeks: i64, cyclic: bool) -> Calendar {
        Calendar::new(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(), weeks, cyclic)
    }

    #[test]
    fn can_parse_clock_times() {
        assert_eq!(parse_hhmm("07:45"), Some(465));
        assert_eq!(parse_hhmm("00:00"), Some(0));
        assert_eq!(parse_hhmm("23:59"), Some(1439));
    }

    #[test]
    fn rejects_bad_clock_times() {
        for s in [
            "24:00", "7:45", "07:60", "0745", "07:4a", "", "-1:00", "07:45 ",
        ] {
            assert_eq!(parse_hhmm(s), None, "{s}");
        }
    }

    #[test]
    fn can_parse_week_points_and_dates() {
        assert_eq!(parse_week_point("sat 00:00"), Some(5 * DAY));
        assert_eq!(parse_week_point("fri 18:00"), Some(4 * DAY + 18 * 60));
        assert_eq!(parse_week_point("Sat 00:00"), None);
        assert_eq!(
            parse_date("2027-01-04"),
            NaiveDate::from_ymd_opt(2027, 1, 4)
        );
        assert_eq!(parse_date("2027-02-30"), None);
        assert_eq!(parse_date("2027-1-4"), None);
        assert!(Calendar::is_monday(parse_date("2027-01-04").unwrap()));
        assert!(!Calendar::is_monday(parse_date("2027-01-05").unwrap()));
    }

    #[test]
    fn can_tell_evening_shifts_from_days_long_days_and_nights() {
        let hm = |h: i64, m: i64| h * 60 + m;
        // (start, length, night, evening)
        let cases = [
            (hm(7, 0), hm(8, 0), false, false),   // D 07:00–15:00
            (hm(15, 0), hm(7, 30), false, true),  // A 15:00–22:30, 4.5 h after 18:00
            (hm(14, 30), hm(7, 30), false, true), // A 14:30–22:00, 4 h
            (hm(13, 0), hm(7, 30), false, true),  // 13:00–20:30, 2.5 h
            (hm(16, 0), hm(4, 0), false, true),   // short evening 16:00–20:00
            (hm(12, 0), hm(7, 0), false, false),  // 12:00–19:00, 1 h
            (hm(8, 0), hm(12, 0), false, false),  // long day 08:00–20:00
            (hm(8, 0), hm(14, 0), false, false),  // 08:00–22:00 starts before noon
            (hm(22, 15), hm(9, 30), true, false), // N 22:15–07:45
            (hm(20, 0), hm(10, 0), true, false),  // 20:00–06:00, a night first
            (hm(16, 0), hm(10, 0), true, false),  // 16:00–02:00: 5 h of night
            (hm(16, 0), hm(7, 0), false, true),   // 16:00–23:00: 2 h of night
        ];
        for (start, len, night, evening) in cases {
            let n = is_night_shift(start, len);
            let e = is_evening_shift(start, len);
            assert_eq!((n, e), (night, evening), "{start} + {len}");
        }
    }

    #[test]
    fn can_measure_shifts_across_midnight() {
        assert_eq!(shift_minutes(22 * 60 + 15, 7 * 60 + 45), 570); // N 22:15-07:45
        assert_eq!(shift_minutes(7 * 60 + 30, 15 * 60), 450);
        assert_eq!(shift_minutes(9 * 60, 9 * 60), DAY); // 24 h
        let c = cal(1, true);
        let n = c.shift_interval(6, 22 * 60 + 15, 570); // Sunday night
        assert_eq!(n.end, 7 * DAY + 7 * 60 + 45); // past the end of the horizon
    }

    #[test]
    fn can_touch_without_overlap() {
        let a = Interval::new(0, 465);
        let b = Interval::new(465, 900);
        assert!(!a.overlaps(&b));
        assert!(a.overlaps(&Interval::new(464, 465)));
    }

    #[test]
    fn can_wrap_cyclic_horizons() {
        let c = cal(1, true);
        // Sunday night of the last week reaches into Monday of the first week (next cycle).
        let n = c.shift_interval(6, 22 * 60 + 15, 570);
        assert!(c.overlaps(n, Interval::new(0, 60)));
        let nc = cal(1, false);
        assert!(!nc.overlaps(n, Interval::new(0, 60)));
    }

    #[test]
    fn can_place_weekend_windows() {
        let c = cal(2, true);
        let w0 = c.weekend_window(0, 5 * DAY, 0);
        assert_eq!(w0, Interval::new(5 * DAY, 7 * DAY));
        // Friday night N ending Saturday 07:45 overlaps the window.
        let fri_n = c.shift_interval(4, 22 * 60 + 15, 570);
        assert!(fri_n.overlaps(&w0));
        // A Friday evening shift ending exactly at Saturday 00:00 does not.
        let fri_late = c.shift_interval(4, 16 * 60, 8 * 60);
        assert!(!fri_late.overlaps(&w0));
        // fri 18:00 - mon 06:00: the last window reaches into the next cycle.
        let w1 = c.weekend_window(1, 4 * DAY + 18 * 60, 6 * 60);
        assert_eq!(w1.end, 14 * DAY + 6 * 60);
        let mon_d = c.shift_interval(0, 5 * 60, 120); // Monday 05:00-07:00 of week 0
        assert!(c.overlaps(mon_d, w1));
        assert_eq!(c.saturday(1), Interval::new(12 * DAY, 13 * DAY));
        assert_eq!(c.sunday(1), Interval::new(13 * DAY, 14 * DAY));
    }

    #[test]
    fn can_list_weekend_runs() {
        assert_eq!(
            cal(4, true).weekend_runs(3),
            vec![vec![0, 1, 2], vec![1, 2, 3], vec![2, 3, 0], vec![3, 0, 1]]
        );
        // Cyclic and shorter than n: indices repeat (multiplicity).
        assert_eq!(cal(1, true).weekend_runs(3), vec![vec![0, 0, 0]]);
        assert_eq!(
            cal(4, false).weekend_runs(3),
            vec![vec![0, 1, 2], vec![1, 2, 3]]
        );
        assert_eq!(cal(2, false).weekend_runs(3), vec![vec![0, 1]]);
        assert!(cal(4, true).weekend_runs(1).is_empty());
    }

    #[test]
    fn can_start_sunday_and_holiday_windows_where_the_act_says() {
        let no = |d: NaiveDate| public_holidays("NO", d, d).is_some_and(|h| !h.is_empty());
        let at = |s: &str| sunday_window_start(parse_date(s).unwrap(), &no);
        // An ordinary Sunday, Maundy Thursday, Ascension Day: from 18:00 the day before.
        assert_eq!(at("2027-01-03"), -360);
        assert_eq!(at("2027-03-25"), -360);
        assert_eq!(at("2027-05-06"), -360);
        // Easter Sunday (28 March 2027), Whit Sunday (16 May) and Christmas Day (a Saturday in
        // 2027): from 15:00 on the eve.
        assert_eq!(at("2027-03-28"), -540);
        assert_eq!(at("2027-05-16"), -540);
        assert_eq!(at("2027-12-25"), -540);
        // 1 May 2027 is a Saturday after an ordinary Friday: from 22:00 on the Friday. 17 May
        // 2027 is Whit Monday after Whit Sunday: 18:00.
        assert_eq!(at("2027-05-01"), -120);
        assert_eq!(at("2027-05-17"), -360);
        // 17 May 2028 is a Wednesday: 22:00 on the Tuesday; 1 May 2028 follows a Sunday.
        assert_eq!(at("2028-05-17"), -120);
        assert_eq!(at("2028-05-01"), -360);
        // Ascension Day fell on 17 May in 2007 and on 1 May in 2008: its eve starts at 18:00.
        assert_eq!(at("2007-05-17"), -360);
        assert_eq!(at("2008-05-01"), -360);
        // Counting days: after a Sunday or holiday the day starts at 00:00.
        let count = |s: &str| sunday_count_start(parse_date(s).unwrap(), &no);
        assert_eq!(count("2027-03-26"), 0); // Good Friday after Maundy Thursday
        assert_eq!(count("2027-03-29"), 0); // Easter Monday
        assert_eq!(count("2027-12-26"), 0); // Boxing Day
        assert_eq!(count("2027-03-25"), -360);
        assert_eq!(count("2027-03-28"), -540);
        // The same windows from an explicit list that says nothing about eves.
        let none = |_: NaiveDate| false;
        assert_eq!(
            sunday_window_start(parse_date("2027-12-25").unwrap(), &none),
            -540
        );
        assert_eq!(
            sunday_window_start(parse_date("2028-05-17").unwrap(), &none),
            -120
        );
    }

    #[test]
    fn can_list_runs_of_items() {
        assert_eq!(runs(3, 2, true), vec![vec![0, 1], vec![1, 2], vec![2, 0]]);
        assert_eq!(runs(3, 2, false), vec![vec![0, 1], vec![1, 2]]);
        assert_eq!(runs(1, 2, true), vec![vec![0, 0]]);
        assert_eq!(runs(1, 2, false), vec![vec![0]]);
        assert!(runs(0, 2, true).is_empty());
        assert!(runs(5, 1, false).is_empty());
    }

    #[test]
    fn can_list_day_runs() {
        let c = cal(1, true);
        let runs = c.day_runs(8);
        assert_eq!(runs.len(), 7);
        assert_eq!(runs[0], vec![0, 1, 2, 3, 4, 5, 6, 0]);
        assert_eq!(cal(1, false).day_runs(6).len(), 2);
        assert!(cal(1, false).day_runs(8).is_empty());
    }

    #[test]
    fn can_map_dates_to_days() {
        let c = cal(2, false);
        assert_eq!(c.date_str(13), "2027-01-17");
        assert_eq!(c.day_of(parse_date("2027-01-17").unwrap()), Some(13));
        assert_eq!(c.day_of(parse_date("2027-01-18").unwrap()), None);
        assert_eq!(c.day_of(parse_date("2027-01-03").unwrap()), None);
        assert_eq!(c.weekday(12), 5);
    }
}
