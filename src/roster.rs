//! The roster wire format of `docs/format.md` (what the solver writes and `check` reads), and the
//! CSV grid writer.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;

/// Solve outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Headcount proven minimal (and, with optional demand, total hours proven maximal).
    Optimal,
    /// A valid roster that is not proven optimal (e.g. time limit).
    Feasible,
    /// No roster exists; `explanation` says why.
    Infeasible,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
        })
    }
}

/// Where a person in the roster comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// A scenario `staff` member.
    Existing,
    /// A position created from an `open_positions` template.
    Open,
}

/// A roster: who works which shift on which date, with the claims the solver makes about it.
///
/// Unknown fields are accepted when reading (a roster "carries at least" these fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    /// Scenario name (empty when the scenario has none).
    #[serde(default)]
    pub scenario: String,
    /// Solve outcome.
    pub status: Status,
    /// Number of people: all staff plus every created position.
    pub headcount: u32,
    /// Headcount lower bound proved by the solver.
    pub headcount_lower_bound: u32,
    /// Average position size in percent.
    pub average_position_pct: f64,
    /// Upper bound on the average position size proved by the solver. heltid always writes a
    /// finite number; a roster from elsewhere may say `null` for "no bound known", which reads
    /// as `+∞` (and a non-finite value is written back as `null`), so every roster round-trips.
    #[serde(with = "unknown_bound")]
    pub average_position_upper_bound_pct: f64,
    /// Wall-clock seconds the solve took.
    pub solve_seconds: f64,
    /// Relative gap of the headcount (0 when optimal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
    /// Every person in the roster.
    pub staff: Vec<RosterStaff>,
    /// Every assignment.
    pub assignments: Vec<Assignment>,
    /// Key figures.
    #[serde(default)]
    pub kpis: Kpis,
    /// Sentences in user words saying why no roster exists (only when infeasible).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub explanation: Vec<String>,
    /// How the solver got there: each phase of the lexicographic solve it ran, with what it
    /// reached and proved (empty for a roster heltid did not solve).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<PhaseReport>,
}

/// What one phase of the lexicographic solve did (docs/format.md §23 lists the phases).
///
/// `objective` and `bound` are in the phase's minimised form and its own unit: people for
/// `headcount`; minus hour units of the scenario's exact hour unit for the hour phases. A phase
/// is proven when `optimal` is true (then the two agree within the solver's tolerance).
/// Values that are not finite are left out (JSON has no infinity).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseReport {
    /// Phase name: `headcount`, `total hours`, `average position`, `budget ratio`, `wish hours`,
    /// `smallest position`, `quality` (see the format reference), or `explanation`.
    pub phase: String,
    /// Whether the phase was proven optimal.
    pub optimal: bool,
    /// Objective reached (minimised form); `None` when the phase found nothing.
    pub objective: Option<f64>,
    /// Proven bound (minimised form); `None` when the phase proved none.
    pub bound: Option<f64>,
    /// Seconds the phase took.
    pub seconds: f64,
    /// Columns of the program the phase solved.
    #[serde(default)]
    pub columns: usize,
    /// Rows of the program the phase solved.
    #[serde(default)]
    pub rows: usize,
}

/// `null` ⇔ an unknown (infinite) upper bound. JSON has no infinity, and serde_json would write
/// one as `null` and then refuse to read it back.
mod unknown_bound {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        if x.is_finite() {
            s.serialize_f64(*x)
        } else {
            s.serialize_none()
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
    }
}

/// One person in a roster and their planned totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterStaff {
    /// Person id (`<template>-<n>` for created positions).
    pub id: String,
    /// Existing staff or created position.
    pub origin: Origin,
    /// Template id of a created position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Planned paid hours over the horizon.
    pub hours: f64,
    /// `hours / (W_p × weeks) × 100`, `W_p` the person's full-time week (their own or their
    /// template's `full_time_hours_per_week`, else the scenario's).
    pub position_pct: f64,
    /// Contract size of existing staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_pct: Option<f64>,
    /// Number of weekend windows the person works.
    pub weekends_worked: u32,
}

