//! The full-time week a rota line earns under the KS main agreement (Hovedtariffavtalen, HTA,
//! chapter 1 §4.2), computed exactly from the line's night and Sunday/holiday minutes.
//!
//! The agreement's tiers (docs/format.md, "Working time under the KS agreement", cites the
//! sources):
//! - §4.2.1: the ordinary week, 37.5 h;
//! - §4.2.2: 35.5 h for rotating work with Sunday work;
//! - §4.2.4, three-shift rotas where the person works at least every third Sunday: the §4.2.1
//!   week is reduced as every hour worked on a Sunday or public holiday (the AML §10-10 (1)
//!   window) counts as 1 h 10 min and every night hour (AML §10-11 (1), 21:00–06:00) as
//!   1 h 15 min, down to an average of 33.6 h a week and never above 35.5 h.
//!
//! So with `N` night minutes and `S` Sunday/holiday minutes over `W` weeks the week is
//! `clamp(37.5 h − (N/4 + S/6) / W, 33.6 h, 35.5 h)`: each credited minute is an extra quarter
//! or sixth of a minute, and the credits shorten the week in which they are earned. A minute
//! that is both night and Sunday (Saturday 21:00 to Sunday 06:00, Sunday 21:00–22:00) earns
//! the night credit only: the agreement gives one credit per hour worked, and of the two the
//! larger. That reading is an open question the KS circulars may settle; an independent
//! open-source calculator reads it the same way, and differs on part time (see the docs).

use crate::num::Ratio;

/// §4.2.1: the ordinary full-time week, in minutes (37.5 h).
pub(crate) const ORDINARY_WEEK: i64 = 2250;
/// §4.2.4: the longest week under the three-shift rule, in minutes (35.5 h).
pub(crate) const THREE_SHIFT_CAP: i64 = 2130;
/// §4.2.4: the shortest average week under the three-shift rule, in minutes (33.6 h).
pub(crate) const THREE_SHIFT_FLOOR: i64 = 2016;

/// The minutes of a rota line the three-shift rule credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Credits {
    /// Minutes between 21:00 and 06:00.
    pub night: i64,
    /// Minutes inside the Sunday and holiday windows and outside 21:00–06:00.
    pub sunday: i64,
}

impl Credits {
    /// The credit in minutes: a quarter of each night minute and a sixth of each Sunday minute
    /// (1 h 15 min and 1 h 10 min per hour).
    pub(crate) fn minutes(&self) -> Ratio {
        Ratio::new(self.night as i128, 4) + Ratio::new(self.sunday as i128, 6)
    }
}

/// §4.2.4: the average full-time week, in minutes, of a line with `credits` over `weeks`
/// weeks (at least 1): `clamp(2250 − credit / weeks, 2016, 2130)`, exact.
pub(crate) fn three_shift_week(credits: Credits, weeks: i64) -> Ratio {
    let raw = Ratio::int(ORDINARY_WEEK) - credits.minutes() / Ratio::int(weeks.max(1));
    raw.clamp(Ratio::int(THREE_SHIFT_FLOOR), Ratio::int(THREE_SHIFT_CAP))
}

/// Whether a rota line earns the three-shift week: it has night work and works at least every
/// third of the horizon's `sundays` Sundays and holidays (`sundays_worked × 3 ≥ sundays`, and
/// the horizon has some). The rule's other conditions are not checked (docs/format.md).
pub(crate) fn qualifies(night_minutes: i64, sundays_worked: usize, sundays: usize) -> bool {
    night_minutes > 0 && sundays > 0 && sundays_worked * 3 >= sundays
}

/// The Sunday and holiday hours of a horizon (AML §10-10 (1)): the union of the days' windows
/// ([`crate::calendar::sunday_window_start`] to 22:00) as disjoint intervals in minutes from the
/// horizon start, and the offsets at which every shift exists (its cyclic copies).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SundayHours {
    windows: Vec<(i64, i64)>,
    copies: Vec<i64>,
}

