//! Sweeps: answer a whole grid of "what if" questions about one unit in one call.
//!
//! A **sweep spec** names a base scenario and a set of **axes**, each a list of values; the grid
//! is the product of the axes. Every point is validated on its own (an invalid combination is a
//! row with status `invalid` and the validation codes, never silently dropped), solved exactly
//! (in parallel with rayon, one solver thread per scenario), and reported beside the instant
//! analytic bounds of [`crate::bounds::instant`].
//!
//! ```json
//! {
//!   "name": "Ward: weekend frequency, complete weekends, 9 h rest",
//!   "base": "../../tests/data/ward-6w.json",
//!   "axes": {
//!     "weekend.max_one_in": [2, 3, 4],
//!     "weekend.complete": [true, false],
//!     "min_rest_hours": [11, 9]
//!   }
//! }
//! ```
//!
//! `base` is a path (relative to the spec file, or absolute) or a scenario object written
//! inline. The axes, in their **canonical order** (the grid's outermost axis first; the last
//! varies fastest; values keep the order given):
//!
//! | axis | values | sets |
//! | --- | --- | --- |
//! | `variant` | objects `{ "name": ..., "shifts": [...]?, "demand": [...]? }` | replaces the base's `shifts` and/or `demand` arrays |
//! | `horizon.weeks` | whole numbers | `horizon.weeks` |
//! | `full_time_hours_per_week` | numbers | `full_time_hours_per_week` |
//! | `min_rest_hours` | numbers | `rules.min_rest_hours` |
//! | `weekly_rest_hours` | numbers or `null` (off) | `rules.weekly_rest_hours` |
//! | `open_positions.min_pct` | numbers | `min_pct` of every open-position template |
//! | `weekend.complete` | `true` / `false` | `rules.weekend.complete` |
//! | `weekend.max_one_in` | whole numbers | `rules.weekend.max_one_in` |
//! | `working_time` | `"fixed"` / `"ks-three-shift"` | `rules.working_time` (its column comes after the results) |
//!
//! Malformed specs give [`Error::Invalid`] with these codes (path, message and fix each):
//!
//! | code | meaning |
//! | --- | --- |
//! | `unknown-field` | a field a spec or a variant does not know |
//! | `missing-field` | `base` or `axes` (or a variant's `name`) is absent |
//! | `unknown-axis` | an axis name not in the table above (with "did you mean") |
//! | `wrong-type` | a value of the wrong JSON type for its axis (or an ill-formed variant `shifts`/`demand`) |
//! | `empty-axis` | an axis with no values |
//! | `duplicate-value` | a value (or a variant name) listed twice on one axis |
//! | `grid-too-large` | more than [`MAX_POINTS`] scenarios (checked before any value: a grid too large reports only this and the axis-level problems above, not one issue per value) |
//! | `base-unreadable` | the base file cannot be read |
//! | `base-malformed` | the base file is not JSON or not a scenario in shape (the scenario issues follow, their paths prefixed `base:`) |
//!
//! Values in range for JSON but not for a scenario (`max_one_in: 0`, a `min_pct` above a
//! template's `max_pct`, `horizon.weeks` that leaves a `dates` entry outside the horizon) are
//! not spec errors: those points become `invalid` rows with the scenario's validation codes.

mod axes;
mod output;
mod svg;

use std::cell::OnceCell;
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::bounds;
use crate::error::{Error, Result};
use crate::roster::Status;
use crate::scenario::{Demand, Scenario, Shift};
use crate::solve::SolveOptions;
use crate::valid::ValidScenario;
use crate::validate::{self, Issue};
use axes::{ValueKind, TABLE};

pub use output::{to_csv, to_jsonl, COLUMNS};
pub use svg::chart;

/// Most scenarios one sweep may have.
pub const MAX_POINTS: usize = 10_000;

/// Axis names in canonical order (outermost first).
pub const AXES: [&str; axes::COUNT] = axes::names();

/// A sweep: a base scenario and the axes whose product is the grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepSpec {
    /// Free-text name, used as the chart title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The base scenario every point starts from (a file's `base` path is resolved and loaded
    /// by [`load_sweep`]).
    pub base: Scenario,
    /// The axes; an empty list means "not on this axis" (the base's value).
    pub axes: Axes,
}

