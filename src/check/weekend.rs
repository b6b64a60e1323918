//! Rules 16–19: weekend frequency and complete weekends (formulation: `weekend.rs`).

use super::{close_pairs, Kind, Model, Person, Violation, DAY, WEEK};
use crate::calendar::parse_week_point;
use crate::rule::Rule;

impl Model<'_> {
    /// The weekend window as (start point in the week, length) in minutes; `None` when the
    /// scenario's window cannot be read (validation refuses such scenarios).
    pub(super) fn weekend_windows(&self) -> Option<(i64, i64)> {
        let from = parse_week_point(self.sc.rules.weekend_from())?;
        let to = parse_week_point(self.sc.rules.weekend_to())?;
        let len = (to - from).rem_euclid(WEEK);
        (len > 0).then_some((from, len))
    }

    /// Which weekend windows (rule 17) a person works.
    pub(super) fn worked_weekends(&self, p: &Person<'_>, from: i64, len: i64) -> Vec<bool> {
        (0..self.weeks)
            .map(|k| {
                let s = k as i64 * WEEK + from;
                self.any_overlap(&p.works, s, s + len)
            })
            .collect()
    }

    /// Date index on which weekend window `k` starts.
    fn window_day(&self, k: usize, from: i64) -> usize {
        k * 7 + (from / DAY) as usize
    }

    /// Rules 16–19: weekend frequency and complete weekends.
    pub(super) fn weekends(&self, p: &Person<'_>, from: i64, len: i64, out: &mut Vec<Violation>) {
        let works = self.worked_weekends(p, from, len);
        let k_count = works.len();
        if let Kind::Existing(staff) = p.kind {
            let worked = works.iter().filter(|&&w| w).count() as i64;
            if let Some(max) = staff.max_weekends.filter(|&m| worked > m) {
                out.push(
                    Violation::new(
                        Rule::MaxWeekends,
                        format!("{} works {worked} weekends, maximum {max}", p.id),
                    )
                    .staff(p.id),
                );
            }
        }
        // The person's own "one in n": a staff member's or template's `weekend_max_one_in`,
        // else the scenario's (also for people the scenario does not know).
        let own = match p.kind {
            Kind::Existing(s) => s.weekend_max_one_in,
            Kind::Open(Some(t)) => t.weekend_max_one_in,
            Kind::Open(None) | Kind::Unknown => None,
        };
        let n = self.sc.rules.weekend_max_one_in_for(own);
        let whose = if own.is_some() {
            " (their own weekend_max_one_in)"
        } else {
            ""
        };
        if n >= 2 && k_count > 0 {
            let n = n as usize;
            let weeks: Vec<usize> = (0..k_count).collect();
            for (a, b, d, wrapped) in close_pairs(&works, &weeks, n, self.cyclic) {
                let da = self.date(self.window_day(a, from));
                let message = if a == b {
                    format!(
                        "{} works the weekend from {da}, which comes back every {k_count} week(s) in the cycle; at most one weekend in every {n}{whose}",
                        p.id
                    )
                } else {
                    let wrap = if wrapped { " in the next cycle" } else { "" };
                    format!(
                        "{} works the weekends from {da} and from {}{wrap}, {d} week(s) apart; at most one weekend in every {n}{whose}",
                        p.id,
                        self.date(self.window_day(b, from))
                    )
                };
                out.push(
                    Violation::new(Rule::WeekendFrequency, message)
                        .staff(p.id)
                        .date(da),
                );
            }
        }
        if !self.sc.rules.weekend_complete() {
            return;
        }
        for (k, worked) in works.iter().enumerate() {
            if !worked {
                continue;
            }
            let sat = k as i64 * WEEK + 5 * DAY;
            let sun = sat + DAY;
            let has_sat = self.any_overlap(&p.works, sat, sat + DAY);
            let has_sun = self.any_overlap(&p.works, sun, sun + DAY);
            if has_sat && has_sun {
                continue;
            }
            let sat_date = self.date(k * 7 + 5);
            let sun_date = self.date(k * 7 + 6);
            let missing = match (has_sat, has_sun) {
                (true, false) => format!("Sunday {sun_date}"),
                (false, true) => format!("Saturday {sat_date}"),
                _ => format!("Saturday {sat_date} or Sunday {sun_date}"),
            };
            out.push(Violation::new(Rule::WeekendComplete, format!(
                    "{} works the weekend of {sat_date} but has no shift on {missing}; a worked weekend needs both days",
                    p.id
                )).staff(p.id).date(sat_date));
        }
    }
}
