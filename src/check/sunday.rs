//! Rules 19a–19c: Sunday and holiday work (AML §10-10, `rules.sunday_work`; formulation:
//! `sunday.rs`).

use super::{close_pairs, Model, Person, Violation};
use crate::calendar::{sunday_count_start, sunday_windows, SundayWindow};
use crate::num::Ratio;
use crate::rule::Rule;

impl Model<'_> {
    /// The horizon's Sundays and public holidays in date order, each once, with their windows.
    pub(super) fn sunday_days(&self) -> Vec<SundayWindow> {
        sunday_windows(
            self.start,
            self.days,
            &self.sc.horizon.holiday_dates(),
            sunday_count_start,
        )
    }

    /// Which of `days` the person works: a shift (or a cyclic copy) overlaps its window.
    pub(super) fn worked_sundays(&self, p: &Person<'_>, days: &[SundayWindow]) -> Vec<bool> {
        days.iter()
            .map(|s| self.any_overlap(&p.works, s.from, s.to))
            .collect()
    }

    /// Rules 19a–19c: at most one in every `max_one_in` Sundays and holidays (reported once per
    /// pair closer than that, wrapping when cyclic), at most `max_share` of them, at most one in
    /// every `holidays_max_one_in` holidays (pairs, never wrapping).
    pub(super) fn sunday_work(
        &self,
        p: &Person<'_>,
        days: &[SundayWindow],
        out: &mut Vec<Violation>,
    ) {
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