impl SweepSpec {
    /// Number of scenarios in the grid (the product of the axis lengths), without building any.
    pub fn grid_size(&self) -> usize {
        grid_size(&self.axes)
    }
}

/// The axes of a sweep. Each field is one axis; an empty list leaves the base's value alone.
/// Everything else about an axis (its kind, how it sets a scenario, its column and label) is its
/// row in the axis table of `sweep/axes.rs`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axes {
    /// Named variants of the base's `shifts` and `demand`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variant: Vec<Variant>,
    /// `horizon.weeks`.
    #[serde(
        rename = "horizon.weeks",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub horizon_weeks: Vec<i64>,
    /// `full_time_hours_per_week`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub full_time_hours_per_week: Vec<f64>,
    /// `rules.min_rest_hours`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub min_rest_hours: Vec<f64>,
    /// `rules.weekly_rest_hours` (`None` = the rule off).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekly_rest_hours: Vec<Option<f64>>,
    /// `min_pct` of every open-position template.
    #[serde(
        rename = "open_positions.min_pct",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub open_min_pct: Vec<f64>,
    /// `rules.weekend.complete`.
    #[serde(
        rename = "weekend.complete",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub weekend_complete: Vec<bool>,
    /// `rules.weekend.max_one_in`.
    #[serde(
        rename = "weekend.max_one_in",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub weekend_max_one_in: Vec<i64>,
    /// `rules.working_time`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub working_time: Vec<crate::scenario::WorkingTime>,
}

/// A named variant of the base's shift types and demand, e.g. long weekend shifts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Name shown in the `variant` column and the chart legend.
    pub name: String,
    /// Replaces the base's `shifts` when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shifts: Option<Vec<Shift>>,
    /// Replaces the base's `demand` when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand: Option<Vec<Demand>>,
}

/// The parameters of one grid point, with the base's values where an axis is absent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Params {
    /// Variant name (`"base"` without a `variant` axis).
    pub variant: String,
    /// Weeks in the horizon.
    pub horizon_weeks: i64,
    /// Hours of a full-time position per week.
    pub full_time_hours_per_week: f64,
    /// Minimum rest between shifts in hours.
    pub min_rest_hours: f64,
    /// Weekly rest in hours (`None` = off).
    pub weekly_rest_hours: Option<f64>,
    /// `min_pct` of every open position (`None` when not on an axis and the templates
    /// differ or there are none).
    pub open_min_pct: Option<f64>,
    /// Complete weekends.
    pub weekend_complete: bool,
    /// "One in n" weekends.
    pub weekend_max_one_in: i64,
    /// How full-time weeks are set (absent in rows written before the axis: fixed).
    #[serde(default)]
    pub working_time: crate::scenario::WorkingTime,
}

/// One grid point: its place, parameters and scenario (or why the scenario is invalid).
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Index in the grid (row order).
    pub index: usize,
    /// The parameters.
    pub params: Params,
    /// The scenario, or every validation issue of this combination.
    pub scenario: std::result::Result<ValidScenario, Vec<Issue>>,
}

/// Outcome of one grid point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SweepStatus {
    /// Headcount proven minimal.
    Optimal,
    /// A roster, not proven optimal within the time limit.
    Feasible,
    /// No roster exists.
    Infeasible,
    /// The combination is not a valid scenario (see `issues`).
    Invalid,
    /// No roster found within the time limit, or the solver failed (see `issues`).
    NoSolution,
}

impl SweepStatus {
    /// The status as written in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SweepStatus::Optimal => "optimal",
            SweepStatus::Feasible => "feasible",
            SweepStatus::Infeasible => "infeasible",
            SweepStatus::Invalid => "invalid",
            SweepStatus::NoSolution => "no-solution",
        }
    }
}

