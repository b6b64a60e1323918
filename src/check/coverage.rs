//! Rules 12–15: total and skill coverage of every (date, shift) (formulation: `coverage.rs`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Model, Person, Violation};
use crate::calendar::parse_weekday;
use crate::rule::Rule;

/// The demand entries that match one (date, shift) or (date, shift, skill): the one from
/// weekday `days`, the one from `days` listing `holiday`, and the one from `dates`; each later
/// one replaces the earlier (docs/format.md rule 12).
type Entries = [Option<Bounds>; 3];

/// Demand bounds of one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bounds {
    /// Least number of people.
    min: i64,
    /// Most number of people; `None` = no upper bound.
    max: Option<i64>,
}

impl Model<'_> {
    /// Rules 12–15: total and skill coverage of every (date, shift).
    pub(super) fn coverage(&self, people: &[Person<'_>], out: &mut Vec<Violation>) {
        let ns = self.shifts.len();
        let cells = self.days * ns;
        // Total entries: (from `days`, from `dates`) per cell.
        let mut total: Vec<Entries> = vec![[None; 3]; cells];
        // Holidays: when any entry lists `holiday`, those entries staff them instead of the
        // weekday's entries.
        let mut holiday = vec![false; self.days];
        for date in self.sc.horizon.holiday_dates() {
            if let Some(d) = self.day_of(&date.format("%Y-%m-%d").to_string()) {
                holiday[d] = true;
            }
        }
        let holiday_demand = self.sc.holiday_demand();
        // Skill entries per (cell, skill).
        let mut skill: BTreeMap<(usize, &str), Entries> = BTreeMap::new();
        for e in &self.sc.demand {
            let Some(&s) = self.shift_index.get(e.shift.as_str()) else {
                continue;
            };
            // Soft sides (`under_weight`, `over_weight`) are priced, not rules.
            let bounds = Bounds {
                min: if e.under_weight.is_some() { 0 } else { e.min },
                max: if e.over_weight.is_some() {
                    None
                } else {
                    e.effective_max()
                },
            };
            // (date, tier): 0 weekday, 1 holiday, 2 date.
            let mut matched: Vec<(usize, usize)> = Vec::new();
            if let Some(days) = &e.days {
                let weekdays: Vec<i64> = days.iter().filter_map(|d| parse_weekday(d)).collect();
                for (d, &on_holiday) in holiday.iter().enumerate() {
                    if on_holiday && holiday_demand {
                        if e.lists_holiday() {
                            matched.push((d, 1));
                        }
                    } else if weekdays.contains(&((d % 7) as i64)) {
                        matched.push((d, 0));
                    }
                }
            }
            if let Some(dates) = &e.dates {
                for date in dates {
                    if let Some(d) = self.day_of(date) {
                        matched.push((d, 2));
                    }
                }
            }
            for (d, tier) in matched {
                let cell = d * ns + s;
                let slot = match &e.skill {
                    None => total.get_mut(cell),
                    Some(k) => Some(skill.entry((cell, k.as_str())).or_insert([None; 3])),
                };
                if let Some(slot) = slot {
                    if slot[tier].is_none() {
                        slot[tier] = Some(bounds);
                    }
                }
            }
        }
        let mut count = vec![0i64; cells];
        let mut skill_count: HashMap<(usize, &str), i64> = HashMap::new();
        for p in people {
            for w in &p.works {
                let cell = w.day * ns + w.shift;
                if let Some(c) = count.get_mut(cell) {
                    *c += 1;
                }
                let held: BTreeSet<&str> = p.skills().iter().map(String::as_str).collect();
                for sk in held {
                    *skill_count.entry((cell, sk)).or_insert(0) += 1;
                }
            }
        }
        for d in 0..self.days {
            for s in 0..ns {
                let cell = d * ns + s;
                let [by_days, by_holiday, by_dates] = total.get(cell).copied().unwrap_or([None; 3]);
                let entry = by_dates.or(by_holiday).or(by_days);
                let bounds = entry.unwrap_or(Bounds {
                    min: 0,
                    max: Some(0),
                });
                let n = count.get(cell).copied().unwrap_or(0);
                let note = if entry.is_none() {
                    "; there is no demand entry, so nobody may work it"
                } else {
                    ""
                };
                if let Some(msg) = bound_problem(n, bounds) {
                    out.push(
                        Violation::new(
                            Rule::Coverage,
                            format!(
                                "{} on {}: {n} staff, demand {} ({msg}){note}",
                                self.shift_id(s),
                                self.date(d),
                                fmt_bounds(bounds)
                            ),
                        )
                        .date(self.date(d))
                        .shift(self.shift_id(s)),
                    );
                }
            }
        }
        for (&(cell, sk), &[by_days, by_holiday, by_dates]) in &skill {
            let Some(bounds) = by_dates.or(by_holiday).or(by_days) else {
                continue;
            };
            let (d, s) = (cell / ns.max(1), cell % ns.max(1));
            let n = skill_count.get(&(cell, sk)).copied().unwrap_or(0);
            if let Some(msg) = bound_problem(n, bounds) {
                out.push(
                    Violation::new(
                        Rule::SkillCoverage,
                        format!(
                            "{} on {}: {n} staff with {sk}, demand {} ({msg})",
                            self.shift_id(s),
                            self.date(d),
                            fmt_bounds(bounds)
                        ),
                    )
                    .date(self.date(d))
                    .shift(self.shift_id(s)),
                );
            }
        }
    }
}

/// `min..max` or `min..` (no upper bound).
fn fmt_bounds(b: Bounds) -> String {
    match b.max {
        Some(m) => format!("{}..{}", b.min, m),
        None => format!("{}..", b.min),
    }
}

/// `None` when `n` lies in the bounds, else how far it is off ("1 short", "2 too many").
fn bound_problem(n: i64, b: Bounds) -> Option<String> {
    if n < b.min {
        return Some(format!("{} short", b.min - n));
    }
    match b.max {
        Some(m) if n > m => Some(format!("{} too many", n - m)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_report_bound_problems() {
        let b = Bounds {
            min: 2,
            max: Some(3),
        };
        assert_eq!(bound_problem(1, b).as_deref(), Some("1 short"));
        assert_eq!(bound_problem(2, b), None);
        assert_eq!(bound_problem(3, b), None);
        assert_eq!(bound_problem(5, b).as_deref(), Some("2 too many"));
        assert_eq!(bound_problem(99, Bounds { min: 1, max: None }), None);
    }
}
