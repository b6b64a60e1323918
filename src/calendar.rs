//! Clock time: the truth for rest, overlap and weekends.
//!
//! Every instant is a number of minutes from `horizon.start` 00:00. A shift on date index `d`
//! occupies the half-open interval `[d·1440 + start, d·1440 + start + len)`; nights cross
//! midnight; a cyclic horizon of `T` minutes repeats, so every interval also exists at `±T`.
//! Intervals overlap only when their intersection has positive length.

use chrono::{Datelike, NaiveDate, Weekday};

/// Minutes in a day.
pub const DAY: i64 = 1440;
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
        self.copies(shift).iter().any(|c| c.overlaps(&window))
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
        let k = self.weeks();
        if n <= 1 || k == 0 {
            return Vec::new();
        }
        if self.cyclic {
            (0..k)
                .map(|s| (0..n).map(|j| (s + j) % k).collect())
                .collect()
        } else if k <= n {
            vec![(0..k).collect()]
        } else {
            (0..=k - n).map(|s| (s..s + n).collect()).collect()
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
