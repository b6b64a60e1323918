//! Instant analytic bounds on the headcount, usable without a solver.
//!
//! * **Weekend bound** (Burns & Carter style): weekend `k` needs at least `W_k` distinct people
//!   (on any date, one shift start per person, so the shifts overlapping the window that start
//!   on one date need that many different people), and person `p` works at most `cap_p`
//!   weekends (cyclic: `⌊K/n_p⌋` for "one in n_p"; calendar: `⌈K/n_p⌉`; see `weekend_cap`).
//!   With one `n` for everybody, headcount ≥ `max(max_k W_k, ⌈ΣW_k / cap⌉)`. With per-person
//!   `weekend_max_one_in` overrides the caps differ, and the bound is the fewest people, all
//!   existing staff plus the open positions with the largest caps, whose caps reach `ΣW_k` (see
//!   `weekend_bound` in the source for why this stays a lower bound).
//! * **Hours bound**: the demanded hours must fit into the most hours staff may work plus the
//!   largest created positions.
//!
//! Both are valid for every roster, so the formulation adds them as cuts and reports them
//! beside every solve.

use serde::Serialize;

use crate::model::{Day, Model, ShiftId};

/// Analytic headcount lower bounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bounds {
    /// People needed by the weekend rule, existing staff included (they always count); `None`
    /// when the weekend demand cannot be met at all (nobody who may still be hired can work
    /// the missing weekends). A value above the number of staff and candidates also proves
    /// infeasibility.
    pub weekend: Option<u32>,
    /// People needed by the hours; `None` when all staff and positions cannot supply the hours.
    pub hours: Option<u32>,
    /// Existing staff (always counted).
    pub staff: u32,
    /// Largest weekend crew `max_k W_k`.
    pub weekend_crew: u32,
    /// Weekends one person may work at most over the horizon under the scenario-wide
    /// `rules.weekend.max_one_in` (people with an override may differ, see
    /// `weekend_caps_uniform`).
    pub weekends_per_person: u32,
    /// Whether every person (staff and candidates) may work exactly `weekends_per_person`
    /// weekends at most; `false` when `weekend_max_one_in` overrides give someone another cap.
    pub weekend_caps_uniform: bool,
    /// People needed on each weekend `W_k`.
    pub crews: Vec<u32>,
}

impl Bounds {
    /// Whether the weekend bound is exactly tight at `headcount`: then every person works
    /// exactly `weekends_per_person` weekends and weekend `k` exactly `crews[k]` people.
    ///
    /// Only when every person has the same cap (`weekend_caps_uniform`): with per-person caps
    /// a roster at the bound may give the volunteers more weekends and others fewer, so the
    /// "exactly `weekends_per_person` each" rows would cut off legal rosters. Then this is
    /// `false` and the solver's tight probe rows are not added.
    pub fn weekend_tight_at(&self, headcount: u32) -> bool {
        let total: u32 = self.crews.iter().sum();
        self.weekend_caps_uniform
            && self.weekend == Some(headcount)
            && self.weekends_per_person > 0
            && total > 0
            && total == headcount * self.weekends_per_person
    }

    /// The best valid headcount lower bound (`None` when a bound proves infeasibility).
    pub fn headcount(&self) -> Option<u32> {
        Some(self.weekend?.max(self.hours?).max(self.staff))
    }
}

/// Most weekends one person may work among `weeks` weekends under "one in `n`": all of them
/// when `n ≤ 1`; cyclic `⌊weeks/n⌋` (runs wrap with multiplicity, so a cycle shorter than `n`
/// allows none); calendar `⌈weeks/n⌉` (weekends 0, n, 2n, ...).
pub(crate) fn weekend_cap(weeks: usize, n: usize, cyclic: bool) -> usize {
    if n <= 1 {
        weeks
    } else if cyclic {
        weeks / n
    } else {
        weeks.div_ceil(n)
    }
}

