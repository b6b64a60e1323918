//! Rules 5, 6, 9 and 10 and `budget_fte`: consecutive days, weekly hours, staff hours, position
//! sizes and the budget (formulation: `hours.rs`).

use super::{exact, fmt_num, fmt_ratio, Kind, Model, Person, Violation};
use crate::num::Ratio;
use crate::rule::Rule;

impl Model<'_> {
    /// Rule 5: most consecutive dates with a shift start (runs wrap when cyclic); a staff
    /// member's own `max_consecutive_days`, else the rule's.
    pub(super) fn consecutive_days(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let max = match p.kind {
            Kind::Existing(s) => s.max_consecutive_days(&self.sc.rules),
            _ => self.sc.rules.max_consecutive_days(),
        };
        let Some(max) = max else {
            return;
        };
        let worked = self.worked_dates(p);
        if worked.is_empty() {
            return;
        }
        if self.cyclic && worked.iter().all(|&x| x) {
            out.push(Violation::new(Rule::MaxConsecutiveDays, format!(
                    "{} works every date of the cyclic rota, so the run of worked dates never ends; maximum {max}",
                    p.id
                )).staff(p.id).date(self.date(0)));
            return;
        }
        for (run_start, run_len) in self.runs(&worked, true, true) {
            if run_len as i64 <= max {
                continue;
            }
            let last = (run_start + run_len - 1) % self.days;
            let wraps = if last < run_start {
                " (across the cycle wrap)"
            } else {
                ""
            };
            out.push(
                Violation::new(
                    Rule::MaxConsecutiveDays,
                    format!(
                        "{} works {run_len} consecutive dates, {} to {}{wraps}, maximum {max}",
                        p.id,
                        self.date(run_start),
                        self.date(last)
                    ),
                )
                .staff(p.id)
                .date(self.date(run_start)),
            );
        }
    }

    /// `max-shifts`: at most the person's (or their template's) `max_shifts` of a type.
    pub(super) fn max_shifts(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let limits = match p.kind {
            Kind::Existing(s) => &s.max_shifts,
            Kind::Open(Some(t)) => &t.max_shifts,
            Kind::Open(None) | Kind::Unknown => return,
        };
        for l in limits {
            let n = p
                .works
                .iter()
                .filter(|w| self.shift_id(w.shift) == l.shift)
                .count() as i64;
            if n > l.max {
                out.push(
                    Violation::new(
                        Rule::MaxShifts,
                        format!("{} works {n} {} shifts, maximum {}", p.id, l.shift, l.max),
                    )
                    .staff(p.id)
                    .shift(&l.shift),
                );
            }
        }
    }

    /// Rule 6: paid hours of the shifts starting in each calendar week.
    pub(super) fn hours_per_week(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let Some(max) = self.sc.rules.max_hours_per_week() else {
            return;
        };
        let limit = exact(max);
        let mut per_week = vec![Ratio::ZERO; self.weeks];
        for w in &p.works {
            if let Some(x) = per_week.get_mut(w.day / 7) {
                *x = *x + self.shift_hours(w.shift);
            }
        }
        for (w, h) in per_week.into_iter().enumerate() {
            if h > limit {
                let monday = self.date(w * 7);
                out.push(Violation::new(Rule::MaxHoursPerWeek, format!(
                        "{} h in shifts starting in the week from {monday}, maximum {} h ({} h over)",
                        fmt_ratio(h),
                        fmt_num(max),
                        fmt_ratio(h - limit)
                    )).staff(p.id).date(monday));
            }
        }
    }

    /// Rule 6a: paid hours over the horizon at most `max_average_hours_per_week` × weeks.
    pub(super) fn average_hours_per_week(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let Some(max) = self.sc.rules.max_average_hours_per_week() else {
            return;
        };
        let weeks = Ratio::int(self.weeks as i64);
        let limit = exact(max) * weeks;
        let planned = self.planned(p);
        if planned > limit {
            out.push(
                Violation::new(
                    Rule::MaxAverageHoursPerWeek,
                    format!(
                        "{} h over {} week(s), {} h a week on average, maximum {} h ({} h over)",
                        fmt_ratio(planned),
                        self.weeks,
                        fmt_ratio(planned / weeks),
                        fmt_num(max),
                        fmt_ratio(planned - limit)
                    ),
                )
                .staff(p.id),
            );
        }
    }

    /// Exact planned hours of a person.
    fn planned(&self, p: &Person<'_>) -> Ratio {
        p.works.iter().map(|w| self.shift_hours(w.shift)).sum()
    }

    /// Rule 9: staff hours within `[contract_h − tol, max(contract, wish)_h + tol]`, of the
    /// person's own full-time week.
    pub(super) fn hours(&self, people: &[Person<'_>], out: &mut Vec<Violation>) {
        let tol = exact(self.sc.rules.hours_tolerance());
        let hundred = Ratio::int(100);
        for p in people {
            let Kind::Existing(staff) = p.kind else {
                continue;
            };
            let contract = exact(staff.contract_pct);
            let wish = exact(staff.wish_pct());
            let top = if wish > contract { wish } else { contract };
            let full = self.full_time(p);
            // A staff member's own `min_hours`/`max_hours` replace the contract band's sides.
            let lo = staff
                .min_hours
                .map_or(contract / hundred * full - tol, exact);
            let hi = staff.max_hours.map_or(top / hundred * full + tol, exact);
            let h = self.planned(p);
            let by = if h < lo {
                Some(format!("{} h short", fmt_ratio(lo - h)))
            } else if h > hi {
                Some(format!("{} h over", fmt_ratio(h - hi)))
            } else {
                None
            };
            if let Some(by) = by {
                out.push(
                    Violation::new(
                        Rule::Hours,
                        format!(
                            "{} planned {} h, allowed {}–{} h ({by})",
                            p.id,
                            fmt_ratio(h),
                            fmt_ratio(lo),
                            fmt_ratio(hi)
                        ),
                    )
                    .staff(p.id),
                );
            }
        }
    }

    /// Rule 10: a created position's size within its template's `[min_pct, max_pct]`.
    pub(super) fn position_size(&self, people: &[Person<'_>], out: &mut Vec<Violation>) {
        for p in people {
            let Kind::Open(Some(t)) = p.kind else {
                continue;
            };
            let full = self.full_time(p);
            if full == Ratio::ZERO {
                continue;
            }
            let h = self.planned(p);
            let pct = h / full * Ratio::int(100);
            let (lo, hi) = (exact(t.min_pct()), exact(t.max_pct()));
            if pct < lo || pct > hi {
                out.push(
                    Violation::new(
                        Rule::PositionSize,
                        format!(
                            "{} is a {} % position ({} h), template {} allows {}–{} %",
                            p.id,
                            fmt_ratio(pct),
                            fmt_ratio(h),
                            t.id,
                            fmt_num(t.min_pct()),
                            fmt_num(t.max_pct())
                        ),
                    )
                    .staff(p.id),
                );
            }
        }
    }

    /// `budget_fte`: everybody's planned hours together at most `budget_fte` full-time
    /// equivalents over the horizon.
    pub(super) fn budget(&self, people: &[Person<'_>], out: &mut Vec<Violation>) {
        let Some(b) = self.sc.budget_fte else {
            return;
        };
        let cap = exact(b) * self.fte_weeks;
        let total: Ratio = people.iter().map(|p| self.planned(p)).sum();
        if total > cap {
            out.push(Violation::new(Rule::Budget, format!(
                    "the roster plans {} h in total, {} h more than the budget of {} full-time equivalents ({} h)",
                    fmt_ratio(total),
                    fmt_ratio(total - cap),
                    fmt_num(b),
                    fmt_ratio(cap)
                )));
        }
    }
}
