//! Rules 19a–19c: Sunday and holiday work (AML §10-10, `rules.sunday_work`; formulation:
//! `sunday.rs`).

use std::collections::BTreeSet;

use super::{close_pairs, Model, Person, Violation, DAY};
use crate::calendar::{is_sunday, parse_date, sunday_count_start, SUNDAY_WINDOW_END};
use crate::num::Ratio;
use crate::rule::Rule;

/// A Sunday or public holiday of the horizon and its window in minutes from the start.
pub(super) struct SundayDay {
    /// Date index.
    day: usize,
    /// Whether it is a public holiday.
    holiday: bool,
    /// First minute of its window: 18:00 the day before, or 00:00 after a Sunday or holiday
    /// (see the calendar).
    from: i64,
    /// One past the last minute (22:00 on the day).
    to: i64,
}

impl Model<'_> {
    /// The horizon's Sundays and public holidays in date order, each once, with their windows.
    pub(super) fn sunday_days(&self) -> Vec<SundayDay> {
        let holidays: BTreeSet<chrono::NaiveDate> =
            self.sc.horizon.holiday_dates().into_iter().collect();
        let is_holiday = |d: chrono::NaiveDate| holidays.contains(&d);
        let mut out = Vec::new();
        for d in 0..self.days {
            let Some(date) = parse_date(self.date(d)) else {
                continue;
            };
            let holiday = is_holiday(date);
            if !holiday && !is_sunday(date) {
                continue;
            }
            let midnight = d as i64 * DAY;
            out.push(SundayDay {
                day: d,
                holiday,
                from: midnight + sunday_count_start(date, &is_holiday),
                to: midnight + SUNDAY_WINDOW_END,
            });
        }
        out
    }

    /// Which of `days` the person works: a shift (or a cyclic copy) overlaps its window.
    pub(super) fn worked_sundays(&self, p: &Person<'_>, days: &[SundayDay]) -> Vec<bool> {
        days.iter()
            .map(|s| self.any_overlap(&p.works, s.from, s.to))
            .collect()
    }

    /// Rules 19a–19c: at most one in every `max_one_in` Sundays and holidays (reported once per
    /// pair closer than that, wrapping when cyclic), at most `max_share` of them, at most one in
    /// every `holidays_max_one_in` holidays (pairs, never wrapping).
    pub(super) fn sunday_work(&self, p: &Person<'_>, days: &[SundayDay], out: &mut Vec<Violation>) {
        let Some(rule) = self.sc.rules.sunday_work.as_ref() else {
            return;
        };
        let works = self.worked_sundays(p, days);
        let name = |i: usize| {
            let kind = if days[i].holiday { "holiday" } else { "Sunday" };
            format!("{kind} {}", self.date(days[i].day))
        };
        if let Some(n) = rule.max_one_in.filter(|&n| n >= 2) {
            let all: Vec<usize> = (0..days.len()).collect();
            for (a, b, gap, wrap) in close_pairs(&works, &all, n as usize, self.cyclic) {
                let message = if a == b {
                    format!(
                        "{} works {}, which comes back after {} Sundays and holidays in the cycle; at most one in every {n}",
                        p.id,
                        name(a),
                        days.len()
                    )
                } else {
                    let wrap = if wrap { " in the next cycle" } else { "" };
                    format!(
                        "{} works {} and {}{wrap}, {gap} Sunday(s) and holiday(s) apart; at most one in every {n} (AML §10-10)",
                        p.id,
                        name(a),
                        name(b)
                    )
                };
                out.push(
                    Violation::new(Rule::SundayFrequency, message)
                        .staff(p.id)
                        .date(self.date(days[a].day)),
                );
            }
        }
        if let Some(share) = rule.max_share {
            let count = days.len() as i64;
            let most = (Ratio::from_f64(share).unwrap_or(Ratio::int(1)) * Ratio::int(count))
                .floor()
                .max(0);
            let worked = works.iter().filter(|w| **w).count() as i128;
            if worked > most {
                out.push(
                    Violation::new(
                        Rule::SundayShare,
                        format!(
                            "{} works {worked} of the horizon's {count} Sundays and holidays; at most {most} (max_share {share})",
                            p.id
                        ),
                    )
                    .staff(p.id),
                );
            }
        }
        if let Some(n) = rule.holidays_max_one_in.filter(|&n| n >= 2) {
            let holidays: Vec<usize> = (0..days.len()).filter(|&i| days[i].holiday).collect();
            for (a, b, gap, _) in close_pairs(&works, &holidays, n as usize, false) {
                out.push(
                    Violation::new(
                        Rule::HolidayFrequency,
                        format!(
                            "{} works the holidays {} and {}, {gap} holiday(s) apart; at most one holiday in every {n}",
                            p.id,
                            self.date(days[a].day),
                            self.date(days[b].day)
                        ),
                    )
                    .staff(p.id)
                    .date(self.date(days[a].day)),
                );
            }
        }
    }
}
