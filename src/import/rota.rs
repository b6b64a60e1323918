//! CSV rota mode: the scenario a rota is judged against, its roster, and the demand it covers.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::csv::{issue, CONTRACT, SKILLS};
use super::Rota;
use crate::calendar::{parse_date, HOLIDAY};
use crate::error::{Error, Result};
use crate::roster::{Kpis, Origin, Roster, RosterStaff, Status};
use crate::scenario::{Demand, Scenario, Staff};
use crate::valid::ValidScenario;

/// The scenario's staff by id (the first of a repeated id, as a search in order would find).
fn staff_by_id(scenario: &Scenario) -> HashMap<&str, &Staff> {
    let mut by_id = HashMap::with_capacity(scenario.staff.len());
    for s in &scenario.staff {
        by_id.entry(s.id.as_str()).or_insert(s);
    }
    by_id
}

/// Rounds to 2 decimals.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Key figures of the rota with every person as existing staff.
fn evaluate_rota(scenario: &Scenario, rota: &Rota) -> crate::kpi::Evaluation {
    let people: Vec<(String, Origin, Option<String>)> = rota
        .people
        .iter()
        .map(|p| (p.id.clone(), Origin::Existing, None))
        .collect();
    crate::kpi::evaluate(scenario, &people, &rota.assignments)
}

/// Paid hours of every person's distinct valid assignments (known shift, date in the horizon).
fn hours_by_person(scenario: &Scenario, rota: &Rota) -> HashMap<String, f64> {
    let eval = evaluate_rota(scenario, rota);
    eval.people.into_iter().map(|p| (p.id, p.hours)).collect()
}

/// The scenario a rota is evaluated against (docs/format.md "CSV rota mode").
///
/// - Scenario staff who have a CSV row keep their `wish_pct`, `unavailable`, `fixed` and
///   `requests`; a CSV `contract_pct` or `skills` that disagrees with theirs is a
///   `contract-mismatch` / `skills-mismatch` issue (skills compare as sets, contracts to within
///   0.005 points, the rounding of a 2-decimal export).
/// - CSV people not in the scenario are added as staff (after the scenario's) with the CSV's
///   contract and skills. Without a contract they get the position the rota plans for them:
///   hours / (full_time_hours_per_week × weeks) × 100, rounded to 2 decimals and clamped to
///   (0, 100]; one with neither a contract nor shifts is a `missing-contract` issue.
/// - Scenario staff missing from the CSV stay (the checker reports each as a violation).
/// - `open_positions` are dropped: in CSV rota mode everybody is existing staff and the
///   open-position rules do not apply (and a CSV id such as `hfa-1` must not collide with a
///   template).
///
/// Problems of the CSV are returned as [`Error::Rota`]; a merged scenario that does not
/// validate as [`Error::Invalid`]. The merged scenario comes back validated.
pub fn scenario_for_rota(scenario: &Scenario, rota: &Rota) -> Result<ValidScenario> {
    let mut merged = scenario.clone();
    merged.open_positions.clear();
    let hours = hours_by_person(scenario, rota);
    let full_time = scenario.full_time_hours_per_week * scenario.horizon.weeks as f64;
    let mut issues = Vec::new();
    let mut added = Vec::new();
    let staff = staff_by_id(scenario);
    for p in &rota.people {
        if let Some(s) = staff.get(p.id.as_str()) {
            if let Some(c) = p.contract_pct {
                if (c - s.contract_pct).abs() >= 0.005 || !c.is_finite() {
                    issues.push(issue(
                        "contract-mismatch",
                        p.line,
                        Some(CONTRACT),
                        format!(
                            "{:?} has a {c} % contract in the rota but {} % in the scenario.",
                            p.id, s.contract_pct
                        ),
                        "make the two agree (or leave the CSV cell empty to use the scenario's).",
                    ));
                }
            }
            if let Some(skills) = &p.skills {
                let csv: BTreeSet<&str> = skills.iter().map(String::as_str).collect();
                let sc: BTreeSet<&str> = s.skills.iter().map(String::as_str).collect();
                if csv != sc {
                    issues.push(issue(
                        "skills-mismatch",
                        p.line,
                        Some(SKILLS),
                        format!(
                            "{:?} has the skills [{}] in the rota but [{}] in the scenario.",
                            p.id,
                            csv.iter().copied().collect::<Vec<_>>().join(";"),
                            sc.iter().copied().collect::<Vec<_>>().join(";")
                        ),
                        "make the two agree (or drop the skills column to use the scenario's).",
                    ));
                }
            }
            continue;
        }
        let planned = hours.get(&p.id).copied().unwrap_or(0.0);
        let contract = match p.contract_pct {
            Some(c) => c,
            None if planned > 0.0 && full_time > 0.0 => {
                round2(planned / full_time * 100.0).clamp(0.01, 100.0)
            }
            None => {
                issues.push(issue(
                    "missing-contract",
                    p.line,
                    Some(CONTRACT),
                    format!(
                        "{:?} is not in the scenario, has no contract_pct and no shifts, so their position size is unknown.",
                        p.id
                    ),
                    "write the contract in the contract_pct column, or add the person to the scenario's staff.",
                ));
                continue;
            }
        };
        added.push(Staff {
            id: p.id.clone(),
            skills: p.skills.clone().unwrap_or_default(),
            contract_pct: contract,
            ..Staff::default()
        });
    }
    if !issues.is_empty() {
        issues.sort_by_key(|i| i.line);
        return Err(Error::Rota(issues));
    }
    merged.staff.extend(added);
    ValidScenario::new(merged)
}