impl SundayHours {
    /// The Sunday hours of `days` dates from `first` with public `holidays` (sorted); on a
    /// cyclic horizon a window starting before minute 0 (a Monday holiday's eve) wraps to the
    /// end of the cycle, where it may meet the last Sunday's window: merged once, a shift and
    /// its cyclic copies count each minute once.
    pub(crate) fn new(
        first: chrono::NaiveDate,
        days: usize,
        holidays: &[chrono::NaiveDate],
        cyclic: bool,
    ) -> SundayHours {
        let period = days as i64 * crate::calendar::DAY;
        let mut pieces: Vec<(i64, i64)> = Vec::new();
        let windows = crate::calendar::sunday_windows(
            first,
            days,
            holidays,
            crate::calendar::sunday_window_start,
        );
        for w in windows {
            if cyclic && w.from < 0 && period > 0 {
                pieces.push((period + w.from, period));
                pieces.push((0, w.to));
            } else {
                pieces.push((w.from, w.to));
            }
        }
        pieces.sort();
        let mut merged: Vec<(i64, i64)> = Vec::new();
        for (a, b) in pieces {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        SundayHours {
            windows: merged,
            copies: if cyclic {
                vec![0, -period, period]
            } else {
                vec![0]
            },
        }
    }

    /// Minutes of `[start, end)` and its cyclic copies inside the Sunday hours: all of them,
    /// and those outside 21:00–06:00.
    pub(crate) fn minutes(&self, start: i64, end: i64) -> (i64, i64) {
        let (mut all, mut day) = (0, 0);
        for p in &self.copies {
            let (s, e) = (start + p, end + p);
            for &(w0, w1) in &self.windows {
                let (a, b) = (w0.max(s), w1.min(e));
                if a < b {
                    all += b - a;
                    day += b - a - crate::calendar::night_minutes(a, b);
                }
            }
        }
        (all, day)
    }

    /// The credited minutes of one shift `[start, end)`: its night minutes (its own interval:
    /// nights lie on every date, so a cyclic copy would count them again) and its Sunday
    /// minutes outside the night.
    pub(crate) fn credits(&self, start: i64, end: i64) -> Credits {
        Credits {
            night: crate::calendar::night_minutes(start, end),
            sunday: self.minutes(start, end).1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(night_h: f64, sunday_h: f64, weeks: i64) -> Ratio {
        let m = |h: f64| (h * 60.0).round() as i64;
        three_shift_week(
            Credits {
                night: m(night_h),
                sunday: m(sunday_h),
            },
            weeks,
        )
    }

    /// Minutes as "h:mm:ss" for failure messages and exact comparisons.
    fn hms(r: Ratio) -> String {
        let s = (r * Ratio::int(60)).floor();
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }

    #[test]
    fn can_cap_a_line_with_few_credits_at_35_5_hours() {
        // A 6-week line with 4 weekday nights 21:30–07:00 (8.5 h each in 21–06, 34 h) and two
        // Sunday day shifts 07:30–15:00 (15 h): 34·15 + 15·10 = 660 credit minutes, 110 a
        // week, 37 h 30 − 1 h 50 = 35 h 40, capped at 35 h 30.
        let w = week(34.0, 15.0, 6);
        assert_eq!(hms(w), "35:30:00");
        // Under 2 h of credit a week changes nothing: 71.4 Sunday hours in 6 weeks earn 119
        // minutes a week (37 h 30 − 1 h 59 = 35 h 31), still capped; 72 h earn 120.
        assert_eq!(hms(week(0.0, 71.4, 6)), "35:30:00");
        assert_eq!(week(0.0, 72.0, 6), Ratio::int(THREE_SHIFT_CAP));
        assert!(week(0.0, 72.6, 6) < Ratio::int(THREE_SHIFT_CAP));
    }

    #[test]
    fn can_shorten_a_line_between_the_floor_and_the_cap() {
        // A 6-week line with 8 weekday nights 21:30–07:00 (68 night hours), two Sunday day
        // shifts 07:30–15:00 (15 Sunday hours) and one Sunday evening 14:30–22:00: 6.5 Sunday
        // hours to 21:00 and one hour that is night and Sunday (night credit only). Credit
        // 69·15 + 21.5·10 = 1250 minutes, 208 min 20 s a week: 34 h 1 min 40 s.
        let w = week(69.0, 21.5, 6);
        assert_eq!(w, Ratio::int(2250) - Ratio::new(1250, 6));
        assert_eq!(hms(w), "34:01:40");
    }

    #[test]
    fn can_floor_a_night_heavy_line_at_33_6_hours() {
        // A 4-week line with 10 nights 21:00–07:00 (9 h each in 21–06) and two 8 h Sunday day
        // shifts: 1350 + 160 = 1510 credit minutes, 377.5 a week, 31 h 12.5 min → 33 h 36.
        assert_eq!(hms(week(90.0, 16.0, 4)), "33:36:00");
        // The floor is reached at 234 credit minutes a week (3 h 54 min): 15.6 night hours.
        assert_eq!(week(15.6, 0.0, 1), Ratio::int(THREE_SHIFT_FLOOR));
        assert!(week(15.5, 0.0, 1) > Ratio::int(THREE_SHIFT_FLOOR));
    }

    #[test]
    fn can_reproduce_the_typical_reduction_fafo_reports() {
        // Fafo's evaluation for the ministry: most people under the rule work 0.6–0.8 h a week
        // less than the 35.5 h (38 h in the act's version) they would otherwise have, i.e.
        // 2.6–2.8 h of credit a week: 10.4–11.2 night hours a week.
        assert_eq!(hms(week(10.4, 0.0, 1)), "34:54:00"); // 35.5 − 0.6
        assert_eq!(hms(week(11.2, 0.0, 1)), "34:42:00"); // 35.5 − 0.8
                                                         // The same credit from Sunday hours alone needs 1.5 times the hours (156 minutes).
        assert_eq!(week(10.4, 0.0, 1), week(0.0, 15.6, 1));
        assert_eq!(hms(week(4.0, 12.0, 1)), "34:30:00"); // 60 + 120 minutes: 37:30 − 3:00
    }
}