impl std::fmt::Display for SweepStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of a sweep's results: one scenario. Fields are the columns of [`COLUMNS`], in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepRow {
    /// Grid index (rows are ordered by it).
    pub index: usize,
    /// The parameters of the point.
    #[serde(flatten)]
    pub params: Params,
    /// Outcome.
    pub status: SweepStatus,
    /// People in the best roster.
    pub headcount: Option<u32>,
    /// Headcount lower bound the solver proved.
    pub headcount_lower_bound: Option<u32>,
    /// Average position size of the best roster, percent.
    pub average_position_pct: Option<f64>,
    /// Upper bound on the average position the solver proved, percent.
    pub average_position_upper_bound_pct: Option<f64>,
    /// Instant analytic headcount bound (weekend, hours, skills), without a solver.
    pub instant_headcount_bound: Option<u32>,
    /// Instant analytic average-position bound, percent.
    pub instant_average_position_bound_pct: Option<f64>,
    /// Share of the headcount in full-time positions (0–1).
    pub full_time_share: Option<f64>,
    /// People with positions below 50 %.
    pub positions_below_50: Option<u32>,
    /// People who work only weekends.
    pub weekend_only_positions: Option<u32>,
    /// Average weekends worked per person over the horizon.
    pub average_weekends_worked: Option<f64>,
    /// Wall-clock seconds for this scenario.
    pub solve_seconds: f64,
    /// Validation codes (`invalid`) or what went wrong (`no-solution`), `;`-separated.
    pub issues: String,
}

/// How to run a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SweepOptions {
    /// Scenarios solved at once (0 = one per core). With more than one, every solve uses one
    /// solver thread.
    pub jobs: usize,
    /// Options of every solve. The defaults differ from [`SolveOptions::default`]: no
    /// tie-breaks (a sweep needs the headcount and average, not the finishing touches; with
    /// soft demand the quality phase runs all the same) and a 60 s time limit per scenario.
    pub solve: SolveOptions,
}

impl Default for SweepOptions {
    fn default() -> Self {
        SweepOptions {
            jobs: 0,
            solve: SolveOptions {
                time_limit: 60.0,
                tie_breaks: false,
                ..SolveOptions::default()
            },
        }
    }
}

/// Progress of a running sweep, reported after each finished scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepProgress<'a> {
    /// Scenarios finished so far (including this one).
    pub done: usize,
    /// Scenarios in the grid.
    pub total: usize,
    /// Seconds since the sweep started.
    pub seconds: f64,
    /// The row just finished.
    pub row: &'a SweepRow,
}

fn issue(code: &'static str, path: impl Into<String>, message: String, fix: &str) -> Issue {
    Issue {
        code,
        path: path.into(),
        message,
        fix: fix.into(),
    }
}

/// Reads a sweep spec file; a relative `base` path is resolved against the spec's folder.
/// [`Error::Io`] when the spec cannot be read, [`Error::Json`] when it is not JSON, and
/// [`Error::Invalid`] with every problem of a malformed spec (see the module doc's codes).
pub fn load_sweep(path: impl AsRef<Path>) -> Result<SweepSpec> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    parse_sweep(&text, dir)
}

/// Parses sweep spec JSON text; a relative `base` path is resolved against `dir`.
pub fn parse_sweep(json: &str, dir: &Path) -> Result<SweepSpec> {
    let value: Value = serde_json::from_str(json).map_err(|e| Error::json("sweep spec", e))?;
    let mut issues = Vec::new();
    let Value::Object(obj) = value else {
        return Err(Error::Invalid(vec![issue(
            "wrong-type",
            "",
            "a sweep spec must be a JSON object.".into(),
            r#"write { "base": "scenario.json", "axes": { "weekend.max_one_in": [2, 3] } }."#,
        )]));
    };
    for key in obj.keys() {
        if !["name", "base", "axes"].contains(&key.as_str()) {
            issues.push(issue(
                "unknown-field",
                key.clone(),
                format!("the sweep spec has no field {key:?}."),
                "use only name, base and axes.",
            ));
        }
    }
    let name = match obj.get("name") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            issues.push(issue(
                "wrong-type",
                "name",
                "name must be a string.".into(),
                r#"write "name": "Ward sweep"."#,
            ));
            None
        }
    };
    let base = match obj.get("base") {
        None => {
            issues.push(issue(
                "missing-field",
                "base",
                "the sweep spec has no base scenario.".into(),
                r#"add "base": "scenario.json" (a path relative to the spec) or a scenario object."#,
            ));
            None
        }
        Some(Value::String(p)) => load_base(&dir.join(p), &mut issues),
        Some(v @ Value::Object(_)) => base_from_value(v.clone(), &mut issues),
        Some(_) => {
            issues.push(issue(
                "wrong-type",
                "base",
                "base must be a path or a scenario object.".into(),
                r#"write "base": "scenario.json"."#,
            ));
            None
        }
    };
    let axes = match obj.get("axes") {
        None => {
            issues.push(issue(
                "missing-field",
                "axes",
                "the sweep spec has no axes.".into(),
                r#"add "axes": { "weekend.max_one_in": [2, 3, 4] }."#,
            ));
            None
        }
        Some(Value::Object(a)) => parse_axes(a, base.as_ref(), &mut issues),
        Some(_) => {
            issues.push(issue(
                "wrong-type",
                "axes",
                "axes must be an object of axis name → list of values.".into(),
                r#"write "axes": { "weekend.max_one_in": [2, 3, 4] }."#,
            ));
            None
        }
    };
    match (base, axes) {
        (Some(base), Some(axes)) if issues.is_empty() => Ok(SweepSpec { name, base, axes }),
        _ => Err(Error::Invalid(issues)),
    }
}

