//! The roster wire format of `SCENARIO.md` (what the solver writes and `check` reads), and the
//! CSV grid writer.

use serde::{Deserialize, Serialize};

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
    /// Upper bound on the average position size proved by the solver.
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
    /// `hours / (full_time_hours_per_week × weeks) × 100`.
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

/// Key figures of a roster (SCENARIO.md §26 plus extras).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Kpis {
    /// Share of the headcount with position ≥ 99.95 %.
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
}