/// One assignment: a person works a shift that starts on a date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Assignment {
    /// Person id.
    pub staff: String,
    /// ISO start date.
    pub date: String,
    /// Shift id.
    pub shift: String,
}

/// Key figures of a roster (docs/format.md §26 plus extras).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Kpis {
    /// Share of the headcount in full-time positions: planned hours within `hours_tolerance` of a
    /// 100 % position or above (docs/format.md rule 26).
    #[serde(default)]
    pub full_time_share: f64,
    /// People with position < 50 %.
    #[serde(default)]
    pub positions_below_50: u32,
    /// People with at least one shift, all of whose shifts overlap a weekend window.
    #[serde(default)]
    pub weekend_only_positions: u32,
    /// Number of people.
    #[serde(default)]
    pub headcount: u32,
    /// Average position size in percent.
    #[serde(default)]
    pub average_position_pct: f64,
    /// Total planned hours.
    #[serde(default)]
    pub total_hours: f64,
    /// Sum over staff of max(0, wish hours − planned hours): involuntary part time left.
    #[serde(default)]
    pub involuntary_part_time_hours: f64,
    /// Hours planned above the demand minimum (optional demand filled).
    #[serde(default)]
    pub over_coverage_hours: f64,
    /// Average weekends worked per person.
    #[serde(default)]
    pub average_weekends_worked: f64,
    /// Weekend bonus a year over all people under the scenario's `rules.weekend_bonus` ladder
    /// (0 without one; rosters written before the ladder existed read as 0). Per person: the
    /// rate of the tier containing their whole weekends a year (`weekends_worked × 52 / weeks`)
    /// times their clock hours in Saturday 00:00 – Monday 00:00, scaled by `52 / weeks`; see
    /// [`crate::scenario::BonusTier`].
    #[serde(default)]
    pub weekend_bonus_nok_per_year: f64,
    /// Rota quality: working dates between two days off, over all people (docs/format.md,
    /// "Rota quality"; rosters written before read as 0).
    #[serde(default)]
    pub isolated_work_days: u32,
    /// Rota quality: days off between two working dates, over all people.
    #[serde(default)]
    pub isolated_days_off: u32,
    /// Rota quality: working blocks with more than one shift type, over all people.
    #[serde(default)]
    pub mixed_blocks: u32,
    /// Rota quality: the longest run of night shifts on consecutive dates, of anyone.
    #[serde(default)]
    pub longest_night_run: u32,
    /// Rota quality: night blocks not followed by two free dates, over all people.
    #[serde(default)]
    pub night_blocks_without_two_days_off: u32,
    /// Rota quality: the most working dates in a row, of anyone.
    #[serde(default)]
    pub longest_block: u32,
    /// Rota quality: the longest run of evening shifts on consecutive dates, of anyone.
    #[serde(default)]
    pub longest_evening_run: u32,
    /// Rota quality: working dates followed by a working date with another shift type, over
    /// all people.
    #[serde(default)]
    pub shift_changes: u32,
    /// Rota quality: working dates followed by a shift that starts earlier in the day (against
    /// the forward rotation day → evening → night), over all people.
    #[serde(default)]
    pub backward_rotations: u32,
    /// Rota quality: working dates beyond `rules.quality.long_blocks.days` in a row, over all
    /// people (0 without the rule).
    #[serde(default)]
    pub long_block_days: u32,
    /// Rota quality: nights beyond `rules.quality.long_night_runs.days` in a row.
    #[serde(default)]
    pub long_night_run_days: u32,
    /// Rota quality: evenings beyond `rules.quality.long_evening_runs.days` in a row.
    #[serde(default)]
    pub long_evening_run_days: u32,
    /// Rota quality: weekends worked with shifts also on the Friday before and the Monday
    /// after, over all people.
    #[serde(default)]
    pub weekends_without_free_weekday: u32,
    /// Rota quality: night shifts beyond `rules.quality.fair_nights.band` from each person's
    /// fair share, over all people (0 without the rule).
    #[serde(default)]
    pub unfair_nights: f64,
    /// Rota quality: evening shifts beyond `rules.quality.fair_evenings.band` from each
    /// person's fair share, over all people.
    #[serde(default)]
    pub unfair_evenings: f64,
    /// Rota quality: dates short of `rules.quality.short_blocks.days` in blocks of working
    /// dates between two days off, over all people (0 without the rule; rosters written before
    /// read as 0).
    #[serde(default)]
    pub short_block_days: u32,
    /// Rota quality: worked weekends beyond `rules.quality.fair_weekends.band` from each
    /// person's fair share, over all people (0 without the rule).
    #[serde(default)]
    pub unfair_weekends: f64,
    /// Rota quality: every pattern above priced by `rules.quality` (0 without it), over all
    /// people. With `unmet_request_weight` and `soft_demand_cost` it is what the quality phase
    /// minimises.
    #[serde(default)]
    pub quality_cost: f64,
    /// Weight of the requests the roster does not honour, over all staff (rule 23 (c); rosters
    /// written before read as 0).
    #[serde(default)]
    pub unmet_request_weight: f64,
    /// The costs of soft demand (rule 15a): `under_weight` per person short, `over_weight` per
    /// person over, over every (date, shift).
    #[serde(default)]
    pub soft_demand_cost: f64,
}