fn load_base(path: &Path, issues: &mut Vec<Issue>) -> Option<Scenario> {
    match std::fs::read_to_string(path) {
        Err(e) => {
            issues.push(issue(
                "base-unreadable",
                "base",
                format!("cannot read the base scenario {}: {e}.", path.display()),
                "give a path relative to the sweep spec's folder, or an absolute path.",
            ));
            None
        }
        Ok(text) => match serde_json::from_str::<Value>(&text) {
            Err(e) => {
                issues.push(issue(
                    "base-malformed",
                    "base",
                    format!(
                        "the base scenario {} is not JSON at line {}, column {}: {e}.",
                        path.display(),
                        e.line(),
                        e.column()
                    ),
                    "fix the base scenario file.",
                ));
                None
            }
            Ok(v) => base_from_value(v, issues),
        },
    }
}

/// The base as a scenario in shape; semantic problems are left to each point.
fn base_from_value(v: Value, issues: &mut Vec<Issue>) -> Option<Scenario> {
    match Scenario::deserialize(&v) {
        Ok(s) => Some(s),
        Err(e) => {
            issues.push(issue(
                "base-malformed",
                "base",
                format!("the base is not a scenario in shape: {e}."),
                "fix the problems listed after this one (paths prefixed base:).",
            ));
            if let Err(Error::Invalid(more)) = validate::parse_scenario(&v.to_string()) {
                issues.extend(more.into_iter().map(|mut i| {
                    i.path = format!("base:{}", i.path);
                    i
                }));
            }
            None
        }
    }
}

fn suggest(key: &str) -> Option<&'static str> {
    crate::suggest::closest(key, AXES, &crate::suggest::AXES)
}

/// The grid size the raw axes ask for (the product of the lengths of the known, non-empty
/// lists), `None` when it does not even fit in a `u128`.
fn raw_grid_size(a: &serde_json::Map<String, Value>) -> Option<u128> {
    a.iter()
        .filter(|(name, _)| axes::find(name).is_some())
        .filter_map(|(_, values)| values.as_array().map(Vec::len))
        .try_fold(1u128, |acc, n| acc.checked_mul(n.max(1) as u128))
}