/// The weekend headcount bound from per-person caps: `None` when the demand cannot be met.
///
/// Why it is a lower bound. Take any legal roster with people `P` (all `staff_caps`, plus a set
/// `O` of created positions, `|O| = m`). Weekend `k` is worked by at least `W_k` distinct
/// people, each of whom has a cap ≥ 1, and person `p` works at most `cap_p` weekends, so
/// (1) `Σ_{p∈P} cap_p ≥ Σ_k W_k = demand` and (2) `|{p ∈ P : cap_p ≥ 1}| ≥ max_k W_k = crew`.
/// The `m` candidates with the largest caps have a cap sum at least `Σ_{p∈O} cap_p` and at
/// least as many positive caps as `O`, so they satisfy (1) and (2) too. Hence the smallest `m`
/// for which the `m` largest candidate caps (added to all staff caps) satisfy (1) and (2),
/// which the greedy below finds, is at most `|O|`, and headcount ≥ staff + that `m`.
/// When all candidates together do not reach (1) or (2), no roster exists; the bound then
/// counts hypothetical extra people of the largest candidate cap (`spare_cap`) so that the
/// number says how far off the demand is (any number is a valid bound of an infeasible
/// scenario), and `None` when even those could not help (`spare_cap` 0).
fn weekend_bound(
    staff_caps: &[usize],
    mut candidate_caps: Vec<usize>,
    spare_cap: usize,
    demand: usize,
    crew: usize,
) -> Option<u32> {
    candidate_caps.sort_unstable_by(|a, b| b.cmp(a));
    let mut people = staff_caps.len();
    let mut supply: usize = staff_caps.iter().sum();
    let mut workers = staff_caps.iter().filter(|c| **c > 0).count();
    let met = |supply: usize, workers: usize| supply >= demand && workers >= crew;
    for c in candidate_caps {
        if met(supply, workers) {
            break;
        }
        people += 1;
        supply += c;
        workers += usize::from(c > 0);
    }
    if !met(supply, workers) {
        if spare_cap == 0 {
            return None;
        }
        let by_supply = (demand.saturating_sub(supply)).div_ceil(spare_cap);
        people += by_supply.max(crew.saturating_sub(workers));
    }
    Some(people as u32)
}

/// Computes the analytic bounds of `m`.
pub(crate) fn bounds(m: &Model) -> Bounds {
    let we = &m.rules.weekend;
    let k_n = m.cal.weeks();
    let cyclic = m.cal.cyclic();
    let cap = weekend_cap(k_n, we.max_one_in.max(1), cyclic);
    let caps: Vec<usize> = m
        .people
        .iter()
        .map(|p| weekend_cap(k_n, p.weekend_max_one_in.max(1), cyclic))
        .collect();
    let crews: Vec<i64> = (0..k_n)
        .map(|k| {
            let win = m.cal.weekend_window(k, we.from, we.to);
            (0..m.days())
                .map(|d| {
                    (0..m.shifts.len())
                        .filter(|&s| m.cal.overlaps(m.interval(Day(d), ShiftId(s)), win))
                        .map(|s| m.cover[d][s].min)
                        .sum::<i64>()
                })
                .max()
                .unwrap_or(0)
        })
        .collect();
    let total: i64 = crews.iter().sum();
    let crew_max = crews.iter().copied().max().unwrap_or(0);
    let uniform = caps.iter().all(|c| *c == cap);
    // Hypothetical extra people beyond the candidates (only to size an infeasible demand):
    // the largest template cap, or the scenario-wide one when there are no templates.
    let spare_cap = if m.templates.is_empty() {
        cap
    } else {
        m.templates
            .iter()
            .map(|t| weekend_cap(k_n, t.weekend_max_one_in.max(1), cyclic))
            .max()
            .unwrap_or(0)
    };
    let weekend = if total == 0 {
        Some(m.n_staff as u32)
    } else {
        weekend_bound(
            &caps[..m.n_staff],
            caps[m.n_staff..].to_vec(),
            spare_cap,
            total.max(0) as usize,
            crew_max.max(0) as usize,
        )
    };

    // Hours: staff at their most, then the largest candidates until the demand is covered.
    let staff = m.n_staff as u32;
    let supply: i64 = m.people[..m.n_staff].iter().map(|p| p.max_units).sum();
    let mut missing = m.min_demand_units() - supply;
    let mut open: Vec<i64> = m.people[m.n_staff..].iter().map(|p| p.max_units).collect();
    open.sort_unstable_by(|a, b| b.cmp(a));
    let mut extra = 0u32;
    for u in open.into_iter().filter(|u| *u > 0) {
        if missing <= 0 {
            break;
        }
        missing -= u;
        extra += 1;
    }
    let hours = (missing <= 0).then_some(staff + extra);
    Bounds {
        weekend,
        hours,
        staff,
        weekend_crew: crew_max as u32,
        weekends_per_person: cap as u32,
        weekend_caps_uniform: uniform,
        crews: crews.iter().map(|c| *c as u32).collect(),
    }
}