/// The roster of an imported rota, to check with [`crate::check::check`] against `scenario`
/// (normally the result of [`scenario_for_rota`]).
///
/// Every CSV person is listed as existing staff with the scenario's `contract_pct`; the
/// assignments are the rota's; hours, position sizes, weekends worked, the average and the KPIs
/// are computed with the key figures ([`crate::kpi`]). The status is `feasible` (nothing is proven),
/// `headcount_lower_bound` 0, `average_position_upper_bound_pct` max(100, average) and
/// `solve_seconds` 0.
pub fn rota_roster(scenario: &Scenario, rota: &Rota) -> Roster {
    let eval = evaluate_rota(scenario, rota);
    let by_id = staff_by_id(scenario);
    let staff: Vec<RosterStaff> = eval
        .people
        .iter()
        .map(|p| RosterStaff {
            id: p.id.clone(),
            origin: Origin::Existing,
            template: None,
            hours: round2(p.hours),
            position_pct: round2(p.position_pct),
            contract_pct: by_id.get(p.id.as_str()).map(|s| s.contract_pct),
            weekends_worked: p.weekends_worked,
        })
        .collect();
    let kpis: Kpis = eval.kpis;
    let average = round2(kpis.average_position_pct);
    Roster {
        scenario: scenario.name.clone().unwrap_or_default(),
        status: Status::Feasible,
        headcount: staff.len() as u32,
        headcount_lower_bound: 0,
        average_position_pct: average,
        average_position_upper_bound_pct: average.max(100.0),
        solve_seconds: 0.0,
        gap: None,
        staff,
        assignments: rota.assignments.clone(),
        kpis,
        explanation: Vec::new(),
        phases: Vec::new(),
    }
}

/// `--demand-from-rota`: a copy of `scenario` whose **total** demand entries (those without
/// `skill`) are replaced by exact per-date demand equal to what the rota covers.
///
/// For each shift (in the scenario's order) the dates are grouped by head count and one `dates`
/// entry is written per count (ascending), with `min = max =` the count. A (date, shift) that
/// nobody covers gets no entry, i.e. demand 0. Skill entries are kept unchanged. Assignments
/// naming an unknown shift or a date outside the horizon are ignored; a duplicate counts once.
pub fn demand_from_rota(scenario: &Scenario, rota: &Rota) -> Scenario {
    let start = parse_date(&scenario.horizon.start);
    let days = scenario.horizon.weeks.max(0) * 7;
    let day_of = |date: &str| -> Option<i64> {
        let d = (parse_date(date)? - start?).num_days();
        (0..days).contains(&d).then_some(d)
    };
    let distinct: BTreeSet<(&str, i64, &str)> = rota
        .assignments
        .iter()
        .filter_map(|a| Some((a.shift.as_str(), day_of(&a.date)?, a.staff.as_str())))
        .collect();
    let mut count: HashMap<(&str, i64), i64> = HashMap::new();
    for (shift, day, _) in distinct {
        *count.entry((shift, day)).or_insert(0) += 1;
    }
    let mut demand = Vec::new();
    let mut done: HashSet<&str> = HashSet::new();
    for shift in &scenario.shifts {
        if !done.insert(shift.id.as_str()) {
            continue;
        }
        let mut by_count: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for d in 0..days {
            if let Some(&n) = count.get(&(shift.id.as_str(), d)) {
                by_count.entry(n).or_default().push(d);
            }
        }
        for (n, ds) in by_count {
            let dates = ds
                .into_iter()
                .filter_map(|d| {
                    Some(
                        (start? + chrono::Days::new(d as u64))
                            .format("%Y-%m-%d")
                            .to_string(),
                    )
                })
                .collect();
            demand.push(Demand {
                shift: shift.id.clone(),
                days: None,
                dates: Some(dates),
                skill: None,
                min: n,
                max: Some(n),
                ..Demand::default()
            });
        }
    }
    demand.extend(scenario.demand.iter().filter(|e| e.is_skill()).cloned());
    // Holidays are staffed by the entries listing "holiday" only while some entry lists it
    // (docs/format.md rule 12a). When only total entries did, the rewrite would switch that off
    // and let weekday skill entries apply on holidays; an empty holiday entry keeps it on (the
    // dates entries above still set each holiday's totals).
    if scenario.holiday_demand() && !demand.iter().any(Demand::lists_holiday) {
        if let Some(shift) = scenario.shifts.first() {
            demand.push(Demand {
                shift: shift.id.clone(),
                days: Some(vec![HOLIDAY.into()]),
                dates: None,
                skill: None,
                min: 0,
                max: Some(0),
                ..Demand::default()
            });
        }
    }
    Scenario {
        demand,
        ..scenario.clone()
    }
}
