//! Validation: every problem of a scenario at once, each with a stable code, a place and a fix.
//!
//! [`parse_scenario`] reads JSON in two passes. The **structural pass** walks the JSON value
//! against one small schema table of the format (`SCHEMA` in the source: objects, their fields, which
//! are required, and each field's kind) and collects every unknown field, missing field and
//! wrong type. Unknown fields are then dropped and, if the value deserialises into a
//! [`Scenario`], the **semantic pass** ([`validate`]) runs too, so one report holds both kinds of
//! problem. Nothing here panics on any input.
//!
//! After [`validate`] returns no issues, a consumer may rely on: every shift, skill and
//! template id resolves and is unique; every time, date, weekday and week point parses; every
//! date lies inside the horizon; `horizon.start` is a Monday and `1 ≤ weeks ≤ 520`; every
//! decimal converts exactly to an exact ratio; every number is in its range.
//!
//! Situations that docs/format.md calls *infeasible* (a fixed shift on a zero-demand or
//! unavailable date, rule 8; a skill minimum where total demand is 0, rule 15) are **not**
//! reported here: the solver explains them.
//!
//! | code | meaning |
//! | --- | --- |
//! | `unknown-field` | a field the format does not know (with "did you mean" when one is close) |
//! | `missing-field` | a required field is absent |
//! | `wrong-type` | a value of the wrong JSON type, a fraction where a whole number is expected, or `null` where the field cannot be switched off |
//! | `unknown-choice` | a string that must be one of a few names is none of them (`rules.quality.preset`) |
//! | `bad-date` | not an ISO `YYYY-MM-DD` date, or an impossible one |
//! | `start-not-monday` | `horizon.start` is not a Monday |
//! | `weeks-too-small` | `horizon.weeks` < 1 |
//! | `horizon-out-of-range` | a horizon date outside the years 0001–9999 (dates are written with four-digit years) |
//! | `date-outside-horizon` | a demand, unavailable, fixed or request date outside the horizon (rule 14) |
//! | `bad-time` | a shift start/end that is not `"HH:MM"` (00:00–23:59) |
//! | `bad-shift-hours` | shift `hours` ≤ 0 or > 24 |
//! | `long-shift-not-agreed` | a shift longer than 12.5 h (clock time) without `rules.long_shifts_agreed` (AML §10-12(4)) |
//! | `bad-full-time-hours` | a `full_time_hours_per_week` (the scenario's, a staff member's or a template's) ≤ 0 or > 168 |
//! | `budget-with-own-weeks` | `budget_fte` together with staff or templates on a full-time week of their own (not supported yet) |
//! | `bad-id` | an empty id, one with surrounding spaces or a `,` `;` `"` or control character, or the shift id `-` (the CSV "off" mark) |
//! | `duplicate-id` | two shifts, skills, staff or open positions with one id, a staff id equal to a template id, or two `max_shifts` entries for one shift |
//! | `staff-id-like-template` | a staff id of the form `<template>-<n>` for an existing template (rule 10) |
//! | `unknown-shift` | a shift id used in demand, fixed, requests, `not_followed_by` or `max_shifts` that is not in `shifts` |
//! | `unknown-skill` | a skill used in demand, staff or open positions that is not in `skills` |
//! | `bad-weekday` | a demand day that is not one of `mon`..`sun` or `holiday` |
//! | `unknown-holiday-calendar` | `horizon.holidays` names a calendar heltid does not know (it knows `"NO"`) |
//! | `holiday-without-holidays` | a demand entry lists the day `holiday`, or `rules.sunday_work.holidays_max_one_in` > 1, but `horizon.holidays` is not set |
//! | `demand-days-and-dates` | a demand entry needs exactly one non-empty `days` or `dates` list |
//! | `duplicate-demand` | two `days` (or two `dates`) entries of one kind match the same date and shift (rule 14) |
//! | `max-below-min` | demand `max` < `min` |
//! | `negative-number` | a negative count, percentage, tolerance, rest, weekly limit or weight |
//! | `number-too-large` | a whole number above its sane limit (weeks 520, counts 10 000) or a decimal above 10^12 |
//! | `too-precise-number` | a decimal with more than 9 decimals (cannot be handled exactly) |
//! | `bad-pct` | `contract_pct` outside (0, 100], or `wish_pct`/`min_pct`/`max_pct` above 100 |
//! | `wish-below-contract` | `wish_pct` < `contract_pct` |
//! | `min-pct-above-max-pct` | an open position's `min_pct` > `max_pct` |
//! | `contract-cannot-fit` | a person's (or template's) lowest allowed hours (`min_hours`, else contract − tolerance) exceed the most they could work |
//! | `min-hours-above-max-hours` | a staff member's `min_hours` > `max_hours` (or, without `max_hours`, above wish/contract + tolerance; or `max_hours`, without `min_hours`, below contract − tolerance) |
//! | `weekend-window-empty` | `rules.weekend.from` equals `to` (rule 16) |
//! | `bad-week-point` | a weekend point that is not of the form `"sat 00:00"` |
//! | `bad-max-one-in` | `rules.weekend.max_one_in`, `rules.sunday_work.max_one_in` or `.holidays_max_one_in`, `staff[].weekend_max_one_in` or `open_positions[].weekend_max_one_in` < 1 |
//! | `soft-skill-demand` | `under_weight` or `over_weight` on a skill entry (only total demand may be soft) |
//! | `bad-budget` | `budget_fte` ≤ 0 or above 10 000 |
//! | `bad-rule-value` | `weekly_rest_hours`, `max_hours_per_week` or `max_average_hours_per_week` > 168, `max_consecutive_days`, `min_consecutive_days` or `min_consecutive_days_off` (the rule's or a staff member's) < 1, `sunday_work.max_share` not in (0, 1], a `quality` or soft demand weight above 1 000 000, a `quality` run limit's `days` < 1, `quality.short_blocks.days` outside 2–7 |
//! | `bad-bonus-tier` | a `rules.weekend_bonus` tier with `from_weekends` > `to_weekends` |
//! | `bonus-tiers-unordered` | a `rules.weekend_bonus` tier that does not start after the previous one ends (tiers unsorted or overlapping) |

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::Value;

use crate::calendar::{
    parse_date, parse_hhmm, parse_week_point, parse_weekday, shift_minutes, Calendar, HOLIDAY,
};
use crate::error::{Error, Result};
use crate::num::Ratio;
use crate::scenario::{
    Holidays, Scenario, DEFAULT_WEEKEND_FROM, DEFAULT_WEEKEND_TO, MAX_SHORT_BLOCK,
};

pub use crate::error::{format_issues, Issue};

/// Every issue code [`parse_scenario`] and [`validate`] can report (see the module doc table).
pub const CODES: &[&str] = &[
    "unknown-field",
    "missing-field",
    "wrong-type",
    "unknown-choice",
    "bad-date",
    "start-not-monday",
    "weeks-too-small",
    "horizon-out-of-range",
    "date-outside-horizon",
    "bad-time",
    "bad-shift-hours",
    "long-shift-not-agreed",
    "bad-full-time-hours",
    "bad-id",
    "duplicate-id",
    "staff-id-like-template",
    "unknown-shift",
    "unknown-skill",
    "bad-weekday",
    "unknown-holiday-calendar",
    "holiday-without-holidays",
    "demand-days-and-dates",
    "duplicate-demand",
    "max-below-min",
    "negative-number",
    "number-too-large",
    "too-precise-number",
    "bad-pct",
    "wish-below-contract",
    "min-pct-above-max-pct",
    "contract-cannot-fit",
    "min-hours-above-max-hours",
    "weekend-window-empty",
    "bad-week-point",
    "bad-max-one-in",
    "bad-rule-value",
    "soft-skill-demand",
    "bad-budget",
    "budget-with-own-weeks",
    "bad-bonus-tier",
    "bonus-tiers-unordered",
];

/// Longest shift (clock minutes) without `rules.long_shifts_agreed` (AML §10-12(4)).
const LONG_SHIFT_MINUTES: i64 = 750;

/// The key of holiday entries among weekdays 0 (Monday) ..= 6 in the demand tables.
const HOLIDAY_KEY: i64 = 7;

/// Largest weight of a soft demand side (as for `rules.quality`).
const MAX_WEIGHT: i64 = 1_000_000;

/// Most weeks a horizon may have (ten years).
pub const MAX_WEEKS: i64 = 520;
/// Largest accepted count: demand `min`/`max`, `max_count`, `max_one_in` (also per person),
/// `max_consecutive_days`, bonus tier bounds.
pub const MAX_COUNT: i64 = 10_000;

/// Reads a scenario file and parses it with [`parse_scenario`]; [`Error::Io`] when the file
/// cannot be read.
pub fn load_scenario(path: impl AsRef<Path>) -> Result<Scenario> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_scenario(&text)
}