/// Writes a roster as the CSV grid of docs/format.md: `staff,contract_pct,skills,<dates...>`, one
/// row per person, cells holding the shift id or empty when off. Created positions get their
/// planned size in the `contract_pct` column.
pub fn to_csv(scenario: &Scenario, roster: &Roster) -> crate::Result<String> {
    let err = |e: csv::Error| crate::Error::Csv {
        what: "writing the roster grid".into(),
        message: e.to_string(),
    };
    let start =
        crate::calendar::parse_date(&scenario.horizon.start).ok_or_else(|| crate::Error::Csv {
            what: "writing the roster grid".into(),
            message: format!("horizon.start {:?} is not a date", scenario.horizon.start),
        })?;
    let days = (scenario.horizon.weeks.max(0) * 7) as u64;
    let dates: Vec<String> = (0..days)
        .map(|d| {
            (start + chrono::Days::new(d))
                .format("%Y-%m-%d")
                .to_string()
        })
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["staff".to_string(), "contract_pct".into(), "skills".into()];
    header.extend(dates.iter().cloned());
    w.write_record(&header).map_err(err)?;
    let mut skills_of: HashMap<&str, &Vec<String>> = HashMap::new();
    for s in &scenario.staff {
        skills_of.entry(s.id.as_str()).or_insert(&s.skills);
    }
    // Each person's shift per date (the first listed, as before).
    let day_of: HashMap<&str, usize> = dates
        .iter()
        .enumerate()
        .map(|(d, s)| (s.as_str(), d))
        .collect();
    let mut cells: HashMap<&str, Vec<Option<&str>>> = HashMap::new();
    for a in &roster.assignments {
        let Some(&d) = day_of.get(a.date.as_str()) else {
            continue;
        };
        let row = cells
            .entry(a.staff.as_str())
            .or_insert_with(|| vec![None; dates.len()]);
        row[d].get_or_insert(a.shift.as_str());
    }
    for p in &roster.staff {
        let skills = match p.origin {
            Origin::Existing => skills_of.get(p.id.as_str()).map(|s| s.join(";")),
            Origin::Open => scenario
                .open_positions
                .iter()
                .find(|t| Some(&t.id) == p.template.as_ref())
                .map(|t| t.skills.join(";")),
        }
        .unwrap_or_default();
        let pct = p.contract_pct.unwrap_or(p.position_pct);
        let mut row = vec![p.id.clone(), format!("{pct}"), skills];
        match cells.get(p.id.as_str()) {
            Some(shifts) => row.extend(shifts.iter().map(|s| s.unwrap_or_default().to_string())),
            None => row.extend(dates.iter().map(|_| String::new())),
        }
        w.write_record(&row).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| crate::Error::Csv {
        what: "writing the roster grid".into(),
        message: e.to_string(),
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
