//! Instant analytic bounds on the headcount, usable without a solver.
//!
//! * **Weekend bound** (Burns & Carter style): weekend `k` needs at least `W_k` distinct people
//!   (on any date, one shift start per person, so the shifts overlapping the window that start
//!   on one date need that many different people), and one person works at most `cap` weekends
//!   (cyclic: `⌊K/n⌋` for "one in n"; calendar: `⌈K/n⌉`). Headcount ≥ `max(max_k W_k, ⌈ΣW_k / cap⌉)`.
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
    /// People needed by the weekend rule; `None` when the weekend demand cannot be met at all.
    pub weekend: Option<u32>,
    /// People needed by the hours; `None` when all staff and positions cannot supply the hours.
    pub hours: Option<u32>,
    /// Existing staff (always counted).
    pub staff: u32,
    /// Largest weekend crew `max_k W_k`.
    pub weekend_crew: u32,
    /// Weekends one person may work at most over the horizon.
    pub weekends_per_person: u32,
    /// People needed on each weekend `W_k`.
    pub crews: Vec<u32>,
}

impl Bounds {
    /// Whether the weekend bound is exactly tight at `headcount`: then every person works
    /// exactly `weekends_per_person` weekends and weekend `k` exactly `crews[k]` people.
    pub fn weekend_tight_at(&self, headcount: u32) -> bool {
        let total: u32 = self.crews.iter().sum();
        self.weekend == Some(headcount)
            && self.weekends_per_person > 0
            && total > 0
            && total == headcount * self.weekends_per_person
    }

    /// The best valid headcount lower bound (`None` when a bound proves infeasibility).
    pub fn headcount(&self) -> Option<u32> {
        Some(self.weekend?.max(self.hours?).max(self.staff))
    }
}

/// Computes the analytic bounds of `m`.
pub fn bounds(m: &Model) -> Bounds {
    let we = &m.rules.weekend;
    let k_n = m.cal.weeks();
    let n = we.max_one_in.max(1);
    let cap = if n == 1 {
        k_n
    } else if m.cal.cyclic() {
        k_n / n
    } else {
        k_n.div_ceil(n)
    };
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
    let weekend = if total == 0 {
        Some(0)
    } else if cap == 0 {
        None
    } else {
        Some(crew_max.max((total + cap as i64 - 1) / cap as i64) as u32)
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
pub fn skill_bounds(m: &Model, b: &Bounds) -> Vec<SkillBound> {
    let we = &m.rules.weekend;
    let cap = b.weekends_per_person as i64;
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
pub fn skill_headcount(skills: &[SkillBound]) -> Option<u32> {
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
    /// `headcount × full_time_hours_per_week × weeks`, and never above the largest position any
    /// person may have; `None` when `headcount` is `None` or 0 or above `available`.
    pub average_position_upper_bound_pct: Option<f64>,
    /// People who could be in a roster at most: all staff and every allowed open position.
    /// A `headcount` above it proves that no roster exists.
    pub available: u32,
    /// The weekend and hours bounds (see [`Bounds`]).
    pub base: Bounds,
    /// Bounds per declared skill.
    pub skills: Vec<SkillBound>,
    /// The headcount bound of all skills together (see [`skill_headcount`]).
    pub skill_headcount: Option<u32>,
}

/// Computes every instant bound of a built model.
pub fn instant_model(m: &Model) -> InstantBounds {
    let base = bounds(m);
    let skills = skill_bounds(m, &base);
    let skill_headcount = skill_headcount(&skills);
    let headcount = base.headcount().and_then(|h| Some(h.max(skill_headcount?)));
    let fte = m.full_time_units().to_f64();
    let available = m.people.len() as u32;
    let average_position_upper_bound_pct = headcount
        .filter(|h| *h > 0 && *h <= available && fte > 0.0)
        .map(|h| {
            let demand = m.max_demand_units() as f64 / (h as f64 * fte) * 100.0;
            let largest =
                m.people.iter().map(|p| p.max_units).max().unwrap_or(0) as f64 / fte * 100.0;
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
pub fn instant(scenario: &crate::Scenario) -> crate::Result<InstantBounds> {
    Ok(instant_model(&Model::new(scenario)?))
}