/// Checks the axes. The grid size comes first: a grid above [`MAX_POINTS`] is rejected after
/// the axis-level checks (names, lists, empty lists) and before any per-value work, so a huge
/// axis costs one pass over its length, not one issue (or one scan) per value.
fn parse_axes(
    a: &serde_json::Map<String, Value>,
    base: Option<&Scenario>,
    issues: &mut Vec<Issue>,
) -> Option<Axes> {
    let before = issues.len();
    let size = raw_grid_size(a);
    let too_large = size.is_none_or(|n| n > MAX_POINTS as u128);
    let base_json = BaseJson::new(base);
    let mut clean = serde_json::Map::new();
    for (name, values) in a {
        let path = format!("axes.{name}");
        let Some(axis) = axes::find(name) else {
            let hint = suggest(name)
                .map(|s| format!(" Did you mean {s:?}?"))
                .unwrap_or_default();
            issues.push(issue(
                "unknown-axis",
                path,
                format!("{name:?} is not an axis.{hint}"),
                &format!("use one of: {}.", AXES.join(", ")),
            ));
            continue;
        };
        let (kind, example) = (axis.kind, axis.example);
        let Value::Array(list) = values else {
            issues.push(issue(
                "wrong-type",
                path,
                format!("axis {name:?} must be a list of values."),
                &format!("write \"{name}\": [{example}, ...]."),
            ));
            continue;
        };
        if list.is_empty() {
            issues.push(issue(
                "empty-axis",
                path,
                format!("axis {name:?} has no values."),
                "give at least one value, or remove the axis.",
            ));
            continue;
        }
        if too_large {
            continue;
        }
        // Values seen so far, by JSON equality (`11` and `11.0` are different JSON numbers).
        let mut seen: HashSet<&Value> = HashSet::with_capacity(list.len());
        for (i, v) in list.iter().enumerate() {
            let vpath = format!("{path}[{i}]");
            if !kind.accepts(v) {
                issues.push(issue(
                    "wrong-type",
                    vpath.clone(),
                    format!("{v} is not a valid value of axis {name:?}."),
                    &format!("write a value like {example}."),
                ));
                continue;
            }
            if kind == ValueKind::Variant {
                check_variant(v, &vpath, &base_json, issues);
            } else if !seen.insert(v) {
                issues.push(issue(
                    "duplicate-value",
                    vpath,
                    format!("{v} appears twice on axis {name:?}."),
                    "list each value once.",
                ));
            }
        }
        if kind == ValueKind::Variant {
            let mut names: HashSet<&str> = HashSet::with_capacity(list.len());
            for n in list
                .iter()
                .filter_map(|v| v.get("name").and_then(Value::as_str))
            {
                if !names.insert(n) {
                    issues.push(issue(
                        "duplicate-value",
                        format!("{path}[name={n}]"),
                        format!("two variants are named {n:?}."),
                        "give every variant its own name.",
                    ));
                }
            }
        }
        clean.insert(name.clone(), values.clone());
    }
    if too_large {
        let n = match size {
            Some(n) => n.to_string(),
            None => format!("more than {}", u128::MAX),
        };
        issues.push(issue(
            "grid-too-large",
            "axes",
            format!("the grid has {n} scenarios; at most {MAX_POINTS} are allowed."),
            "split the sweep or use fewer values per axis.",
        ));
    }
    if issues.len() > before {
        return None;
    }
    match Axes::deserialize(Value::Object(clean)) {
        Ok(axes) => Some(axes),
        Err(e) => {
            issues.push(issue(
                "wrong-type",
                "axes",
                format!("the axes do not have the expected shape: {e}."),
                "compare the spec with the sweep format in the README.",
            ));
            None
        }
    }
}

/// The base scenario as a JSON object, made once and only when a variant needs it.
struct BaseJson<'a> {
    base: Option<&'a Scenario>,
    json: OnceCell<Option<serde_json::Map<String, Value>>>,
}

impl<'a> BaseJson<'a> {
    fn new(base: Option<&'a Scenario>) -> Self {
        BaseJson {
            base,
            json: OnceCell::new(),
        }
    }

    fn get(&self) -> Option<&serde_json::Map<String, Value>> {
        self.json
            .get_or_init(|| match serde_json::to_value(self.base?) {
                Ok(Value::Object(m)) => Some(m),
                _ => None,
            })
            .as_ref()
    }
}

