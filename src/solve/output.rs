//! The roster of a solution: existing staff and the created positions that work, with the
//! claims the solver proved and the key figures. Lives with the solver (not in
//! [`crate::roster`], the wire format) so that the layers point one way: model → solve →
//! roster → kpi.

use std::collections::HashMap;

use crate::model::{Day, Model, PersonKind, ShiftId, StaffId};
use crate::num::Ratio;
use crate::roster::{Assignment, Kpis, Origin, Roster, RosterStaff, Status};
use crate::scenario::Scenario;

/// What the solver proved, for [`from_solution`].
#[derive(Debug, Clone, PartialEq)]
pub struct Claims {
    /// Optimal or feasible.
    pub status: Status,
    /// Proven headcount lower bound.
    pub headcount_lower_bound: u32,
    /// Proven upper bound on total hour units, each person's weighed by their week against
    /// the scenario's ([`crate::model::Model::weight`]); from the total-hours phase.
    pub hours_upper_bound_units: Option<f64>,
    /// Seconds spent.
    pub seconds: f64,
    /// Proven upper bound on the average position in percent, when the solver proved one
    /// directly (the budget mode's ratio search); otherwise it is derived from the bounds above.
    pub average_upper_bound_pct: Option<f64>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `contract_pct` of the scenario's staff by id (the first of a repeated id).
fn staff_contracts(scenario: &Scenario) -> HashMap<&str, f64> {
    let mut out = HashMap::with_capacity(scenario.staff.len());
    for s in &scenario.staff {
        out.entry(s.id.as_str()).or_insert(s.contract_pct);
    }
    out
}

/// Builds the roster of a solution: existing staff and the created positions that work, with
/// ids `<template>-<n>` numbered in order, their hours, sizes and weekends, and the KPIs.
pub fn from_solution(
    m: &Model,
    scenario: &Scenario,
    assign: &[(StaffId, Day, ShiftId)],
    claims: Claims,
) -> Roster {
    let fte_units = m.full_time_units().to_f64();
    let mut units = vec![0i64; m.people.len()];
    for (p, _, s) in assign {
        units[p.0] += m.shifts[s.0].units;
    }
    // Each person's shifts, so that nothing below searches all assignments per person.
    let mut shifts_of: Vec<Vec<(Day, ShiftId)>> = vec![Vec::new(); m.people.len()];
    for &(p, d, s) in assign {
        if let Some(v) = shifts_of.get_mut(p.0) {
            v.push((d, s));
        }
    }
    // Each person's week: fixed, or the one their line earns (three-shift rule).
    let weeks: Vec<Ratio> = (0..m.people.len())
        .map(|p| {
            let line: Vec<(usize, ShiftId)> = shifts_of[p].iter().map(|&(d, s)| (d.0, s)).collect();
            m.line_week(p, &line)
        })
        .collect();
    let pct = |p: usize| m.position_pct_of(units[p], weeks[p]);
    let contract_of = staff_contracts(scenario);
    let mut ids = vec![String::new(); m.people.len()];
    let mut next = vec![0usize; m.templates.len()];
    let mut staff = Vec::new();
    for (p, person) in m.people.iter().enumerate() {
        let (origin, template) = match &person.kind {
            PersonKind::Existing => {
                ids[p] = person.id.clone();
                (Origin::Existing, None)
            }
            PersonKind::Open { template, .. } => {
                if shifts_of[p].is_empty() {
                    continue;
                }
                next[template.0] += 1;
                let tid = &m.templates[template.0].id;
                ids[p] = format!("{tid}-{}", next[template.0]);
                (Origin::Open, Some(tid.clone()))
            }
        };
        let we = &m.rules.weekend;
        let weekends = (0..m.cal.weeks())
            .filter(|&k| {
                let win = m.cal.weekend_window(k, we.from, we.to);
                shifts_of[p]
                    .iter()
                    .any(|(d, s)| m.cal.overlaps(m.interval(*d, *s), win))
            })
            .count() as u32;
        staff.push(RosterStaff {
            id: ids[p].clone(),
            origin,
            template,
            hours: round2(m.hours(units[p])),
            position_pct: round2(pct(p)),
            contract_pct: person
                .is_existing()
                .then(|| contract_of.get(person.id.as_str()).copied())
                .flatten(),
            weekends_worked: weekends,
        });
    }
    let mut assignments: Vec<Assignment> = assign
        .iter()
        .map(|(p, d, s)| Assignment {
            staff: ids[p.0].clone(),
            date: m.cal.date_str(d.0),
            shift: m.shifts[s.0].id.clone(),
        })
        .collect();
    assignments.sort_by(|a, b| (&a.date, &a.staff, &a.shift).cmp(&(&b.date, &b.staff, &b.shift)));
    let headcount = staff.len() as u32;
    let total_units: i64 = units.iter().sum();
    // The mean position size: each person's hours against their own week (the total over
    // headcount full-time positions when everyone has the scenario's week). Idle candidates
    // have 0 units.
    let avg = if headcount > 0 {
        (0..m.people.len()).map(pct).sum::<f64>() / headcount as f64
    } else {
        0.0
    };
    let lb = claims.headcount_lower_bound.min(headcount);
    let status = claims.status;
    let ub = if m.three_shift.is_some() {
        // Weeks depend on the line: the average-position phase's bound when it proved one,
        // never above every person's most share of the shortest week they can earn.
        let analytic = m.three_shift_average_bound(lb);
        if claims.status == Status::Optimal {
            avg
        } else {
            let phase = claims.average_upper_bound_pct.filter(|u| u.is_finite());
            phase.map_or(analytic, |b| b.min(analytic)).max(avg)
        }
    } else if claims.status == Status::Optimal {
        avg
    } else if let Some(ub) = claims.average_upper_bound_pct.filter(|u| u.is_finite()) {
        ub.max(avg)
    } else if lb == 0 {
        100.0
    } else {
        // Total hours can never exceed the demand maximum: a solver bound that is missing or
        // weaker (a phase stopped before it proved anything, reported as −∞) falls back to it,
        // so the claim is always a finite, honest bound.
        // In units of the scenario's week: with own weeks, each unit weighs F / F_p.
        let demand_ub = if m.own_weeks() || m.has_optional_demand() || m.has_soft_demand() {
            m.demand_bound_units()
        } else {
            total_units as f64
        };
        // Nor what the people can plan, each up to their own most (Curtois–Qu's soft cover
        // has no useful maximum: 622 % there before).
        let people_ub = if m.own_weeks() {
            f64::INFINITY
        } else {
            m.most_units_of(lb as usize) as f64
        };
        let hours_ub = match claims.hours_upper_bound_units {
            Some(h) if h.is_finite() => h.min(demand_ub),
            _ => demand_ub,
        }
        .min(people_ub);
        (hours_ub / (lb as f64 * fte_units) * 100.0).max(avg)
    };
    let mut roster = Roster {
        scenario: m.name.clone(),
        status,
        headcount,
        headcount_lower_bound: lb,
        average_position_pct: round2(avg),
        average_position_upper_bound_pct: round2(ub),
        solve_seconds: round2(claims.seconds),
        gap: Some(if headcount > 0 {
            round2((headcount - lb) as f64 / headcount as f64 * 100.0) / 100.0
        } else {
            0.0
        }),
        staff,
        assignments,
        kpis: Kpis::default(),
        explanation: Vec::new(),
        phases: Vec::new(),
    };
    roster.kpis = crate::kpi::evaluate_roster(scenario, &roster).kpis;
    roster
}

/// The roster of an infeasible scenario: staff listed with no shifts, and the explanation.
pub fn infeasible(
    m: &Model,
    scenario: &Scenario,
    explanation: Vec<String>,
    seconds: f64,
) -> Roster {
    let contract_of = staff_contracts(scenario);
    let staff: Vec<RosterStaff> = m.people[..m.n_staff]
        .iter()
        .map(|p| RosterStaff {
            id: p.id.clone(),
            origin: Origin::Existing,
            template: None,
            hours: 0.0,
            position_pct: 0.0,
            contract_pct: contract_of.get(p.id.as_str()).copied(),
            weekends_worked: 0,
        })
        .collect();
    Roster {
        scenario: m.name.clone(),
        status: Status::Infeasible,
        headcount: staff.len() as u32,
        headcount_lower_bound: staff.len() as u32,
        average_position_pct: 0.0,
        average_position_upper_bound_pct: 0.0,
        solve_seconds: round2(seconds),
        gap: None,
        staff,
        assignments: Vec::new(),
        kpis: Kpis::default(),
        explanation,
        phases: Vec::new(),
    }
}

/// The roster of a solver's column `values` over `f`, after the independent checker has
/// passed it (for tests of the solver's parts).
#[cfg(test)]
pub(crate) fn checked_roster(
    sc: &Scenario,
    f: &crate::formulation::Formulation,
    values: &[f64],
    lb: u32,
) -> Roster {
    let claims = Claims {
        average_upper_bound_pct: None,
        status: Status::Feasible,
        headcount_lower_bound: lb,
        hours_upper_bound_units: None,
        seconds: 0.0,
    };
    let r = from_solution(f.m, sc, &f.assignments(values), claims);
    let v = crate::check::check(sc, &r);
    assert!(v.is_empty(), "{}", crate::check::format_violations(&v));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A phase stopped before it proved anything reports an infinite hours bound (−(−∞)); the
    /// roster's claim must stay finite (issue 11: it was written as `null`).
    #[test]
    fn can_claim_a_finite_bound_when_the_hours_phase_proved_none() {
        let sc: Scenario =
            serde_json::from_str(include_str!("../../tests/data/ward-6w-overcover.json")).unwrap();
        let m = Model::new(&sc).unwrap();
        for hours in [Some(f64::INFINITY), Some(f64::NAN), None] {
            let claims = Claims {
                status: Status::Feasible,
                headcount_lower_bound: 30,
                hours_upper_bound_units: hours,
                seconds: 1.0,
                average_upper_bound_pct: None,
            };
            // One created position works one shift: headcount 1, so the claimed bound is 1,
            // and the average of one person is at most their own most.
            let r = from_solution(&m, &sc, &[(StaffId(0), Day(0), ShiftId(0))], claims);
            assert_eq!(r.headcount_lower_bound, 1);
            let ub = r.average_position_upper_bound_pct;
            let most = m.max_demand_units().min(m.most_units_of(1));
            let demand = most as f64 / m.full_time_units().to_f64();
            assert!(ub.is_finite(), "{hours:?}: {ub}");
            assert!(
                (ub - (demand * 10000.0).round() / 100.0).abs() < 1e-9,
                "{hours:?}: {ub}"
            );
        }
    }

    /// Where the demand has no useful maximum (Curtois–Qu's soft cover), the claim is what
    /// the people can plan, each up to their own most: 622 % before on instance 9.
    #[test]
    fn can_bound_the_average_by_what_the_people_can_plan() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/curtois-qu/Instance9.txt");
        let inst = crate::import::curtois::load(path).unwrap();
        let sc = crate::import::curtois::scenario(&inst).unwrap();
        let m = Model::new(&sc).unwrap();
        let claims = Claims {
            status: Status::Feasible,
            headcount_lower_bound: m.n_staff as u32,
            hours_upper_bound_units: None,
            seconds: 1.0,
            average_upper_bound_pct: None,
        };
        let every: Vec<_> = (0..m.n_staff)
            .map(|p| (StaffId(p), Day(0), ShiftId(0)))
            .collect();
        let r = from_solution(&m, &sc, &every, claims);
        let fte = m.full_time_units().to_f64();
        let most: f64 = m.people.iter().map(|p| p.max_units as f64).sum();
        let ub = r.average_position_upper_bound_pct;
        assert!(
            m.max_demand_units() as f64 > most,
            "the demand bounds nothing here"
        );
        let want = most / (m.n_staff as f64 * fte) * 100.0;
        assert!(
            (ub - (want * 100.0).round() / 100.0).abs() < 1e-9,
            "{ub} against {want}"
        );
        assert!(ub < 150.0, "{ub}");
    }
}