/// A scenario shipped with the repository, for unit tests: `tests/data/NAME`, or a path from the
/// crate root when `name` has a folder (`benches/data/hard/NAME.json`).
#[cfg(test)]
pub(crate) fn shipped(name: &str) -> Scenario {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = if name.contains('/') {
        root.join(name)
    } else {
        root.join("tests/data").join(name)
    };
    load_scenario(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Parses scenario JSON text and validates it; every problem, structural and semantic, is
/// reported at once in [`Error::Invalid`]. Text that is not JSON gives [`Error::Json`].
pub fn parse_scenario(json: &str) -> Result<Scenario> {
    let mut value: Value = serde_json::from_str(json).map_err(|e| Error::json("scenario", e))?;
    let mut issues = Vec::new();
    check_value(&mut value, &ROOT, "", None, &mut issues);
    match Scenario::deserialize(&value) {
        Ok(scenario) => {
            issues.extend(validate(&scenario));
            if issues.is_empty() {
                return Ok(scenario);
            }
        }
        // Only reachable when the structural pass already reported why; keep a trace otherwise.
        Err(e) if issues.is_empty() => issues.push(Issue {
            code: "wrong-type",
            path: "scenario".into(),
            message: format!("the scenario does not have the expected shape: {e}."),
            fix: "compare the file with the format in docs/format.md.".into(),
        }),
        Err(_) => {}
    }
    Err(Error::Invalid(issues))
}

// ---------------------------------------------------------------------------------------------
// Structural pass: one schema table.
// ---------------------------------------------------------------------------------------------

/// The JSON kind a field must have.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Str,
    /// A string, one of these.
    OneOf(&'static [&'static str]),
    Num,
    Whole,
    Bool,
    List(&'static Kind),
    Obj(&'static [Field]),
    /// The inner kind or `null` (rule switched off).
    Nullable(&'static Kind),
    /// One kind or the other, told apart by the JSON type.
    Either(&'static Kind, &'static Kind),
}

/// One field of an object in the schema.
#[derive(Debug, Clone, Copy)]
struct Field {
    name: &'static str,
    kind: Kind,
    required: bool,
    /// A correct example, shown in fixes.
    example: &'static str,
}

const fn req(name: &'static str, kind: Kind, example: &'static str) -> Field {
    Field {
        name,
        kind,
        required: true,
        example,
    }
}

const fn opt(name: &'static str, kind: Kind, example: &'static str) -> Field {
    Field {
        name,
        kind,
        required: false,
        example,
    }
}

use Kind::{Bool, Either, List, Nullable, Num, Obj, OneOf, Str, Whole};

/// The scenario format of docs/format.md.
#[rustfmt::skip]
const SCHEMA: &[Field] = &[
    opt("name", Str, r#""name": "Ward 3""#),
    req("horizon", Obj(HORIZON), r#""horizon": {"start": "2027-01-04", "weeks": 6, "cyclic": true}"#),
    req("full_time_hours_per_week", Num, r#""full_time_hours_per_week": 35.5"#),
    req("shifts", List(&Obj(SHIFT)), r#""shifts": [{"id": "D", "start": "07:30", "end": "15:00"}]"#),
    opt("skills", List(&Str), r#""skills": ["RN"]"#),
    req("demand", List(&Obj(DEMAND)), r#""demand": [{"shift": "D", "days": ["mon"], "min": 2}]"#),
    opt("staff", List(&Obj(STAFF)), r#""staff": [{"id": "kari", "contract_pct": 75}]"#),
    opt("open_positions", List(&Obj(OPEN)), r#""open_positions": [{"id": "hfa", "max_count": 10}]"#),
    opt("rules", Obj(RULES), r#""rules": {"min_rest_hours": 11}"#),
    opt("budget_fte", Num, r#""budget_fte": 18.5"#),
];
#[rustfmt::skip]
const HORIZON: &[Field] = &[
    req("start", Str, r#""start": "2027-01-04""#),
    req("weeks", Whole, r#""weeks": 6"#),
    req("cyclic", Bool, r#""cyclic": true"#),
    opt("holidays", Either(&Str, &List(&Str)), r#""holidays": "NO""#),
];
#[rustfmt::skip]
const SHIFT: &[Field] = &[
    req("id", Str, r#""id": "D""#),
    req("start", Str, r#""start": "07:30""#),
    req("end", Str, r#""end": "15:00""#),
    opt("hours", Num, r#""hours": 7.5"#),
    opt("not_followed_by", List(&Str), r#""not_followed_by": ["D"]"#),
];
#[rustfmt::skip]
const DEMAND: &[Field] = &[
    req("shift", Str, r#""shift": "D""#),
    opt("days", List(&Str), r#""days": ["mon", "tue"]"#),
    opt("dates", List(&Str), r#""dates": ["2027-01-06"]"#),
    opt("skill", Str, r#""skill": "RN""#),
    req("min", Whole, r#""min": 2"#),
    opt("max", Whole, r#""max": 3"#),
    opt("under_weight", Num, r#""under_weight": 100"#),
    opt("over_weight", Num, r#""over_weight": 1"#),
];
#[rustfmt::skip]
const STAFF: &[Field] = &[
    req("id", Str, r#""id": "kari""#),
    opt("skills", List(&Str), r#""skills": ["RN"]"#),
    req("contract_pct", Num, r#""contract_pct": 75"#),
    opt("wish_pct", Num, r#""wish_pct": 100"#),
    opt("unavailable", List(&Str), r#""unavailable": ["2027-01-10"]"#),
    opt("fixed", List(&Obj(FIXED)), r#""fixed": [{"date": "2027-01-05", "shift": "D"}]"#),
    opt("requests", List(&Obj(REQUEST)), r#""requests": [{"date": "2027-01-08", "want": false}]"#),
    opt("weekend_max_one_in", Whole, r#""weekend_max_one_in": 2"#),
    opt("full_time_hours_per_week", Num, r#""full_time_hours_per_week": 33.6"#),
    opt("min_hours", Num, r#""min_hours": 200"#),
    opt("max_hours", Num, r#""max_hours": 215"#),
    opt("max_shifts", List(&Obj(SHIFT_LIMIT)), r#""max_shifts": [{"shift": "N", "max": 0}]"#),
    opt("max_consecutive_days", Whole, r#""max_consecutive_days": 5"#),
    opt("min_consecutive_days", Whole, r#""min_consecutive_days": 2"#),
    opt("min_consecutive_days_off", Whole, r#""min_consecutive_days_off": 2"#),
    opt("max_weekends", Whole, r#""max_weekends": 2"#),
];
#[rustfmt::skip]
const SHIFT_LIMIT: &[Field] = &[
    req("shift", Str, r#""shift": "N""#),
    req("max", Whole, r#""max": 4"#),
];
#[rustfmt::skip]
const FIXED: &[Field] = &[
    req("date", Str, r#""date": "2027-01-05""#),
    req("shift", Str, r#""shift": "D""#),
];
#[rustfmt::skip]
const REQUEST: &[Field] = &[
    req("date", Str, r#""date": "2027-01-08""#),
    opt("shift", Str, r#""shift": "A""#),
    req("want", Bool, r#""want": false"#),
    opt("weight", Num, r#""weight": 2"#),
];
#[rustfmt::skip]
const OPEN: &[Field] = &[
    req("id", Str, r#""id": "hfa""#),
    opt("skills", List(&Str), r#""skills": ["RN"]"#),
    req("max_count", Whole, r#""max_count": 10"#),
    opt("min_pct", Num, r#""min_pct": 50"#),
    opt("max_pct", Num, r#""max_pct": 100"#),
    opt("weekend_max_one_in", Whole, r#""weekend_max_one_in": 2"#),
    opt("full_time_hours_per_week", Num, r#""full_time_hours_per_week": 33.6"#),
    opt("max_shifts", List(&Obj(SHIFT_LIMIT)), r#""max_shifts": [{"shift": "N", "max": 0}]"#),
];
#[rustfmt::skip]
const RULES: &[Field] = &[
    opt("min_rest_hours", Num, r#""min_rest_hours": 11"#),
    opt("weekly_rest_hours", Nullable(&Num), r#""weekly_rest_hours": 35"#),
    opt("max_consecutive_days", Nullable(&Whole), r#""max_consecutive_days": 6"#),
    opt("min_consecutive_days", Nullable(&Whole), r#""min_consecutive_days": 2"#),
    opt("min_consecutive_days_off", Nullable(&Whole), r#""min_consecutive_days_off": 2"#),
    opt("max_hours_per_week", Nullable(&Num), r#""max_hours_per_week": 54"#),
    opt("max_average_hours_per_week", Nullable(&Num), r#""max_average_hours_per_week": 40"#),
    opt("hours_tolerance", Num, r#""hours_tolerance": 4"#),
    opt("long_shifts_agreed", Bool, r#""long_shifts_agreed": true"#),
    opt("weekend", Obj(WEEKEND), r#""weekend": {"from": "sat 00:00", "to": "mon 00:00"}"#),
    opt("sunday_work", Obj(SUNDAY_WORK), r#""sunday_work": {"max_one_in": 2}"#),
    opt("quality", Obj(QUALITY), r#""quality": {"isolated_work_days": 1}"#),
    opt("working_time", OneOf(&["fixed", "ks-three-shift"]), r#""working_time": "ks-three-shift""#),
    opt("weekend_bonus", List(&Obj(BONUS_TIER)), r#""weekend_bonus": [{"from_weekends": 18, "to_weekends": 21, "nok_per_hour": 20}]"#),
];
#[rustfmt::skip]
const BONUS_TIER: &[Field] = &[
    req("from_weekends", Whole, r#""from_weekends": 18"#),
    req("to_weekends", Whole, r#""to_weekends": 21"#),
    req("nok_per_hour", Num, r#""nok_per_hour": 20"#),
];
#[rustfmt::skip]
const QUALITY: &[Field] = &[
    opt("preset", OneOf(&["norwegian"]), r#""preset": "norwegian""#),
    opt("isolated_work_days", Num, r#""isolated_work_days": 1"#),
    opt("isolated_days_off", Num, r#""isolated_days_off": 1"#),
    opt("night_blocks_without_two_days_off", Num, r#""night_blocks_without_two_days_off": 1"#),
    opt("shift_changes", Num, r#""shift_changes": 1"#),
    opt("backward_rotations", Num, r#""backward_rotations": 1"#),
    opt("long_blocks", Obj(RUN_LIMIT), r#""long_blocks": {"days": 5, "weight": 1}"#),
    opt("long_night_runs", Obj(RUN_LIMIT), r#""long_night_runs": {"days": 3, "weight": 1}"#),
    opt("long_evening_runs", Obj(RUN_LIMIT), r#""long_evening_runs": {"days": 4, "weight": 1}"#),
    opt("weekends_without_free_weekday", Num, r#""weekends_without_free_weekday": 1"#),
    opt("fair_nights", Obj(FAIR_SHARE), r#""fair_nights": {"band": 1, "weight": 1}"#),
    opt("fair_evenings", Obj(FAIR_SHARE), r#""fair_evenings": {"band": 1, "weight": 1}"#),
    opt("short_blocks", Obj(RUN_LIMIT), r#""short_blocks": {"days": 3, "weight": 1}"#),
    opt("fair_weekends", Obj(FAIR_SHARE), r#""fair_weekends": {"band": 1, "weight": 1}"#),
];
#[rustfmt::skip]
const FAIR_SHARE: &[Field] = &[
    req("band", Num, r#""band": 1"#),
    req("weight", Num, r#""weight": 1"#),
];
#[rustfmt::skip]
const RUN_LIMIT: &[Field] = &[
    req("days", Whole, r#""days": 5"#),
    req("weight", Num, r#""weight": 1"#),
];
#[rustfmt::skip]
const SUNDAY_WORK: &[Field] = &[
    opt("max_one_in", Whole, r#""max_one_in": 2"#),
    opt("max_share", Num, r#""max_share": 0.5"#),
    opt("holidays_max_one_in", Whole, r#""holidays_max_one_in": 2"#),
];
#[rustfmt::skip]
const WEEKEND: &[Field] = &[
    opt("from", Str, r#""from": "sat 00:00""#),
    opt("to", Str, r#""to": "mon 00:00""#),
    opt("max_one_in", Whole, r#""max_one_in": 3"#),
    opt("complete", Bool, r#""complete": true"#),
];
const ROOT: Kind = Obj(SCHEMA);

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn expected(kind: &Kind) -> String {
    match kind {
        Str => "a string".into(),
        OneOf(names) => format!("one of {}", names.join(", ")),
        Num => "a number".into(),
        Whole => "a whole number".into(),
        Bool => "true or false".into(),
        List(_) => "a list [...]".into(),
        Obj(_) => "an object {...}".into(),
        Nullable(k) => format!("{} or null", expected(k)),
        Either(a, b) => format!("{} or {}", expected(a), expected(b)),
    }
}

/// Whether `v` has the JSON type of `kind` (not looking inside lists and objects).
fn same_type(kind: &Kind, v: &Value) -> bool {
    matches!(
        (kind, v),
        (Str | OneOf(_), Value::String(_))
            | (Num | Whole, Value::Number(_))
            | (Bool, Value::Bool(_))
            | (List(_), Value::Array(_))
            | (Obj(_), Value::Object(_))
            | (Nullable(_), _)
    ) || matches!(kind, Either(a, b) if same_type(a, v) || same_type(b, v))
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {}", quote(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// A user value in quotes, shortened when long.
fn quote(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    if short.len() < s.len() {
        format!("\"{short}…\"")
    } else {
        format!("\"{short}\"")
    }
}

/// Labels for the elements of a list: `[id=x]` when every element is an object with a unique,
/// non-empty string `id`-like key, else `[i]`.
fn element_labels(items: &[Value]) -> Vec<String> {
    let ids: Vec<Option<&str>> = items
        .iter()
        .map(|v| v.get("id").and_then(Value::as_str))
        .collect();
    labels_from_ids(&ids)
}

fn labels_from_ids(ids: &[Option<&str>]) -> Vec<String> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for id in ids.iter().flatten() {
        *count.entry(id).or_default() += 1;
    }
    ids.iter()
        .enumerate()
        .map(|(i, id)| match id {
            Some(id) if plain_id(id) && count.get(id) == Some(&1) => format!("[id={id}]"),
            _ => format!("[{i}]"),
        })
        .collect()
}

/// Whether an id is safe to show in a path.
fn plain_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '+'))
}

fn wrong_type(path: &str, v: &Value, kind: &Kind, field: Option<&Field>) -> Issue {
    let (what, fix) = match (v, field) {
        (Value::Null, Some(f)) if !f.required => (
            format!("is null, but `{}` cannot be switched off", f.name),
            format!(
                "remove the field to use the default, or give a value, e.g. {}.",
                f.example
            ),
        ),
        (_, Some(f)) => (
            format!("is {}, expected {}", describe(v), expected(kind)),
            format!("write it like {}.", f.example),
        ),
        (_, None) => (
            format!("is {}, expected {}", describe(v), expected(kind)),
            "see docs/format.md for the format.".into(),
        ),
    };
    Issue {
        code: "wrong-type",
        path: if path.is_empty() {
            "scenario".into()
        } else {
            path.into()
        },
        message: format!("the value {what}."),
        fix,
    }
}

/// Checks `v` against `kind`, collecting every structural issue. Unknown fields are removed
/// and whole numbers written as `5.0` become `5`, so the cleaned value can be deserialised.
fn check_value(
    v: &mut Value,
    kind: &Kind,
    path: &str,
    field: Option<&Field>,
    out: &mut Vec<Issue>,
) {
    if let Either(a, b) = kind {
        let inner = if same_type(a, v) { a } else { b };
        if same_type(inner, v) {
            return check_value(v, inner, path, field, out);
        }
        return out.push(wrong_type(path, v, kind, field));
    }
    match (kind, &mut *v) {
        (Nullable(_), Value::Null) => {}
        (Nullable(inner), _) => check_value(v, inner, path, field, out),
        (Str, Value::String(_)) | (Num, Value::Number(_)) | (Bool, Value::Bool(_)) => {}
        (OneOf(names), Value::String(s)) => {
            if !names.contains(&s.as_str()) {
                out.push(Issue {
                    code: "unknown-choice",
                    path: path.into(),
                    message: format!("{} is not one of {}.", quote(s), names.join(", ")),
                    fix: format!("write one of them, e.g. \"{}\".", names[0]),
                });
                // Dropped like an unknown field, so the file's other problems still show.
                *v = Value::Null;
            }
        }
        (Whole, Value::Number(n)) => {
            if n.is_i64() {
                return;
            }
            let x = n.as_f64().unwrap_or(f64::NAN);
            if x.fract() == 0.0 && x.abs() < 9.0e15 {
                *v = Value::from(x as i64);
            } else if x.fract() == 0.0 || n.is_u64() {
                out.push(Issue {
                    code: "number-too-large",
                    path: path.into(),
                    message: format!("the value {n} is far too large."),
                    fix: match field {
                        Some(f) => format!("use a realistic value, e.g. {}.", f.example),
                        None => "use a realistic value.".into(),
                    },
                });
            } else {
                out.push(Issue {
                    code: "wrong-type",
                    path: path.into(),
                    message: format!("the value {n} is a fraction, expected a whole number."),
                    fix: match field {
                        Some(f) => format!("use a whole number, e.g. {}.", f.example),
                        None => "use a whole number.".into(),
                    },
                });
            }
        }
        (List(inner), Value::Array(items)) => {
            // An element is never optional: `null` in a list is a wrong type, not "off".
            let element = field.map(|f| Field {
                required: true,
                ..*f
            });
            let labels = element_labels(items);
            for (item, label) in items.iter_mut().zip(labels) {
                check_value(
                    item,
                    inner,
                    &format!("{path}{label}"),
                    element.as_ref(),
                    out,
                );
            }
        }
        (Obj(fields), Value::Object(map)) => {
            let unknown: Vec<String> = map
                .keys()
                .filter(|k| !fields.iter().any(|f| f.name == k.as_str()))
                .cloned()
                .collect();
            for key in unknown {
                let place = join(path, &key);
                let (message, fix) = match suggest(&key, fields) {
                    Some(s) => (
                        format!("unknown field {}; did you mean `{s}`?", quote(&key)),
                        format!("rename it to `{s}`."),
                    ),
                    None => (
                        format!("unknown field {}.", quote(&key)),
                        format!(
                            "remove it; known fields here: {}.",
                            fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                        ),
                    ),
                };
                out.push(Issue {
                    code: "unknown-field",
                    path: place,
                    message,
                    fix,
                });
                map.remove(&key);
            }
            for f in fields.iter() {
                match map.get_mut(f.name) {
                    Some(child) => check_value(child, &f.kind, &join(path, f.name), Some(f), out),
                    None if f.required => out.push(Issue {
                        code: "missing-field",
                        path: join(path, f.name),
                        message: format!("the required field `{}` is missing.", f.name),
                        fix: format!("add {}.", f.example),
                    }),
                    None => {}
                }
            }
        }
        _ => out.push(wrong_type(path, v, kind, field)),
    }
}

/// The known field closest to a misspelt one, if any is close.
fn suggest(key: &str, fields: &[Field]) -> Option<&'static str> {
    crate::suggest::closest(key, fields.iter().map(|f| f.name), &crate::suggest::FIELDS)
}

#[cfg(test)]
use crate::suggest::levenshtein;

// ---------------------------------------------------------------------------------------------
// Semantic pass.
// ---------------------------------------------------------------------------------------------

/// Every problem of a typed scenario (empty when valid), in a fixed order: horizon, full-time
/// hours, shifts, skills, demand, rules, staff, open positions, weekend (and bonus ladder).
pub fn validate(s: &Scenario) -> Vec<Issue> {
    let mut c = Checker { issues: Vec::new() };
    let horizon = c.horizon(s);
    let fte = c.full_time(s);
    c.budget(s);
    let shifts = c.shifts(s);
    let skills = c.skills(s);
    let demand = c.demand(s, horizon.as_ref(), &shifts, &skills);
    let rules = c.rules(s);
    let templates: Vec<&str> = s.open_positions.iter().map(|o| o.id.as_str()).collect();
    // Most hours anyone could work on each date (one shift start per date), when computable.
    let day_cap = match (&horizon, &demand, shifts.all_ok, fte, &rules) {
        (Some(h), Some(d), true, Some(fte), Some(r)) if h.monday => {
            Some((day_capacity(h, d, &shifts), fte, r))
        }
        _ => None,
    };
    c.staff(s, horizon.as_ref(), &shifts, &skills, &templates, &day_cap);
    c.open_positions(s, &shifts, &skills, &day_cap);
    c.weekend(s);
    c.sunday_work(s);
    c.quality(s);
    c.issues
}

/// The parsed horizon.
struct Hz {
    start: NaiveDate,
    weeks: i64,
    monday: bool,
    /// `horizon.holidays` resolved to dates (`None` when not set, or not understood).
    holidays: Option<HashSet<NaiveDate>>,
}

impl Hz {
    fn days(&self) -> usize {
        usize::try_from(self.weeks * 7).unwrap_or(0)
    }
    fn day_of(&self, d: NaiveDate) -> Option<usize> {
        let i = (d - self.start).num_days();
        usize::try_from(i).ok().filter(|i| *i < self.days())
    }
    fn last(&self) -> String {
        self.start
            .checked_add_days(chrono::Days::new(self.days().saturating_sub(1) as u64))
            .map(|d| d.to_string())
            .unwrap_or_default()
    }
}

/// Parsed shifts: paid hours per id (None when the shift itself is broken).
struct Shifts<'a> {
    hours: BTreeMap<&'a str, Option<Ratio>>,
    order: Vec<&'a str>,
    all_ok: bool,
}

/// Total demand resolved per (shift, weekday) and (shift, date): effective max of total entries.
struct DemandTable<'a> {
    days: HashMap<(&'a str, i64), i64>,
    dates: HashMap<(&'a str, NaiveDate), i64>,
    /// Some entry lists `holiday`: holidays take those entries instead of their weekday's.
    holiday_demand: bool,
}

/// Parsed rule values needed for the capacity check.
struct RuleValues {
    tolerance: Ratio,
    max_per_week: Option<Ratio>,
    /// `max_average_hours_per_week`.
    max_average: Option<Ratio>,
    /// Under the three-shift rule the week a line earns lies between 33.6 h and 35.5 h (h a
    /// week): a contract needs its share of the shorter of that and the fixed week, and may
    /// reach its share of the longer.
    three_shift: Option<(Ratio, Ratio)>,
}

impl RuleValues {
    /// The shortest and longest week (h a week) a person on the fixed week `fte` can have.
    fn weeks(&self, fte: Ratio) -> (Ratio, Ratio) {
        match self.three_shift {
            Some((floor, cap)) => (fte.min(floor), fte.max(cap)),
            None => (fte, fte),
        }
    }
}

type DayCap<'a> = Option<(Vec<Ratio>, Ratio, &'a RuleValues)>;

struct Checker {
    issues: Vec<Issue>,
}

fn item_path(section: &str, labels: &[String], i: usize) -> String {
    match labels.get(i) {
        Some(l) => format!("{section}{l}"),
        None => format!("{section}[{i}]"),
    }
}

fn ids_labels<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let ids: Vec<Option<&str>> = ids.map(Some).collect();
    labels_from_ids(&ids)
}

fn show(r: Ratio) -> String {
    let x = (r.to_f64() * 100.0).round() / 100.0;
    format!("{x}")
}

fn show_f(x: f64) -> String {
    format!("{x}")
}

impl Checker {
    fn push(&mut self, code: &'static str, path: String, message: String, fix: String) {
        self.issues.push(Issue {
            code,
            path,
            message,
            fix,
        });
    }

    /// The exact value of a decimal, or an issue when it cannot be handled exactly.
    fn exact(&mut self, path: &str, x: f64) -> Option<Ratio> {
        let r = Ratio::from_f64(x);
        if r.is_none() {
            if x.is_finite() && x.abs() <= 1e12 {
                self.push(
                    "too-precise-number",
                    path.into(),
                    format!("{} has more than 9 decimals.", show_f(x)),
                    "round it to at most 9 decimals (e.g. 2 for hours and percentages).".into(),
                );
            } else {
                self.push(
                    "number-too-large",
                    path.into(),
                    format!("{} is far too large.", show_f(x)),
                    "use a realistic value.".into(),
                );
            }
        }
        r
    }

    /// An exact decimal that must not be negative.
    fn non_negative(&mut self, path: &str, x: f64, what: &str) -> Option<Ratio> {
        let r = self.exact(path, x)?;
        if r < Ratio::ZERO {
            self.push(
                "negative-number",
                path.into(),
                format!("{what} {} is negative.", show_f(x)),
                format!("use 0 or more for {what}."),
            );
            return None;
        }
        Some(r)
    }

    /// A count in `0..=max`.
    fn count(&mut self, path: &str, n: i64, max: i64, what: &str) -> bool {
        if n < 0 {
            self.push(
                "negative-number",
                path.into(),
                format!("{what} {n} is negative."),
                format!("use 0 or more for {what}."),
            );
            false
        } else if n > max {
            self.push(
                "number-too-large",
                path.into(),
                format!("{what} {n} is above the limit {max}."),
                format!("use at most {max}."),
            );
            false
        } else {
            true
        }
    }

    /// A percentage: negative → `negative-number`, above 100 (or 0 when `zero_ok` is false) →
    /// `bad-pct`.
    fn pct(&mut self, path: &str, x: f64, what: &str, zero_ok: bool) -> Option<Ratio> {
        let r = self.non_negative(path, x, what)?;
        let bad_zero = !zero_ok && r == Ratio::ZERO;
        if r > Ratio::int(100) || bad_zero {
            let range = if zero_ok {
                "0 to 100"
            } else {
                "above 0 and at most 100"
            };
            self.push(
                "bad-pct",
                path.into(),
                format!("{what} {} is not a percentage {range}.", show_f(x)),
                format!("use a percentage {range}, e.g. 75 for a 75 % position."),
            );
            return None;
        }
        Some(r)
    }

    fn check_id(&mut self, path: String, id: &str) -> bool {
        let problem = if id.is_empty() {
            "is empty".to_string()
        } else if id.trim() != id {
            "has spaces at the start or end".to_string()
        } else if let Some(c) = id
            .chars()
            .find(|c| c.is_control() || matches!(c, ',' | ';' | '"'))
        {
            format!("contains {c:?}, which breaks rota CSV files")
        } else {
            return true;
        };
        self.push(
            "bad-id",
            path,
            format!("the id {} {problem}.", quote(id)),
            "use a short id of letters, digits, '-' or '_', e.g. \"kari\".".into(),
        );
        false
    }

    /// Reports ids seen before in `seen`; returns whether `id` was new.
    fn unique(
        &mut self,
        seen: &mut HashMap<String, String>,
        id: &str,
        path: String,
        what: &str,
    ) -> bool {
        if let Some(first) = seen.get(id) {
            self.push(
                "duplicate-id",
                path,
                format!("the {what} id {} is already used at {first}.", quote(id)),
                "give every one a different id, or merge them.".into(),
            );
            false
        } else {
            seen.insert(id.to_string(), path);
            true
        }
    }

    /// Parses a date and (when the horizon is known) places it inside the horizon.
    fn date(&mut self, path: String, s: &str, hz: Option<&Hz>) -> Option<NaiveDate> {
        let Some(d) = parse_date(s) else {
            self.push(
                "bad-date",
                path,
                format!("{} is not a valid date.", quote(s)),
                "write an existing date as YYYY-MM-DD, e.g. \"2027-01-04\".".into(),
            );
            return None;
        };
        if let Some(h) = hz {
            if h.day_of(d).is_none() {
                self.push(
                    "date-outside-horizon",
                    path,
                    format!(
                        "{} lies outside the horizon {} to {}.",
                        quote(s),
                        h.start,
                        h.last()
                    ),
                    "use a date inside the horizon (check the year and month) or remove it.".into(),
                );
                return None;
            }
        }
        Some(d)
    }

    fn shift_ref(&mut self, path: String, id: &str, shifts: &Shifts) -> bool {
        if shifts.hours.contains_key(id) {
            return true;
        }
        self.push(
            "unknown-shift",
            path,
            format!("the shift {} is not declared in shifts.", quote(id)),
            format!(
                "use one of {} or declare {} in shifts.",
                shifts.order.join(", "),
                quote(id)
            ),
        );
        false
    }

    fn skill_ref(&mut self, path: String, skill: &str, skills: &HashSet<&str>) -> bool {
        if skills.contains(skill) {
            return true;
        }
        self.push(
            "unknown-skill",
            path,
            format!("the skill {} is not declared in skills.", quote(skill)),
            format!("declare {} in skills or remove it.", quote(skill)),
        );
        false
    }

    fn horizon(&mut self, s: &Scenario) -> Option<Hz> {
        let h = &s.horizon;
        let mut monday = true;
        let start = match parse_date(&h.start) {
            None => {
                self.push(
                    "bad-date",
                    "horizon.start".into(),
                    format!("{} is not a valid date.", quote(&h.start)),
                    "write the first Monday as YYYY-MM-DD, e.g. \"2027-01-04\".".into(),
                );
                None
            }
            Some(d) => {
                if !Calendar::is_monday(d) {
                    monday = false;
                    let back = u64::from(d.weekday().num_days_from_monday());
                    let fix = match d.checked_sub_days(chrono::Days::new(back)) {
                        Some(m) => format!("use a Monday, e.g. {m}."),
                        None => "use a Monday.".into(),
                    };
                    self.push(
                        "start-not-monday",
                        "horizon.start".into(),
                        format!("{} is a {}, not a Monday.", quote(&h.start), d.weekday()),
                        fix,
                    );
                }
                Some(d)
            }
        };
        let weeks_ok = if h.weeks < 1 {
            self.push(
                "weeks-too-small",
                "horizon.weeks".into(),
                format!("{} weeks is less than one week.", h.weeks),
                "use 1 or more weeks, e.g. 6.".into(),
            );
            false
        } else {
            self.count("horizon.weeks", h.weeks, MAX_WEEKS, "weeks")
        };
        let Some(start) = start else {
            self.holidays(s, None);
            return None;
        };
        // Every date of the horizon must be written with a four-digit year, so that rosters and
        // CSV grids read back (chrono would write `+10000-01-01`).
        let last = if weeks_ok {
            start.checked_add_days(chrono::Days::new(h.weeks as u64 * 7 - 1))
        } else {
            None
        };
        let in_range = |d: NaiveDate| (1..=9999).contains(&d.year());
        let end_ok = match last {
            Some(last) if in_range(start) && in_range(last) => true,
            Some(last) => {
                self.push(
                    "horizon-out-of-range",
                    "horizon.start".into(),
                    format!(
                        "the horizon runs from {} to {}, outside the years 0001–9999.",
                        quote(&h.start),
                        last
                    ),
                    "plan within the years 0001–9999 (the last date must be 9999-12-31 or earlier).".into(),
                );
                false
            }
            None => {
                weeks_ok && {
                    self.push(
                        "horizon-out-of-range",
                        "horizon.start".into(),
                        format!(
                            "the horizon from {} has no last date in the calendar.",
                            quote(&h.start)
                        ),
                        "plan within the years 0001–9999.".into(),
                    );
                    false
                }
            }
        };
        if !end_ok {
            // The holidays' own problems are still reported.
            self.holidays(s, None);
            return None;
        }
        let mut hz = Hz {
            start,
            weeks: h.weeks,
            monday,
            holidays: None,
        };
        hz.holidays = self.holidays(s, Some(&hz));
        Some(hz)
    }

    /// `horizon.holidays`: a known calendar's holidays within the horizon, or dates in it
    /// (without a usable horizon, only the calendar name and the dates' syntax are checked).
    /// A date listed twice is one holiday.
    fn holidays(&mut self, s: &Scenario, hz: Option<&Hz>) -> Option<HashSet<NaiveDate>> {
        match s.horizon.holidays.as_ref()? {
            Holidays::Calendar(name) => {
                let found = if crate::calendar::HOLIDAY_CALENDARS.contains(&name.as_str()) {
                    hz.map(|hz| {
                        let last = hz.start + chrono::Days::new(hz.days().saturating_sub(1) as u64);
                        crate::calendar::public_holidays(name, hz.start, last).unwrap_or_default()
                    })
                } else {
                    None
                };
                if !crate::calendar::HOLIDAY_CALENDARS.contains(&name.as_str()) {
                    self.push(
                        "unknown-holiday-calendar",
                        "horizon.holidays".into(),
                        format!("{} is not a holiday calendar heltid knows.", quote(name)),
                        format!(
                            "use one of {} or list the dates, e.g. [\"2027-12-25\"].",
                            crate::calendar::HOLIDAY_CALENDARS.join(", ")
                        ),
                    );
                }
                found.map(|v| v.into_iter().collect())
            }
            Holidays::Dates(dates) => Some(
                dates
                    .iter()
                    .enumerate()
                    .filter_map(|(i, d)| self.date(format!("horizon.holidays[{i}]"), d, hz))
                    .collect(),
            ),
        }
    }

    fn full_time(&mut self, s: &Scenario) -> Option<Ratio> {
        self.week("full_time_hours_per_week", s.full_time_hours_per_week)
    }

    /// A full-time week in hours: above 0 and at most 168 (`bad-full-time-hours`).
    fn week(&mut self, path: &str, x: f64) -> Option<Ratio> {
        let r = self.exact(path, x)?;
        if r <= Ratio::ZERO || r > Ratio::int(168) {
            self.push(
                "bad-full-time-hours",
                path.into(),
                format!("{} hours per week is not above 0 and at most 168.", show_f(x)),
                "use the hours of a 100 % position, e.g. 35.5 (rotating shifts) or 37.5 (day work).".into(),
            );
            return None;
        }
        Some(r)
    }

    fn budget(&mut self, s: &Scenario) {
        let Some(x) = s.budget_fte else {
            return;
        };
        let path = "budget_fte";
        if s.has_own_weeks() {
            self.push(
                "budget-with-own-weeks",
                path.into(),
                "a budget of full-time equivalents with staff or templates on a full-time week of their own is not supported yet.".into(),
                "leave budget_fte out, or give everyone the scenario's full_time_hours_per_week.".into(),
            );
        }
        let Some(r) = self.exact(path, x) else {
            return;
        };
        if r <= Ratio::ZERO || r > Ratio::int(MAX_COUNT) {
            self.push(
                "bad-budget",
                path.into(),
                format!("a budget of {} full-time equivalents is not above 0 and at most {MAX_COUNT}.", show_f(x)),
                "give the full-time equivalents the unit may spend, e.g. 18.68, or leave budget_fte out.".into(),
            );
        }
    }

    fn shifts<'a>(&mut self, s: &'a Scenario) -> Shifts<'a> {
        let labels = ids_labels(s.shifts.iter().map(|x| x.id.as_str()));
        let mut seen = HashMap::new();
        let mut out = Shifts {
            hours: BTreeMap::new(),
            order: Vec::new(),
            all_ok: true,
        };
        for (i, sh) in s.shifts.iter().enumerate() {
            let base = item_path("shifts", &labels, i);
            let before = self.issues.len();
            if self.check_id(format!("{base}.id"), &sh.id) && sh.id == "-" {
                self.push(
                    "bad-id",
                    format!("{base}.id"),
                    "the shift id \"-\" means \"off\" in rota CSV files.".into(),
                    "use another id, e.g. \"D\".".into(),
                );
            }
            let new = self.unique(&mut seen, &sh.id, format!("{base}.id"), "shift");
            let mut times = Vec::new();
            for (field, t) in [("start", &sh.start), ("end", &sh.end)] {
                match parse_hhmm(t) {
                    Some(m) => times.push(m),
                    None => self.push(
                        "bad-time",
                        format!("{base}.{field}"),
                        format!("{} is not a clock time HH:MM.", quote(t)),
                        "write it with two-digit hours 00-23 and minutes, e.g. \"07:30\".".into(),
                    ),
                }
            }
            // AML §10-12(4): more than 12.5 h of work in 24 h only by written agreement.
            if let ([a, b], false) = (times.as_slice(), s.rules.long_shifts_agreed()) {
                let minutes = shift_minutes(*a, *b);
                if minutes > LONG_SHIFT_MINUTES {
                    self.push(
                        "long-shift-not-agreed",
                        base.clone(),
                        format!(
                            "shift {} lasts {} h, and working more than 12.5 h in a row needs a written agreement (AML §10-12(4)).",
                            quote(&sh.id),
                            show(Ratio::new(i128::from(minutes), 60))
                        ),
                        "set \"rules\": {\"long_shifts_agreed\": true} when the agreement exists, or shorten the shift to 12.5 h.".into(),
                    );
                }
            }
            let hours = match (sh.hours, times.as_slice()) {
                (Some(h), _) => self.exact(&format!("{base}.hours"), h).and_then(|r| {
                    if r <= Ratio::ZERO || r > Ratio::int(24) {
                        self.push(
                            "bad-shift-hours",
                            format!("{base}.hours"),
                            format!("{} paid hours is not above 0 and at most 24.", show_f(h)),
                            "give the paid hours of one shift, e.g. 7.5, or remove `hours` to use the clock length.".into(),
                        );
                        None
                    } else {
                        Some(r)
                    }
                }),
                (None, [a, b]) => Some(Ratio::new(i128::from(shift_minutes(*a, *b)), 60)),
                (None, _) => None,
            };
            let ok = self.issues.len() == before && hours.is_some();
            out.all_ok &= ok;
            if new {
                out.order.push(&sh.id);
                out.hours.insert(&sh.id, if ok { hours } else { None });
            }
        }
        for (i, sh) in s.shifts.iter().enumerate() {
            let base = item_path("shifts", &labels, i);
            for (j, next) in sh.not_followed_by.iter().enumerate() {
                self.shift_ref(format!("{base}.not_followed_by[{j}]"), next, &out);
            }
        }
        out
    }

    fn skills<'a>(&mut self, s: &'a Scenario) -> HashSet<&'a str> {
        let mut seen = HashMap::new();
        let mut out = HashSet::new();
        for (i, sk) in s.skills.iter().enumerate() {
            let path = format!("skills[{i}]");
            self.check_id(path.clone(), sk);
            self.unique(&mut seen, sk, path, "skill");
            out.insert(sk.as_str());
        }
        out
    }

    fn demand<'a>(
        &mut self,
        s: &'a Scenario,
        hz: Option<&Hz>,
        shifts: &Shifts,
        skills: &HashSet<&str>,
    ) -> Option<DemandTable<'a>> {
        let before_all = self.issues.len();
        let mut table = DemandTable {
            days: HashMap::new(),
            dates: HashMap::new(),
            holiday_demand: s.holiday_demand(),
        };
        // (shift, skill, weekday) and (shift, skill, date) -> first entry index.
        let mut by_day: HashMap<(&str, Option<&str>, i64), usize> = HashMap::new();
        let mut by_date: HashMap<(&str, Option<&str>, NaiveDate), usize> = HashMap::new();
        for (i, d) in s.demand.iter().enumerate() {
            let base = format!("demand[{i}]");
            self.shift_ref(format!("{base}.shift"), &d.shift, shifts);
            if let Some(sk) = &d.skill {
                self.skill_ref(format!("{base}.skill"), sk, skills);
            }
            let min_ok = self.count(&format!("{base}.min"), d.min, MAX_COUNT, "min");
            let max_ok = d
                .max
                .is_none_or(|m| self.count(&format!("{base}.max"), m, MAX_COUNT, "max"));
            if let (true, true, Some(max)) = (min_ok, max_ok, d.max) {
                if max < d.min {
                    self.push(
                        "max-below-min",
                        format!("{base}.max"),
                        format!("max {max} is below min {}.", d.min),
                        format!("use a max of at least {} or lower min.", d.min),
                    );
                }
            }
            for (name, w) in [
                ("under_weight", d.under_weight),
                ("over_weight", d.over_weight),
            ] {
                let Some(w) = w else {
                    continue;
                };
                let path = format!("{base}.{name}");
                if d.skill.is_some() {
                    self.push(
                        "soft-skill-demand",
                        path,
                        format!("{name} on a skill entry: only total entries may be soft."),
                        format!("remove {name}, or put it on the total entry of the shift."),
                    );
                } else if let Some(v) = self.non_negative(&path, w, name) {
                    if v > Ratio::int(MAX_WEIGHT) {
                        self.push(
                            "bad-rule-value",
                            path,
                            format!("{name} {} is above {MAX_WEIGHT}.", show_f(w)),
                            "use a weight from 0 to 1 000 000.".into(),
                        );
                    }
                }
            }
            let skill = d.skill.as_deref();
            let kind = match skill {
                Some(sk) => format!("skill {} on shift {}", quote(sk), quote(&d.shift)),
                None => format!("shift {}", quote(&d.shift)),
            };
            match (&d.days, &d.dates) {
                (Some(_), Some(_)) => self.push(
                    "demand-days-and-dates",
                    base.clone(),
                    "the entry has both `days` and `dates`.".into(),
                    "split it into one entry with `days` and one with `dates`.".into(),
                ),
                (None, None) => self.push(
                    "demand-days-and-dates",
                    base.clone(),
                    "the entry has neither `days` nor `dates`.".into(),
                    "add `days` (e.g. [\"mon\", \"tue\"]) or `dates` (e.g. [\"2027-01-06\"])."
                        .into(),
                ),
                (Some(l), None) | (None, Some(l)) if l.is_empty() => self.push(
                    "demand-days-and-dates",
                    base.clone(),
                    "the entry's list of days or dates is empty, so it applies nowhere.".into(),
                    "list at least one day or date, or remove the entry.".into(),
                ),
                _ => {}
            }
            for (j, day) in d.days.iter().flatten().enumerate() {
                let path = format!("{base}.days[{j}]");
                // Holiday entries are keyed as an eighth weekday.
                let wd = if day == HOLIDAY {
                    if s.horizon.holidays.is_none() {
                        self.push(
                            "holiday-without-holidays",
                            path,
                            "the entry lists the day \"holiday\", but the scenario names no holidays.".into(),
                            "set `horizon.holidays` (e.g. \"NO\" or a list of dates) or remove \"holiday\".".into(),
                        );
                        continue;
                    }
                    HOLIDAY_KEY
                } else if let Some(wd) = parse_weekday(day) {
                    wd
                } else {
                    self.push(
                        "bad-weekday",
                        path,
                        format!("{} is not a weekday.", quote(day)),
                        "use one of mon, tue, wed, thu, fri, sat, sun or holiday (lower case)."
                            .into(),
                    );
                    continue;
                };
                match by_day.get(&(d.shift.as_str(), skill, wd)) {
                    Some(&k) if k != i => self.push(
                        "duplicate-demand",
                        path,
                        format!("demand[{k}] and demand[{i}] both set {kind} on {day}."),
                        "merge them into one entry or remove the day from one; use `dates` to override specific dates.".into(),
                    ),
                    Some(_) => {}
                    None => {
                        by_day.insert((d.shift.as_str(), skill, wd), i);
                        if skill.is_none() {
                            table.days.insert((d.shift.as_str(), wd), open_max(d));
                        }
                    }
                }
            }
            for (j, date) in d.dates.iter().flatten().enumerate() {
                let path = format!("{base}.dates[{j}]");
                let Some(dt) = self.date(path.clone(), date, hz) else {
                    continue;
                };
                match by_date.get(&(d.shift.as_str(), skill, dt)) {
                    Some(&k) if k != i => self.push(
                        "duplicate-demand",
                        path,
                        format!("demand[{k}] and demand[{i}] both set {kind} on {dt}."),
                        "merge them into one entry or remove the date from one.".into(),
                    ),
                    Some(_) => {}
                    None => {
                        by_date.insert((d.shift.as_str(), skill, dt), i);
                        if skill.is_none() {
                            table.dates.insert((d.shift.as_str(), dt), open_max(d));
                        }
                    }
                }
            }
        }
        (self.issues.len() == before_all).then_some(table)
    }

    fn rules(&mut self, s: &Scenario) -> Option<RuleValues> {
        let r = &s.rules;
        let before = self.issues.len();
        if let Some(x) = r.min_rest_hours {
            self.non_negative("rules.min_rest_hours", x, "min_rest_hours");
        }
        if let Some(Some(x)) = r.weekly_rest_hours {
            let path = "rules.weekly_rest_hours";
            if let Some(v) = self.non_negative(path, x, "weekly_rest_hours") {
                if v > Ratio::int(168) {
                    self.push(
                        "bad-rule-value",
                        path.into(),
                        format!(
                            "weekly_rest_hours {} is longer than a week (168 h).",
                            show_f(x)
                        ),
                        "use at most 168, e.g. 35, or null to switch the rule off.".into(),
                    );
                }
            }
        }
        for (name, n) in [
            ("max_consecutive_days", r.max_consecutive_days()),
            ("min_consecutive_days", r.min_consecutive_days()),
            ("min_consecutive_days_off", r.min_consecutive_days_off()),
        ] {
            if let Some(n) = n {
                self.days_in_a_row(&format!("rules.{name}"), n, name, true);
            }
        }
        let mut max_per_week = None;
        if let Some(Some(x)) = r.max_hours_per_week {
            let path = "rules.max_hours_per_week";
            if let Some(v) = self.non_negative(path, x, "max_hours_per_week") {
                if v > Ratio::int(168) {
                    self.push(
                        "bad-rule-value",
                        path.into(),
                        format!(
                            "max_hours_per_week {} is more than a week has (168 h).",
                            show_f(x)
                        ),
                        "use at most 168, e.g. 54, or null to switch the rule off.".into(),
                    );
                } else {
                    max_per_week = Some(v);
                }
            }
        }
        let mut max_average = None;
        if let Some(Some(x)) = r.max_average_hours_per_week {
            let path = "rules.max_average_hours_per_week";
            if let Some(v) = self.non_negative(path, x, "max_average_hours_per_week") {
                if v > Ratio::int(168) {
                    self.push(
                        "bad-rule-value",
                        path.into(),
                        format!(
                            "max_average_hours_per_week {} is more than a week has (168 h).",
                            show_f(x)
                        ),
                        "use at most 168, e.g. 40 (AML §10-5), or null to switch the rule off."
                            .into(),
                    );
                } else {
                    max_average = Some(v);
                }
            }
        }
        let tolerance = self.non_negative(
            "rules.hours_tolerance",
            r.hours_tolerance(),
            "hours_tolerance",
        );
        match (tolerance, self.issues.len() == before) {
            (Some(tolerance), true) => Some(RuleValues {
                tolerance,
                max_per_week,
                max_average,
                three_shift: (r.working_time() == crate::scenario::WorkingTime::KsThreeShift).then(
                    || {
                        let h = |minutes: i64| Ratio::new(i128::from(minutes), 60);
                        (
                            h(crate::tariff::THREE_SHIFT_FLOOR),
                            h(crate::tariff::THREE_SHIFT_CAP),
                        )
                    },
                ),
            }),
            _ => None,
        }
    }

    fn weekend(&mut self, s: &Scenario) {
        let w = s.rules.weekend.as_ref();
        let mut points = Vec::new();
        for (field, value, default) in [
            (
                "from",
                w.and_then(|w| w.from.as_deref()),
                DEFAULT_WEEKEND_FROM,
            ),
            ("to", w.and_then(|w| w.to.as_deref()), DEFAULT_WEEKEND_TO),
        ] {
            let text = value.unwrap_or(default);
            match parse_week_point(text) {
                Some(p) => points.push((field, text, p)),
                None => self.push(
                    "bad-week-point",
                    format!("rules.weekend.{field}"),
                    format!(
                        "{} is not a weekday and time like \"sat 00:00\".",
                        quote(text)
                    ),
                    "write a lower-case weekday, one space and HH:MM, e.g. \"sat 00:00\".".into(),
                ),
            }
        }
        if let [(_, from, a), (_, _, b)] = points.as_slice() {
            if a == b {
                self.push(
                    "weekend-window-empty",
                    "rules.weekend.to".into(),
                    format!(
                        "the weekend window starts and ends at {}, so it is empty.",
                        quote(from)
                    ),
                    "end the window at another point, e.g. from \"sat 00:00\" to \"mon 00:00\"."
                        .into(),
                );
            }
        }
        if let Some(n) = w.and_then(|w| w.max_one_in) {
            self.max_one_in("rules.weekend.max_one_in", n, "max_one_in");
        }
        self.weekend_bonus(s);
    }

    /// `rules.quality`: weights from 0 to 1 000 000 (a solver takes far larger as infinite).
    fn quality(&mut self, s: &Scenario) {
        let Some(q) = s.rules.quality.as_ref() else {
            return;
        };
        for (field, w) in [
            ("isolated_work_days", q.isolated_work_days),
            ("isolated_days_off", q.isolated_days_off),
            (
                "night_blocks_without_two_days_off",
                q.night_blocks_without_two_days_off,
            ),
            ("shift_changes", q.shift_changes),
            ("backward_rotations", q.backward_rotations),
            (
                "weekends_without_free_weekday",
                q.weekends_without_free_weekday,
            ),
            ("long_blocks.weight", q.long_blocks.map(|r| r.weight)),
            (
                "long_night_runs.weight",
                q.long_night_runs.map(|r| r.weight),
            ),
            (
                "long_evening_runs.weight",
                q.long_evening_runs.map(|r| r.weight),
            ),
            ("fair_nights.weight", q.fair_nights.map(|f| f.weight)),
            ("fair_evenings.weight", q.fair_evenings.map(|f| f.weight)),
            ("short_blocks.weight", q.short_blocks.map(|r| r.weight)),
            ("fair_weekends.weight", q.fair_weekends.map(|f| f.weight)),
        ] {
            if let Some(w) = w {
                let path = format!("rules.quality.{field}");
                if let Some(v) = self.non_negative(&path, w, field) {
                    if v > Ratio::int(MAX_WEIGHT) {
                        self.push(
                            "bad-rule-value",
                            path,
                            format!("{field} {} is above 1 000 000.", show_f(w)),
                            "weights only order the patterns: use small numbers, e.g. 1 and 2."
                                .into(),
                        );
                    }
                }
            }
        }
        for (field, limit) in [
            ("long_blocks", q.long_blocks),
            ("long_night_runs", q.long_night_runs),
            ("long_evening_runs", q.long_evening_runs),
        ] {
            if let Some(r) = limit.filter(|r| r.days < 1) {
                self.push(
                    "bad-rule-value",
                    format!("rules.quality.{field}.days"),
                    format!("{field}.days {} is below 1.", r.days),
                    "give the dates in a row that cost nothing, e.g. 5.".into(),
                );
            }
        }
        if let Some(r) = q
            .short_blocks
            .filter(|r| !(2..=MAX_SHORT_BLOCK).contains(&r.days))
        {
            self.push(
                "bad-rule-value",
                "rules.quality.short_blocks.days".into(),
                format!(
                    "short_blocks.days {} is outside 2–{MAX_SHORT_BLOCK}.",
                    r.days
                ),
                "give the fewest working dates in a row that cost nothing, e.g. 3 (a block of \
                 one date is also `isolated_work_days`)."
                    .into(),
            );
        }
        for (field, share) in [
            ("fair_nights", q.fair_nights),
            ("fair_evenings", q.fair_evenings),
            ("fair_weekends", q.fair_weekends),
        ] {
            if let Some(f) = share {
                let path = format!("rules.quality.{field}.band");
                self.non_negative(&path, f.band, "band");
            }
        }
    }

    /// `rules.sunday_work`: whole "one in n" of at least 1, a share in (0, 1], and a holiday
    /// limit only where the scenario names holidays.
    fn sunday_work(&mut self, s: &Scenario) {
        let Some(w) = s.rules.sunday_work.as_ref() else {
            return;
        };
        if let Some(n) = w.max_one_in {
            self.max_one_in("rules.sunday_work.max_one_in", n, "max_one_in");
        }
        if let Some(n) = w.holidays_max_one_in {
            let path = "rules.sunday_work.holidays_max_one_in";
            self.max_one_in(path, n, "holidays_max_one_in");
            if n > 1 && s.horizon.holidays.is_none() {
                self.push(
                    "holiday-without-holidays",
                    path.into(),
                    format!("holidays_max_one_in {n} limits holiday work, but the scenario names no holidays."),
                    "set `horizon.holidays` (e.g. \"NO\" or a list of dates) or remove holidays_max_one_in.".into(),
                );
            }
        }
        if let Some(x) = w.max_share {
            let path = "rules.sunday_work.max_share";
            if let Some(v) = self.non_negative(path, x, "max_share") {
                if v == Ratio::ZERO || v > Ratio::int(1) {
                    self.push(
                        "bad-rule-value",
                        path.into(),
                        format!(
                            "max_share {} is not a share above 0 and at most 1.",
                            show_f(x)
                        ),
                        "use e.g. 0.5 (every 2nd Sunday on average), or remove max_share.".into(),
                    );
                }
            }
        }
    }

    /// A number of dates in a row (`max_consecutive_days` and the like): 1 or more.
    fn days_in_a_row(&mut self, path: &str, n: i64, what: &str, nullable: bool) {
        if n < 1 {
            let off = if nullable {
                ", or null to switch the rule off"
            } else {
                ", or remove it to use the rule's value"
            };
            self.push(
                "bad-rule-value",
                path.into(),
                format!("{what} {n} is less than 1."),
                format!("use 1 or more, e.g. 2{off}."),
            );
        } else {
            self.count(path, n, MAX_COUNT, what);
        }
    }

    /// `max_shifts` of a staff member or template: known shifts, each once, counts ≥ 0.
    fn shift_limits(
        &mut self,
        base: &str,
        limits: &[crate::scenario::ShiftLimit],
        shifts: &Shifts,
    ) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (j, l) in limits.iter().enumerate() {
            let path = format!("{base}.max_shifts[{j}]");
            self.shift_ref(format!("{path}.shift"), &l.shift, shifts);
            self.count(&format!("{path}.max"), l.max, MAX_COUNT, "max");
            if let Some(k) = seen.insert(&l.shift, j) {
                self.push(
                    "duplicate-id",
                    format!("{path}.shift"),
                    format!(
                        "max_shifts[{k}] and max_shifts[{j}] both limit shift {}.",
                        quote(&l.shift)
                    ),
                    "keep one entry per shift.".into(),
                );
            }
        }
    }

    /// A weekend frequency "one in n": at least 1 (`bad-max-one-in`), at most [`MAX_COUNT`].
    fn max_one_in(&mut self, path: &str, n: i64, what: &str) {
        if n < 1 {
            self.push(
                "bad-max-one-in",
                path.into(),
                format!("{what} {n} is less than 1."),
                "use 1 (no limit), 2 (every 2nd), 3 (every 3rd), ...".into(),
            );
        } else {
            self.count(path, n, MAX_COUNT, what);
        }
    }

    /// The weekend bonus ladder: whole, non-negative bounds with `from ≤ to`, tiers in
    /// ascending order without overlap, rates ≥ 0.
    fn weekend_bonus(&mut self, s: &Scenario) {
        let mut prev: Option<(usize, i64)> = None;
        for (i, t) in s.rules.weekend_bonus.iter().enumerate() {
            let base = format!("rules.weekend_bonus[{i}]");
            self.non_negative(
                &format!("{base}.nok_per_hour"),
                t.nok_per_hour,
                "nok_per_hour",
            );
            let from_ok = self.count(
                &format!("{base}.from_weekends"),
                t.from_weekends,
                MAX_COUNT,
                "from_weekends",
            );
            let to_ok = self.count(
                &format!("{base}.to_weekends"),
                t.to_weekends,
                MAX_COUNT,
                "to_weekends",
            );
            if !(from_ok && to_ok) {
                continue;
            }
            if t.from_weekends > t.to_weekends {
                self.push(
                    "bad-bonus-tier",
                    format!("{base}.to_weekends"),
                    format!(
                        "the tier runs from {} to {} weekends a year, so it is empty.",
                        t.from_weekends, t.to_weekends
                    ),
                    "use a to_weekends of at least from_weekends (both inclusive), e.g. 18 to 21."
                        .into(),
                );
                continue;
            }
            if let Some((j, end)) = prev {
                if t.from_weekends <= end {
                    self.push(
                        "bonus-tiers-unordered",
                        format!("{base}.from_weekends"),
                        format!(
                            "the tier starts at {} weekends a year, but rules.weekend_bonus[{j}] already runs to {end}.",
                            t.from_weekends
                        ),
                        "sort the tiers by from_weekends and let each start after the previous one ends, e.g. 18–21 then 22–26.".into(),
                    );
                }
            }
            prev = Some((i, t.to_weekends));
        }
    }

    fn staff(
        &mut self,
        s: &Scenario,
        hz: Option<&Hz>,
        shifts: &Shifts,
        skills: &HashSet<&str>,
        templates: &[&str],
        cap: &DayCap,
    ) {
        let labels = ids_labels(s.staff.iter().map(|x| x.id.as_str()));
        let mut seen = HashMap::new();
        let template_ids: HashSet<&str> = templates.iter().copied().collect();
        for (i, p) in s.staff.iter().enumerate() {
            let base = item_path("staff", &labels, i);
            let before = self.issues.len();
            self.check_id(format!("{base}.id"), &p.id);
            self.unique(&mut seen, &p.id, format!("{base}.id"), "staff");
            if template_ids.contains(p.id.as_str()) {
                self.push(
                    "duplicate-id",
                    format!("{base}.id"),
                    format!(
                        "{} is also the id of an open position template.",
                        quote(&p.id)
                    ),
                    "give the person or the template another id.".into(),
                );
            }
            if let Some(t) = templates.iter().find(|t| looks_created(&p.id, t)) {
                self.push(
                    "staff-id-like-template",
                    format!("{base}.id"),
                    format!(
                        "{} looks like a position created from template {}.",
                        quote(&p.id),
                        quote(t)
                    ),
                    format!("rename the person, e.g. \"{}-staff\" or a name.", p.id),
                );
            }
            for (j, sk) in p.skills.iter().enumerate() {
                self.skill_ref(format!("{base}.skills[{j}]"), sk, skills);
            }
            if let Some(n) = p.weekend_max_one_in {
                self.max_one_in(
                    &format!("{base}.weekend_max_one_in"),
                    n,
                    "weekend_max_one_in",
                );
            }
            self.shift_limits(&base, &p.max_shifts, shifts);
            for (name, n) in [
                ("max_consecutive_days", p.max_consecutive_days),
                ("min_consecutive_days", p.min_consecutive_days),
                ("min_consecutive_days_off", p.min_consecutive_days_off),
            ] {
                if let Some(n) = n {
                    self.days_in_a_row(&format!("{base}.{name}"), n, name, false);
                }
            }
            if let Some(n) = p.max_weekends {
                self.count(
                    &format!("{base}.max_weekends"),
                    n,
                    MAX_COUNT,
                    "max_weekends",
                );
            }
            let min_hours = p
                .min_hours
                .and_then(|x| self.non_negative(&format!("{base}.min_hours"), x, "min_hours"));
            let max_hours = p
                .max_hours
                .and_then(|x| self.non_negative(&format!("{base}.max_hours"), x, "max_hours"));
            if let (Some(lo), Some(hi)) = (min_hours, max_hours) {
                if lo > hi {
                    self.push(
                        "min-hours-above-max-hours",
                        format!("{base}.min_hours"),
                        format!("min_hours {} is above max_hours {}.", show(lo), show(hi)),
                        "give a min_hours of at most max_hours.".into(),
                    );
                }
            }
            let contract = self.pct(
                &format!("{base}.contract_pct"),
                p.contract_pct,
                "contract_pct",
                false,
            );
            if let Some(w) = p.wish_pct {
                let wish = self.pct(&format!("{base}.wish_pct"), w, "wish_pct", true);
                if let (Some(c), Some(wv)) = (contract, wish) {
                    if wv < c {
                        self.push(
                            "wish-below-contract",
                            format!("{base}.wish_pct"),
                            format!(
                                "wish_pct {} is below contract_pct {}.",
                                show_f(w),
                                show_f(p.contract_pct)
                            ),
                            format!(
                                "use a wish of at least {} (or lower the contract), or remove wish_pct.",
                                show_f(p.contract_pct)
                            ),
                        );
                    }
                }
            }
            let mut off = HashSet::new();
            for (j, d) in p.unavailable.iter().enumerate() {
                if let Some(d) = self.date(format!("{base}.unavailable[{j}]"), d, hz) {
                    off.insert(d);
                }
            }
            for (j, f) in p.fixed.iter().enumerate() {
                self.date(format!("{base}.fixed[{j}].date"), &f.date, hz);
                self.shift_ref(format!("{base}.fixed[{j}].shift"), &f.shift, shifts);
            }
            for (j, r) in p.requests.iter().enumerate() {
                self.date(format!("{base}.requests[{j}].date"), &r.date, hz);
                if let Some(sh) = &r.shift {
                    self.shift_ref(format!("{base}.requests[{j}].shift"), sh, shifts);
                }
                if let Some(w) = r.weight {
                    self.non_negative(&format!("{base}.requests[{j}].weight"), w, "weight");
                }
            }
            let own = p
                .full_time_hours_per_week
                .map(|x| self.week(&format!("{base}.full_time_hours_per_week"), x));
            let (Some(contract), Some((caps, fte, rules)), Some(h)) = (contract, cap, hz) else {
                continue;
            };
            if self.issues.len() != before {
                continue;
            }
            let fte = &own.flatten().unwrap_or(*fte);
            let (short, long) = rules.weeks(*fte);
            let weeks = Ratio::int(h.weeks);
            let need =
                min_hours.unwrap_or(contract / Ratio::int(100) * short * weeks - rules.tolerance);
            if let (None, Some(hi)) = (min_hours, max_hours) {
                let lo = contract / Ratio::int(100) * short * weeks - rules.tolerance;
                if hi < lo {
                    self.push(
                        "min-hours-above-max-hours",
                        format!("{base}.max_hours"),
                        format!(
                            "max_hours {} is below the least the contract allows, {} h ({} % of {} h × {} week(s) − {} h tolerance).",
                            show(hi),
                            show(lo),
                            show_f(p.contract_pct),
                            show(short),
                            h.weeks,
                            show(rules.tolerance)
                        ),
                        "give min_hours too, or a max_hours of at least that.".into(),
                    );
                    continue;
                }
            }
            if let (Some(lo), None) = (min_hours, max_hours) {
                let wish = Ratio::from_f64(p.wish_pct())
                    .unwrap_or(contract)
                    .max(contract);
                let hi = wish / Ratio::int(100) * long * weeks + rules.tolerance;
                if lo > hi {
                    self.push(
                        "min-hours-above-max-hours",
                        format!("{base}.min_hours"),
                        format!(
                            "min_hours {} is above the most the contract allows, {} h ({} % of {} h × {} week(s) + {} h tolerance).",
                            show(lo),
                            show(hi),
                            show(wish),
                            show(long),
                            h.weeks,
                            show(rules.tolerance)
                        ),
                        "give max_hours too, or a min_hours of at most that.".into(),
                    );
                    continue;
                }
            }
            let most = most_hours(caps, rules.max_per_week, |d| {
                h.start
                    .checked_add_days(chrono::Days::new(d as u64))
                    .is_some_and(|dt| off.contains(&dt))
            });
            let most = average_cap(most, rules.max_average, weeks);
            if need > most {
                let (path, why, fix) = match min_hours {
                    Some(_) => (
                        format!("{base}.min_hours"),
                        "min_hours".to_string(),
                        "lower min_hours, remove unavailable dates, or raise the weekly limits.",
                    ),
                    None => (
                        format!("{base}.contract_pct"),
                        format!(
                            "{} % of {} h × {} week(s) − {} h tolerance",
                            show_f(p.contract_pct),
                            show(short),
                            h.weeks,
                            show(rules.tolerance)
                        ),
                        "lower contract_pct, remove unavailable dates, or raise hours_tolerance (or the weekly limits).",
                    ),
                };
                self.push(
                    "contract-cannot-fit",
                    path,
                    format!(
                        "{} needs at least {} h ({why}) but can work at most {} h ({} available dates, one shift each, only on shifts with demand{}).",
                        quote(&p.id),
                        show(need),
                        show(most),
                        h.days() - off.len(),
                        caps_named(rules),
                    ),
                    fix.into(),
                );
            }
        }
    }

    fn open_positions(
        &mut self,
        s: &Scenario,
        shifts: &Shifts,
        skills: &HashSet<&str>,
        cap: &DayCap,
    ) {
        let labels = ids_labels(s.open_positions.iter().map(|x| x.id.as_str()));
        let mut seen = HashMap::new();
        for (i, o) in s.open_positions.iter().enumerate() {
            let base = item_path("open_positions", &labels, i);
            let before = self.issues.len();
            self.check_id(format!("{base}.id"), &o.id);
            self.unique(&mut seen, &o.id, format!("{base}.id"), "open position");
            for (j, sk) in o.skills.iter().enumerate() {
                self.skill_ref(format!("{base}.skills[{j}]"), sk, skills);
            }
            self.shift_limits(&base, &o.max_shifts, shifts);
            self.count(
                &format!("{base}.max_count"),
                o.max_count,
                MAX_COUNT,
                "max_count",
            );
            if let Some(n) = o.weekend_max_one_in {
                self.max_one_in(
                    &format!("{base}.weekend_max_one_in"),
                    n,
                    "weekend_max_one_in",
                );
            }
            let min = match o.min_pct {
                Some(x) => self.pct(&format!("{base}.min_pct"), x, "min_pct", true),
                None => Some(Ratio::ZERO),
            };
            let max = match o.max_pct {
                Some(x) => self.pct(&format!("{base}.max_pct"), x, "max_pct", true),
                None => Some(Ratio::int(100)),
            };
            if let (Some(lo), Some(hi)) = (min, max) {
                if lo > hi {
                    self.push(
                        "min-pct-above-max-pct",
                        format!("{base}.min_pct"),
                        format!(
                            "min_pct {} is above max_pct {}.",
                            show_f(o.min_pct()),
                            show_f(o.max_pct())
                        ),
                        "use a min_pct at most max_pct.".into(),
                    );
                }
            }
            let own = o
                .full_time_hours_per_week
                .map(|x| self.week(&format!("{base}.full_time_hours_per_week"), x));
            let (Some(lo), Some((caps, fte, rules))) = (min, cap) else {
                continue;
            };
            if self.issues.len() != before {
                continue;
            }
            let fte = &own.flatten().unwrap_or(*fte);
            let weeks = Ratio::int((caps.len() / 7) as i64);
            let need = lo / Ratio::int(100) * rules.weeks(*fte).0 * weeks;
            let most = average_cap(
                most_hours(caps, rules.max_per_week, |_| false),
                rules.max_average,
                weeks,
            );
            if need > most {
                self.push(
                    "contract-cannot-fit",
                    format!("{base}.min_pct"),
                    format!(
                        "a position from {} needs at least {} h (min_pct {} %) but one person can work at most {} h.",
                        quote(&o.id),
                        show(need),
                        show_f(o.min_pct()),
                        show(most)
                    ),
                    "lower min_pct.".into(),
                );
            }
        }
    }
}

/// The most people a total entry lets work its shift: `max`, or any number with soft
/// over-coverage.
fn open_max(d: &crate::scenario::Demand) -> i64 {
    match d.over_weight {
        Some(_) => MAX_COUNT,
        None => d.effective_max().unwrap_or(0),
    }
}

/// Whether `id` is `<template>-<n>` with a whole `n ≥ 1` (rule 10).
fn looks_created(id: &str, template: &str) -> bool {
    id.strip_prefix(template)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|n| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && n.bytes().any(|b| b != b'0')
        })
}

/// Most paid hours of one shift start on each date of the horizon: the longest `hours` among
/// the shifts with positive total demand there (0 when none).
fn day_capacity(h: &Hz, demand: &DemandTable, shifts: &Shifts) -> Vec<Ratio> {
    (0..h.days())
        .map(|d| {
            let date = h.start.checked_add_days(chrono::Days::new(d as u64));
            let wd = (d % 7) as i64;
            let holiday =
                date.is_some_and(|dt| h.holidays.as_ref().is_some_and(|hs| hs.contains(&dt)));
            shifts
                .hours
                .iter()
                .filter(|(id, _)| {
                    let dated = date.and_then(|dt| demand.dates.get(&(**id, dt)));
                    // On a holiday the holiday entries apply instead of the weekday's, when
                    // there are any (rule 12a).
                    let key = if holiday && demand.holiday_demand {
                        HOLIDAY_KEY
                    } else {
                        wd
                    };
                    let max = dated.or_else(|| demand.days.get(&(**id, key))).copied();
                    max.is_some_and(|m| m > 0)
                })
                .filter_map(|(_, h)| *h)
                .max()
                .unwrap_or(Ratio::ZERO)
        })
        .collect()
}

/// `most` capped by `max_average_hours_per_week` × `weeks`.
fn average_cap(most: Ratio, max_average: Option<Ratio>, weeks: Ratio) -> Ratio {
    match max_average {
        Some(a) if a * weeks < most => a * weeks,
        _ => most,
    }
}

/// The weekly caps that limit a person's most hours, for messages.
fn caps_named(rules: &RuleValues) -> &'static str {
    match (rules.max_per_week.is_some(), rules.max_average.is_some()) {
        (true, true) => ", max_hours_per_week, max_average_hours_per_week",
        (true, false) => ", max_hours_per_week",
        (false, true) => ", max_average_hours_per_week",
        (false, false) => "",
    }
}

/// The most hours one person can work: per calendar week, the sum of the daily capacities on
/// dates they are available, capped by `max_per_week`.
fn most_hours(caps: &[Ratio], max_per_week: Option<Ratio>, off: impl Fn(usize) -> bool) -> Ratio {
    caps.chunks(7)
        .enumerate()
        .map(|(w, week)| {
            let sum: Ratio = week
                .iter()
                .enumerate()
                .filter(|(j, _)| !off(w * 7 + j))
                .map(|(_, c)| *c)
                .sum();
            match max_per_week {
                Some(m) if m < sum => m,
                _ => sum,
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_suggest_close_field_names() {
        assert_eq!(suggest("max_one_on", WEEKEND), Some("max_one_in"));
        assert_eq!(suggest("maxOneIn", WEEKEND), Some("max_one_in"));
        assert_eq!(suggest("contract", STAFF), Some("contract_pct"));
        assert_eq!(suggest("colour", WEEKEND), None);
    }

    #[test]
    fn can_measure_edit_distance() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("abc", "abc"), 0);
    }

    #[test]
    fn can_recognise_created_position_ids() {
        assert!(looks_created("hfa-1", "hfa"));
        assert!(looks_created("night-rn-12", "night-rn"));
        assert!(!looks_created("hfa-0", "hfa"));
        assert!(!looks_created("hfa-x", "hfa"));
        assert!(!looks_created("hfa1", "hfa"));
        assert!(!looks_created("hfa-", "hfa"));
    }

    #[test]
    fn can_bound_hours_per_week() {
        let caps = vec![Ratio::int(8); 14];
        assert_eq!(most_hours(&caps, None, |_| false), Ratio::int(112));
        assert_eq!(
            most_hours(&caps, Some(Ratio::int(40)), |_| false),
            Ratio::int(80)
        );
        assert_eq!(most_hours(&caps, None, |d| d < 7), Ratio::int(56));
    }
}