fn check_variant(v: &Value, path: &str, base: &BaseJson, issues: &mut Vec<Issue>) {
    let Value::Object(o) = v else { return };
    let before = issues.len();
    for key in o.keys() {
        if !["name", "shifts", "demand"].contains(&key.as_str()) {
            issues.push(issue(
                "unknown-field",
                format!("{path}.{key}"),
                format!("a variant has no field {key:?}."),
                "use only name, shifts and demand.",
            ));
        }
    }
    match o.get("name") {
        Some(Value::String(n)) if !n.trim().is_empty() => {}
        Some(Value::String(_)) | Some(_) => issues.push(issue(
            "wrong-type",
            format!("{path}.name"),
            "a variant's name must be a non-empty string.".into(),
            r#"write "name": "long weekend"."#,
        )),
        None => issues.push(issue(
            "missing-field",
            format!("{path}.name"),
            "the variant has no name.".into(),
            r#"add "name": "long weekend"."#,
        )),
    }
    // The replaced arrays must be well formed: check them inside the base, with the
    // scenario's own structural pass, and keep only the issues about them.
    if base.base.is_none() || !["shifts", "demand"].iter().any(|k| o.contains_key(*k)) {
        return;
    }
    if Variant::deserialize(v).is_ok() {
        return;
    }
    let Some(base) = base.get() else { return };
    let mut sc = base.clone();
    for key in ["shifts", "demand"] {
        if let Some(x) = o.get(key) {
            sc.insert(key.into(), x.clone());
        }
    }
    if let Err(Error::Invalid(found)) = validate::parse_scenario(&Value::Object(sc).to_string()) {
        for mut i in found.into_iter().filter(|i| {
            matches!(i.code, "unknown-field" | "missing-field" | "wrong-type")
                && (i.path.starts_with("shifts") || i.path.starts_with("demand"))
        }) {
            i.path = format!("{path}.{}", i.path);
            issues.push(i);
        }
    }
    if !issues[before..].iter().any(|i| i.path.starts_with(path)) {
        issues.push(issue(
            "wrong-type",
            path,
            "the variant's shifts or demand are not lists of shifts or demand entries.".into(),
            "write them exactly as in a scenario.",
        ));
    }
}

fn len_or_one(n: usize) -> usize {
    n.max(1)
}

/// The number of values of each axis, in canonical order (0 = not an axis).
fn dims(a: &Axes) -> [usize; axes::COUNT] {
    std::array::from_fn(|k| (TABLE[k].len)(a))
}

fn grid_size(a: &Axes) -> usize {
    dims(a)
        .into_iter()
        .map(len_or_one)
        .fold(1usize, |acc, n| acc.saturating_mul(n))
}

/// The grid: every combination of the axes' values, in canonical axis order (the first axis of
/// [`AXES`] outermost, `weekend.max_one_in` varying fastest) and each axis's values in the
/// order given. Each point carries its scenario, or every validation issue of it.
pub fn expand(spec: &SweepSpec) -> Vec<Point> {
    let dims = dims(&spec.axes);
    (0..grid_size(&spec.axes))
        .map(|index| point_at(spec, &dims, index))
        .collect()
}

/// The point at `index` of the grid.
fn point_at(spec: &SweepSpec, dims: &[usize; axes::COUNT], index: usize) -> Point {
    // Mixed-radix digits, the last axis fastest.
    let mut digit = [None; axes::COUNT];
    let mut rest = index;
    for (i, n) in dims.iter().enumerate().rev() {
        if *n > 0 {
            digit[i] = Some(rest % n);
            rest /= n;
        }
    }
    point(spec, index, &digit)
}

fn point(spec: &SweepSpec, index: usize, digit: &[Option<usize>; axes::COUNT]) -> Point {
    let a = &spec.axes;
    let mut sc = spec.base.clone();
    for (axis, d) in TABLE.iter().zip(digit) {
        if let Some(i) = *d {
            (axis.apply)(a, i, &mut sc);
        }
    }
    let mut params = Params::default();
    for (axis, d) in TABLE.iter().zip(digit) {
        (axis.record)(a, *d, &sc, &mut params);
    }
    Point {
        index,
        params,
        scenario: ValidScenario::checked(sc),
    }
}

/// Runs every point of the grid and returns one row per point, ordered by grid index. The
/// rows do not depend on `opts.jobs` (fixed seed, one solver thread per scenario when
/// parallel), except for `solve_seconds`.
pub fn run_sweep(spec: &SweepSpec, opts: &SweepOptions) -> Result<Vec<SweepRow>> {
    run_sweep_with_progress(spec, opts, &|_| {})
}