/// Skill bounds of one declared skill: how many holders of the skill any roster needs.
///
/// * **Weekend**: the weekend bound restricted to the skill's minimums (weekend `k` needs at
///   least the largest one-date sum of skill minimums over the shifts overlapping its window,
///   and one holder works at most [`Bounds::weekends_per_person`] weekends).
/// * **Date**: on one date the holders of the skill minimums of all its shifts are distinct.
/// * **Hours**: the skill's demanded hours must fit into the holders' most hours (staff holders
///   first, then the largest open positions that hold the skill).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillBound {
    /// Skill id.
    pub skill: String,
    /// Holders needed on each weekend.
    pub crews: Vec<u32>,
    /// Holders needed by the weekend rule; `None` when no holder may work any weekend but the
    /// skill is needed on one.
    pub weekend: Option<u32>,
    /// Holders needed on the busiest date.
    pub date: u32,
    /// Existing staff holding the skill.
    pub staff_holders: u32,
    /// Created positions holding the skill that are needed at least; `None` when even all
    /// allowed positions holding it cannot cover the skill demand.
    pub open_needed: Option<u32>,
    /// Headcount bound from this skill: all staff plus `open_needed`.
    pub headcount: Option<u32>,
}

/// The skill bounds of `m`, one per declared skill, using the weekend cap of `b` (so a change
/// to how many weekends one person may work flows through).
pub(crate) fn skill_bounds(m: &Model, b: &Bounds) -> Vec<SkillBound> {
    let we = &m.rules.weekend;
    // With per-person weekend frequencies one holder may work up to the largest cap of anyone.
    let cap = if b.weekend_caps_uniform {
        b.weekends_per_person as i64
    } else {
        m.people
            .iter()
            .map(|p| weekend_cap(m.cal.weeks(), p.weekend_max_one_in, m.cal.cyclic()) as i64)
            .max()
            .unwrap_or(0)
    };
    let n_staff = m.n_staff as u32;
    (0..m.skills.len())
        .map(|k| {
            // Skill minimum per (day, shift).
            let mut need = vec![vec![0i64; m.shifts.len()]; m.days()];
            for sc in m.skill_cover.iter().filter(|c| c.skill.0 == k) {
                need[sc.day.0][sc.shift.0] = sc.min;
            }
            let crews: Vec<i64> = (0..m.cal.weeks())
                .map(|w| {
                    let win = m.cal.weekend_window(w, we.from, we.to);
                    (0..m.days())
                        .map(|d| {
                            (0..m.shifts.len())
                                .filter(|&s| m.cal.overlaps(m.interval(Day(d), ShiftId(s)), win))
                                .map(|s| need[d][s])
                                .sum::<i64>()
                        })
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let total: i64 = crews.iter().sum();
            let crew_max = crews.iter().copied().max().unwrap_or(0);
            let weekend = if total == 0 {
                Some(0)
            } else if cap == 0 {
                None
            } else {
                Some(crew_max.max((total + cap - 1) / cap))
            };
            let date = need
                .iter()
                .map(|r| r.iter().sum::<i64>())
                .max()
                .unwrap_or(0);
            let holders = |people: &[crate::model::Person]| -> Vec<i64> {
                people
                    .iter()
                    .filter(|p| p.skills[k])
                    .map(|p| p.max_units)
                    .collect()
            };
            let staff_units = holders(&m.people[..m.n_staff]);
            let staff_holders = staff_units.len() as i64;
            let mut open_units = holders(&m.people[m.n_staff..]);
            open_units.sort_unstable_by(|a, b| b.cmp(a));
            // By count: holders beyond the staff who hold the skill.
            let by_count = weekend.map(|w| (w.max(date) - staff_holders).max(0));
            // By hours: greedy over the largest open holders.
            let units: i64 = (0..m.days())
                .flat_map(|d| (0..m.shifts.len()).map(move |s| (d, s)))
                .map(|(d, s)| need[d][s] * m.shifts[s].units)
                .sum();
            let mut missing = units - staff_units.iter().sum::<i64>();
            let mut by_hours = 0i64;
            for u in open_units.iter().copied().filter(|u| *u > 0) {
                if missing <= 0 {
                    break;
                }
                missing -= u;
                by_hours += 1;
            }
            let open_needed = match by_count {
                Some(c) if missing <= 0 && c <= open_units.len() as i64 => {
                    Some(c.max(by_hours) as u32)
                }
                _ => None,
            };
            SkillBound {
                skill: m.skills[k].clone(),
                crews: crews.iter().map(|c| *c as u32).collect(),
                weekend: weekend.map(|w| w as u32),
                date: date as u32,
                staff_holders: staff_holders as u32,
                open_needed,
                headcount: open_needed.map(|o| n_staff + o),
            }
        })
        .collect()
}

/// The headcount bound of all skills together: the largest [`SkillBound::headcount`], or `None`
/// when one skill's demand cannot be covered by any roster.
pub(crate) fn skill_headcount(skills: &[SkillBound]) -> Option<u32> {
    skills
        .iter()
        .try_fold(0u32, |acc, s| Some(acc.max(s.headcount?)))
}

/// Every instant bound of a scenario, computed without a solver (see [`instant`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstantBounds {
    /// Best headcount lower bound: the largest of the weekend, hours and skill bounds and the
    /// staff count; `None` when one of them proves that no roster exists.
    pub headcount: Option<u32>,
    /// Upper bound on the average position size in percent: the most demanded hours over
    /// `headcount × full_time_hours_per_week × weeks` (with own weeks, weighed as in
    /// `Model::demand_bound_units`), and never above the largest position any person may have;
    /// `None` when `headcount` is `None` or 0 or above `available`.
    pub average_position_upper_bound_pct: Option<f64>,
    /// People who could be in a roster at most: all staff and every allowed open position.
    /// A `headcount` above it proves that no roster exists.
    pub available: u32,
    /// The weekend and hours bounds (see [`Bounds`]).
    pub base: Bounds,
    /// Bounds per declared skill.
    pub skills: Vec<SkillBound>,
    /// The headcount bound of all skills together (see `skill_headcount` in the source).
    pub skill_headcount: Option<u32>,
}

/// Computes every instant bound of a built model.
pub(crate) fn instant_model(m: &Model) -> InstantBounds {
    let base = bounds(m);
    let skills = skill_bounds(m, &base);
    let skill_headcount = skill_headcount(&skills);
    let headcount = base.headcount().and_then(|h| Some(h.max(skill_headcount?)));
    let fte = m.full_time_units().to_f64();
    let available = m.people.len() as u32;
    let average_position_upper_bound_pct = headcount
        .filter(|h| *h > 0 && *h <= available && fte > 0.0)
        .map(|h| {
            // Each unit of a person on a shorter week weighs more (F / F_p): the demand bound
            // weighs them, the size bound takes each person's own week.
            let demand = m.demand_bound_units() / (h as f64 * fte) * 100.0;
            let largest = (0..m.people.len())
                .map(|p| m.position_pct(p, m.people[p].max_units))
                .fold(0.0, f64::max);
            // Round up to 2 decimals so the bound stays a bound after rounding.
            (demand.min(largest) * 100.0 - 1e-9).ceil() / 100.0
        });
    InstantBounds {
        headcount,
        average_position_upper_bound_pct,
        available,
        base,
        skills,
        skill_headcount,
    }
}

/// Validates `scenario` and computes its instant bounds, without a solver. Invalid scenarios
/// give [`crate::Error::Invalid`] with every problem.
pub fn instant(scenario: &impl crate::valid::Input) -> crate::Result<InstantBounds> {
    Ok(instant_model(scenario.valid()?.model()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_cap_weekends_cyclic_and_calendar() {
        assert_eq!(weekend_cap(6, 1, true), 6);
        assert_eq!(weekend_cap(6, 3, true), 2);
        assert_eq!(weekend_cap(6, 4, true), 1);
        assert_eq!(weekend_cap(2, 3, true), 0);
        assert_eq!(weekend_cap(6, 4, false), 2);
        assert_eq!(weekend_cap(2, 3, false), 1);
    }

    #[test]
    fn can_bound_the_weekend_headcount_with_uniform_caps_as_before() {
        // 6 weekends of 10, one in 3 (cyclic cap 2): ⌈60/2⌉ = 30, no staff.
        assert_eq!(weekend_bound(&[], vec![2; 40], 2, 60, 10), Some(30));
        // Crew larger than the cap arithmetic: 1 weekend of 5 people, cap 1 → 5.
        assert_eq!(weekend_bound(&[], vec![1; 9], 1, 5, 5), Some(5));
        // Out of candidates: sized with the spare cap, above the 20 available.
        assert_eq!(weekend_bound(&[], vec![2; 20], 2, 60, 10), Some(30));
        // Nobody may work a weekend.
        assert_eq!(weekend_bound(&[], vec![0; 20], 0, 60, 10), None);
    }

    #[test]
    fn can_bound_the_weekend_headcount_with_volunteers() {
        // Two staff volunteers with cap 3 cover 6 of 60; the rest at cap 2 → 2 + 27 = 29.
        assert_eq!(weekend_bound(&[3, 3], vec![2; 40], 2, 60, 10), Some(29));
        // Candidates of a cap-3 template are taken before cap-2 ones: 20 × 3 = 60 → 20.
        let mut c = vec![2; 30];
        c.extend(vec![3; 20]);
        assert_eq!(weekend_bound(&[], c, 3, 60, 10), Some(20));
        // Staff count even when their caps are 0 (they work no weekend).
        assert_eq!(weekend_bound(&[0, 0], vec![2; 10], 2, 4, 2), Some(4));
    }
}