/// Like [`run_sweep`], calling `progress` after each finished scenario (from the worker
/// threads, in completion order).
pub fn run_sweep_with_progress(
    spec: &SweepSpec,
    opts: &SweepOptions,
    progress: &(dyn Fn(&SweepProgress) + Sync),
) -> Result<Vec<SweepRow>> {
    use rayon::prelude::*;
    // Each worker builds its points as it goes: only the scenarios being solved are held, not
    // a clone of the base for every point of the grid.
    let dims = dims(&spec.axes);
    let total = grid_size(&spec.axes);
    let jobs = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.jobs
    }
    .clamp(1, total.max(1));
    let mut solve = opts.solve.clone();
    if jobs > 1 {
        // HiGHS's scheduler is shared by the solves of a thread: one thread each, set once.
        solve.threads = Some(1);
    }
    // A pool of its own: fresh worker threads, so every solver thread count is set once on
    // each (HiGHS keeps its scheduler per thread).
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("heltid-sweep-{i}"))
        .build()
        .map_err(|e| Error::Solver {
            stage: "starting the sweep's worker threads",
            status: e.to_string(),
        })?;
    let t0 = Instant::now();
    let done = AtomicUsize::new(0);
    let rows: Vec<SweepRow> = pool.install(|| {
        (0..total)
            .into_par_iter()
            .with_max_len(1)
            .map(|index| {
                let row = run_point(&point_at(spec, &dims, index), &solve);
                let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                progress(&SweepProgress {
                    done: n,
                    total,
                    seconds: t0.elapsed().as_secs_f64(),
                    row: &row,
                });
                row
            })
            .collect()
    });
    Ok(rows)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Solves one point into a row (never fails: failures are rows).
pub(crate) fn run_point(p: &Point, opts: &SolveOptions) -> SweepRow {
    let t0 = Instant::now();
    let mut row = SweepRow {
        index: p.index,
        params: p.params.clone(),
        status: SweepStatus::Invalid,
        headcount: None,
        headcount_lower_bound: None,
        average_position_pct: None,
        average_position_upper_bound_pct: None,
        instant_headcount_bound: None,
        instant_average_position_bound_pct: None,
        full_time_share: None,
        positions_below_50: None,
        weekend_only_positions: None,
        average_weekends_worked: None,
        solve_seconds: 0.0,
        issues: String::new(),
    };
    let sc = match &p.scenario {
        Ok(sc) => sc,
        Err(issues) => {
            row.issues = codes(issues);
            return row;
        }
    };
    match bounds::instant(sc) {
        Ok(b) => {
            row.instant_headcount_bound = b.headcount;
            row.instant_average_position_bound_pct = b.average_position_upper_bound_pct;
        }
        Err(Error::Invalid(issues)) => {
            row.issues = codes(&issues);
            return row;
        }
        Err(e) => {
            row.status = SweepStatus::NoSolution;
            row.issues = e.to_string();
            return row;
        }
    }
    match crate::solve::run(sc, opts) {
        Ok(r) => {
            row.status = match r.status {
                Status::Optimal => SweepStatus::Optimal,
                Status::Feasible => SweepStatus::Feasible,
                Status::Infeasible => SweepStatus::Infeasible,
            };
            if r.status != Status::Infeasible {
                row.headcount = Some(r.headcount);
                row.headcount_lower_bound = Some(r.headcount_lower_bound);
                row.average_position_pct = Some(r.average_position_pct);
                row.average_position_upper_bound_pct = Some(r.average_position_upper_bound_pct);
                row.full_time_share = Some(round2(r.kpis.full_time_share * 100.0) / 100.0);
                row.positions_below_50 = Some(r.kpis.positions_below_50);
                row.weekend_only_positions = Some(r.kpis.weekend_only_positions);
                row.average_weekends_worked = Some(round2(r.kpis.average_weekends_worked));
            }
        }
        Err(Error::NoSolutionInTime {
            bound_headcount, ..
        }) => {
            row.status = SweepStatus::NoSolution;
            row.headcount_lower_bound = Some(bound_headcount);
            row.issues = "time-limit".into();
        }
        Err(Error::Invalid(issues)) => row.issues = codes(&issues),
        Err(e) => {
            row.status = SweepStatus::NoSolution;
            row.issues = format!("solver-error: {e}");
        }
    }
    row.solve_seconds = round2(t0.elapsed().as_secs_f64());
    row
}

fn codes(issues: &[Issue]) -> String {
    let mut c: Vec<&str> = Vec::new();
    for i in issues {
        if !c.contains(&i.code) {
            c.push(i.code);
        }
    }
    c.join(";")
}
