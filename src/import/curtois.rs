//! The Curtois & Qu nurse-rostering benchmark (Instances 1–24 of schedulingbenchmarks.org,
//! T. Curtois and R. Qu, *Computational results on new staff scheduling benchmark instances*,
//! 2014): [`parse`] or [`load`] an instance from its `.txt` form, [`parse_solution`] a roster
//! in the tab-separated grid of `tests/data/curtois-qu/*.tsv`, and [`evaluate`] a roster by the
//! instance's **own** rules. It shares nothing with heltid's model, so it serves as an
//! independent oracle for rosters heltid produces on these instances.
//!
//! # The instance format
//!
//! Lines end in LF or CRLF. A line whose first non-blank character is `#` is a comment; blank
//! lines carry no meaning. A line `SECTION_<NAME>` opens a section; every other line is one
//! comma-separated record of the section opened last (fields are trimmed). The seven sections
//! come once each, in this order:
//!
//! | section | record |
//! | --- | --- |
//! | `SECTION_HORIZON` | one line: the number of days, a positive multiple of 7 (day 0 is a Monday) |
//! | `SECTION_SHIFTS` | `ShiftID,LengthInMinutes,CannotFollow` (`CannotFollow` is `\|`-separated, may be empty: `D,480,`) |
//! | `SECTION_STAFF` | `EmployeeID,MaxShifts,MaxTotalMinutes,MinTotalMinutes,MaxConsecutiveShifts,MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends` (`MaxShifts` is `\|`-separated `ShiftID=limit`) |
//! | `SECTION_DAYS_OFF` | `EmployeeID,Day,Day,...` |
//! | `SECTION_SHIFT_ON_REQUESTS` | `EmployeeID,Day,ShiftID,Weight` |
//! | `SECTION_SHIFT_OFF_REQUESTS` | `EmployeeID,Day,ShiftID,Weight` |
//! | `SECTION_COVER` | `Day,ShiftID,Requirement,WeightForUnder,WeightForOver` |
//!
//! Reading is strict and stops at the first problem with [`Error::Benchmark`] and its 1-based
//! line: a missing or misplaced section, a wrong number of fields, a number that is not a
//! non-negative integer, an id that is empty, repeated or unknown (ids must not contain
//! whitespace, `|` or `=`), a day outside the horizon, or two cover lines for one (day, shift).
//! Horizons longer than 100 000 days are refused. Nothing here panics on any input.
//!
//! # The rules ([`evaluate`])
//!
//! Hard, each breach one entry of [`Evaluation::violations`]: no shift from the previous day's
//! `CannotFollow` list (a shift may forbid itself); at most `MaxShifts` shifts of each type;
//! total minutes within `[MinTotalMinutes, MaxTotalMinutes]`; no run of working days longer
//! than `MaxConsecutiveShifts` (days outside the horizon are days off); no run of working days
//! shorter than `MinConsecutiveShifts` and no run of days off shorter than
//! `MinConsecutiveDaysOff`, where runs touching day 0 or the last day are exempt; at most
//! `MaxWeekends` worked weekends (a weekend is worked when its Saturday `7k+5` or its Sunday
//! `7k+6` has a shift); no shift on a fixed day off.
//!
//! Penalty, the sum of: the weight of every shift-on request whose employee does not have
//! exactly that shift that day; the weight of every shift-off request whose employee has that
//! shift that day; for every cover line with `x` employees on its shift that day,
//! `(Requirement − x) × WeightForUnder` when `x` falls short and `(x − Requirement) ×
//! WeightForOver` when it exceeds.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use crate::error::{Error, Result};

/// Longest horizon [`parse`] accepts, in days (the largest benchmark instance has 364).
const MAX_DAYS: usize = 100_000;

/// The section headers, in the order they must come.
const SECTIONS: [&str; 7] = [
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
];

/// A parsed benchmark instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// Days in the horizon, a multiple of 7; day 0 is a Monday.
    pub days: usize,
    /// Shift types, in file order.
    pub shifts: Vec<ShiftType>,
    /// Employees, in file order (the row order of solutions), with their fixed days off.
    pub staff: Vec<Employee>,
    /// `SECTION_SHIFT_ON_REQUESTS`, in file order.
    pub on_requests: Vec<RequestLine>,
    /// `SECTION_SHIFT_OFF_REQUESTS`, in file order.
    pub off_requests: Vec<RequestLine>,
    /// `SECTION_COVER`, in file order; at most one line per (day, shift).
    pub cover: Vec<CoverLine>,
}

/// A shift type of `SECTION_SHIFTS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftType {
    /// Shift id (case-sensitive).
    pub id: String,
    /// Length in minutes.
    pub minutes: i64,
    /// Shift ids that may not be worked on the day after this shift.
    pub cannot_follow: Vec<String>,
}

/// An employee of `SECTION_STAFF`, with the days of `SECTION_DAYS_OFF`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employee {
    /// Employee id.
    pub id: String,
    /// Most shifts of each listed type over the horizon, in file order; a type not listed is
    /// not capped.
    pub max_shifts: Vec<(String, i64)>,
    /// Most minutes worked over the horizon.
    pub max_total_minutes: i64,
    /// Fewest minutes worked over the horizon.
    pub min_total_minutes: i64,
    /// Longest run of working days.
    pub max_consecutive_shifts: i64,
    /// Shortest run of working days not touching the horizon's edges.
    pub min_consecutive_shifts: i64,
    /// Shortest run of days off not touching the horizon's edges.
    pub min_consecutive_days_off: i64,
    /// Most worked weekends.
    pub max_weekends: i64,
    /// Fixed days off, in file order (all lines of the employee in `SECTION_DAYS_OFF`).
    pub days_off: Vec<usize>,
}

/// A line of `SECTION_SHIFT_ON_REQUESTS` or `SECTION_SHIFT_OFF_REQUESTS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    /// Employee id.
    pub staff: String,
    /// Day.
    pub day: usize,
    /// Shift id.
    pub shift: String,
    /// Penalty when the request is not met.
    pub weight: i64,
}

/// A line of `SECTION_COVER`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverLine {
    /// Day.
    pub day: usize,
    /// Shift id.
    pub shift: String,
    /// Employees wanted on the shift that day.
    pub requirement: i64,
    /// Penalty per employee short.
    pub weight_under: i64,
    /// Penalty per employee too many.
    pub weight_over: i64,
}

/// What [`evaluate`] finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The objective: `cover_penalty + on_request_penalty + off_request_penalty`.
    pub penalty: i64,
    /// Under- and over-cover penalty of `SECTION_COVER`.
    pub cover_penalty: i64,
    /// Weights of the shift-on requests not granted.
    pub on_request_penalty: i64,
    /// Weights of the shift-off requests not granted.
    pub off_request_penalty: i64,
    /// Every breach of a hard rule, and every defect of the grid (wrong size, unknown shift
    /// id), in words, e.g. `"A: run of 6 working days from day 3, max 5"`. Empty for a
    /// feasible roster.
    pub violations: Vec<String>,
}

/// A parse error of an instance.
fn err(line: usize, message: impl Into<String>) -> Error {
    Error::Benchmark {
        what: "instance",
        line,
        message: message.into(),
    }
}

/// Reads and parses an instance file.
pub fn load(path: impl AsRef<Path>) -> Result<Instance> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text)
}

/// Splits a record into exactly `n` trimmed fields.
fn fields<'a>(
    line: usize,
    rec: &'a str,
    n: usize,
    section: usize,
    layout: &str,
) -> Result<Vec<&'a str>> {
    let f: Vec<&str> = rec.split(',').map(str::trim).collect();
    if f.len() != n {
        return Err(err(
            line,
            format!(
                "a line of {} has {n} comma-separated fields ({layout}); this one has {}",
                SECTIONS[section],
                f.len()
            ),
        ));
    }
    Ok(f)
}

/// A non-negative integer field.
fn int(line: usize, what: &str, s: &str) -> Result<i64> {
    match s.parse::<i64>() {
        Ok(v) if v >= 0 => Ok(v),
        Ok(v) => Err(err(line, format!("{what} is {v}; it must not be negative"))),
        Err(_) => Err(err(line, format!("{what} {s:?} is not a whole number"))),
    }
}

/// A day field, checked against the horizon.
fn day(line: usize, s: &str, days: usize) -> Result<usize> {
    match s.parse::<usize>() {
        Ok(d) if d < days => Ok(d),
        Ok(d) => Err(err(
            line,
            format!(
                "day {d} is outside the horizon of {days} days (days 0 to {})",
                days - 1
            ),
        )),
        Err(_) => Err(err(
            line,
            format!("day {s:?} is not a whole number of 0 or more"),
        )),
    }
}

/// Checks the spelling of a new id.
fn new_id(line: usize, what: &str, s: &str) -> Result<String> {
    if s.is_empty() {
        return Err(err(line, format!("the {what} id is empty")));
    }
    if s.chars().any(|c| c.is_whitespace() || c == '|' || c == '=') {
        return Err(err(
            line,
            format!("the {what} id {s:?} contains whitespace, '|' or '='"),
        ));
    }
    Ok(s.to_string())
}

/// Looks up a known id.
fn known<'a>(line: usize, what: &str, s: &'a str, ids: &HashMap<&str, usize>) -> Result<&'a str> {
    if ids.contains_key(s) {
        Ok(s)
    } else {
        Err(err(line, format!("unknown {what} id {s:?}")))
    }
}

/// Parses an instance (see the module documentation for the format and the errors).
pub fn parse(text: &str) -> Result<Instance> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Records of each section, with their 1-based line numbers.
    let mut records: [Vec<(usize, &str)>; 7] = Default::default();
    let mut header_line = [0usize; 7];
    let mut current: Option<usize> = None;
    let mut last_line = 1;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        last_line = n;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with("SECTION_") {
            let expected = current.map_or(0, |c| c + 1);
            let Some(k) = SECTIONS.iter().position(|s| *s == line) else {
                return Err(err(n, format!("unknown section {line:?}")));
            };
            if k != expected {
                let order = SECTIONS.join(", ");
                return Err(err(
                    n,
                    match SECTIONS.get(expected) {
                        Some(want) => format!(
                            "{line} where {want} was expected; the sections come once each, in the order {order}"
                        ),
                        None => format!(
                            "{line} after {}; the sections come once each, in the order {order}",
                            SECTIONS[6]
                        ),
                    },
                ));
            }
            header_line[k] = n;
            current = Some(k);
            continue;
        }
        let Some(k) = current else {
            return Err(err(
                n,
                format!(
                    "{line:?} comes before the first section header ({})",
                    SECTIONS[0]
                ),
            ));
        };
        records[k].push((n, line));
    }
    let next = current.map_or(0, |c| c + 1);
    if let Some(missing) = SECTIONS.get(next) {
        return Err(err(last_line, format!("the file ends before {missing}")));
    }

    // SECTION_HORIZON
    let days = match records[0].as_slice() {
        [] => {
            return Err(err(
                header_line[0],
                "SECTION_HORIZON has no line with the number of days",
            ))
        }
        [(n, rec)] => {
            let d = fields(*n, rec, 1, 0, "the number of days")?[0];
            let days = match d.parse::<usize>() {
                Ok(v) => v,
                Err(_) => {
                    return Err(err(
                        *n,
                        format!("the horizon {d:?} is not a whole number of days"),
                    ))
                }
            };
            if days == 0 || days % 7 != 0 {
                return Err(err(
                    *n,
                    format!("the horizon of {days} days is not a positive whole number of weeks"),
                ));
            }
            if days > MAX_DAYS {
                return Err(err(
                    *n,
                    format!("the horizon of {days} days is longer than {MAX_DAYS} days"),
                ));
            }
            days
        }
        [_, (n, _), ..] => return Err(err(*n, "SECTION_HORIZON has more than one line")),
    };

    // SECTION_SHIFTS
    let mut shifts = Vec::with_capacity(records[1].len());
    let mut shift_ids: HashMap<&str, usize> = HashMap::new();
    for &(n, rec) in &records[1] {
        let f = fields(n, rec, 3, 1, "ShiftID,LengthInMinutes,CannotFollow")?;
        let id = new_id(n, "shift", f[0])?;
        if let Some(first) = shift_ids.insert(f[0], n) {
            return Err(err(
                n,
                format!("shift {id} is declared twice (first on line {first})"),
            ));
        }
        let minutes = int(n, "the shift length", f[1])?;
        let cannot_follow = if f[2].is_empty() {
            Vec::new()
        } else {
            f[2].split('|')
                .map(|s| new_id(n, "CannotFollow shift", s.trim()))
                .collect::<Result<Vec<_>>>()?
        };
        shifts.push(ShiftType {
            id,
            minutes,
            cannot_follow,
        });
    }
    // CannotFollow may name shifts declared further down.
    for (&(n, _), s) in records[1].iter().zip(&shifts) {
        for c in &s.cannot_follow {
            known(n, "CannotFollow shift", c, &shift_ids)?;
        }
    }

    // SECTION_STAFF
    let mut staff = Vec::with_capacity(records[2].len());
    let mut staff_ids: HashMap<&str, usize> = HashMap::new();
    for &(n, rec) in &records[2] {
        let f = fields(
            n,
            rec,
            8,
            2,
            "EmployeeID,MaxShifts,MaxTotalMinutes,MinTotalMinutes,MaxConsecutiveShifts,\
             MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends",
        )?;
        let id = new_id(n, "employee", f[0])?;
        if let Some(first) = staff_ids.get(f[0]) {
            let first = records[2][*first].0;
            return Err(err(
                n,
                format!("employee {id} is declared twice (first on line {first})"),
            ));
        }
        staff_ids.insert(f[0], staff.len());
        let mut max_shifts: Vec<(String, i64)> = Vec::new();
        if !f[1].is_empty() {
            for pair in f[1].split('|') {
                let Some((s, limit)) = pair.split_once('=') else {
                    return Err(err(
                        n,
                        format!("MaxShifts entry {pair:?} is not of the form ShiftID=limit"),
                    ));
                };
                let s = known(n, "MaxShifts shift", s.trim(), &shift_ids)?;
                if max_shifts.iter().any(|(t, _)| t == s) {
                    return Err(err(n, format!("MaxShifts lists shift {s} twice")));
                }
                let limit = int(n, &format!("the MaxShifts limit of {s}"), limit.trim())?;
                max_shifts.push((s.to_string(), limit));
            }
        }
        staff.push(Employee {
            id,
            max_shifts,
            max_total_minutes: int(n, "MaxTotalMinutes", f[2])?,
            min_total_minutes: int(n, "MinTotalMinutes", f[3])?,
            max_consecutive_shifts: int(n, "MaxConsecutiveShifts", f[4])?,
            min_consecutive_shifts: int(n, "MinConsecutiveShifts", f[5])?,
            min_consecutive_days_off: int(n, "MinConsecutiveDaysOff", f[6])?,
            max_weekends: int(n, "MaxWeekends", f[7])?,
            days_off: Vec::new(),
        });
    }

    // SECTION_DAYS_OFF
    for &(n, rec) in &records[3] {
        let mut f: Vec<&str> = rec.split(',').map(str::trim).collect();
        // `A,` lists no day.
        if f.len() == 2 && f[1].is_empty() {
            f.pop();
        }
        let Some(&e) = staff_ids.get(f[0]) else {
            return Err(err(n, format!("unknown employee id {:?}", f[0])));
        };
        for s in &f[1..] {
            let d = day(n, s, days)?;
            if let Some(emp) = staff.get_mut(e) {
                emp.days_off.push(d);
            }
        }
    }

    // SECTION_SHIFT_ON_REQUESTS, SECTION_SHIFT_OFF_REQUESTS
    let requests = |k: usize| -> Result<Vec<RequestLine>> {
        records[k]
            .iter()
            .map(|&(n, rec)| {
                let f = fields(n, rec, 4, k, "EmployeeID,Day,ShiftID,Weight")?;
                Ok(RequestLine {
                    staff: known(n, "employee", f[0], &staff_ids)?.to_string(),
                    day: day(n, f[1], days)?,
                    shift: known(n, "shift", f[2], &shift_ids)?.to_string(),
                    weight: int(n, "the weight", f[3])?,
                })
            })
            .collect()
    };
    let on_requests = requests(4)?;
    let off_requests = requests(5)?;

    // SECTION_COVER
    let mut cover = Vec::with_capacity(records[6].len());
    let mut seen: HashMap<(usize, &str), usize> = HashMap::new();
    for &(n, rec) in &records[6] {
        let f = fields(
            n,
            rec,
            5,
            6,
            "Day,ShiftID,Requirement,WeightForUnder,WeightForOver",
        )?;
        let d = day(n, f[0], days)?;
        let s = known(n, "shift", f[1], &shift_ids)?;
        if let Some(first) = seen.insert((d, s), n) {
            return Err(err(
                n,
                format!(
                    "a second cover line for day {d}, shift {s} (the first is on line {first})"
                ),
            ));
        }
        cover.push(CoverLine {
            day: d,
            shift: s.to_string(),
            requirement: int(n, "the requirement", f[2])?,
            weight_under: int(n, "the weight for under", f[3])?,
            weight_over: int(n, "the weight for over", f[4])?,
        });
    }

    Ok(Instance {
        days,
        shifts,
        staff,
        on_requests,
        off_requests,
        cover,
    })
}

/// Parses a roster in the tab-separated grid of the solution files: `#` comment lines and
/// blank lines are skipped; every other line is an employee id followed by one cell per day
/// (day 0 first), `1 + days` fields in all, where a cell holds a shift id or is empty for a day
/// off (cells are trimmed). Every employee of the instance has exactly one line, in any order.
/// Returns `grid[e][d]`, with employees in `SECTION_STAFF` order. Errors are
/// [`Error::Benchmark`] with `what` = `"solution"`.
pub fn parse_solution(inst: &Instance, text: &str) -> Result<Vec<Vec<Option<String>>>> {
    let bad = |line: usize, message: String| Error::Benchmark {
        what: "solution",
        line,
        message,
    };
    let staff: HashMap<&str, usize> = inst
        .staff
        .iter()
        .enumerate()
        .map(|(e, s)| (s.id.as_str(), e))
        .collect();
    let shifts: HashSet<&str> = inst.shifts.iter().map(|s| s.id.as_str()).collect();
    let mut rows: Vec<Option<(usize, Vec<Option<String>>)>> = vec![None; inst.staff.len()];
    let mut last_line = 1;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        last_line = n;
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = raw.split('\t').collect();
        if cells.len() != inst.days + 1 {
            return Err(bad(
                n,
                format!(
                    "a row has {} tab-separated fields (the employee id, then one cell for each of \
                     the {} days); this one has {}",
                    inst.days + 1,
                    inst.days,
                    cells.len()
                ),
            ));
        }
        let id = cells[0].trim();
        let Some(&e) = staff.get(id) else {
            return Err(bad(n, format!("unknown employee id {id:?}")));
        };
        let mut row = Vec::with_capacity(inst.days);
        for (d, c) in cells[1..].iter().enumerate() {
            let c = c.trim();
            if c.is_empty() {
                row.push(None);
            } else if shifts.contains(c) {
                row.push(Some(c.to_string()));
            } else {
                return Err(bad(n, format!("unknown shift id {c:?} on day {d}")));
            }
        }
        match rows.get_mut(e) {
            Some(Some((first, _))) => {
                return Err(bad(
                    n,
                    format!("a second row for employee {id} (the first is on line {first})"),
                ))
            }
            Some(slot) => *slot = Some((n, row)),
            None => return Err(bad(n, format!("unknown employee id {id:?}"))),
        }
    }
    rows.into_iter()
        .zip(&inst.staff)
        .map(|(r, s)| match r {
            Some((_, row)) => Ok(row),
            None => Err(bad(last_line, format!("employee {} has no row", s.id))),
        })
        .collect()
}

/// `n` followed by `one` or `many`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Evaluates a roster `grid[e][d]` (employees in `SECTION_STAFF` order, `Some(shift id)` or
/// `None` for a day off) by the instance's rules (see the module documentation).
///
/// Never panics. A grid with the wrong number of rows or days, or with unknown shift ids, is
/// reported in [`Evaluation::violations`]; missing rows and days count as days off, cells
/// beyond the horizon and rows beyond the staff are ignored, and an unknown shift id counts as
/// a day off for every other rule. Ids of a hand-built [`Instance`] that do not resolve
/// (impossible after [`parse`]) count as never worked.
pub fn evaluate(inst: &Instance, grid: &[Vec<Option<String>>]) -> Evaluation {
    let days = inst.days;
    let mut violations = Vec::new();
    let shift_ix: HashMap<&str, usize> = inst
        .shifts
        .iter()
        .enumerate()
        .map(|(k, s)| (s.id.as_str(), k))
        .collect();
    let staff_ix: HashMap<&str, usize> = inst
        .staff
        .iter()
        .enumerate()
        .map(|(e, s)| (s.id.as_str(), e))
        .collect();

    if grid.len() != inst.staff.len() {
        violations.push(format!(
            "the roster has {}, the instance {}",
            plural(grid.len(), "row", "rows"),
            plural(inst.staff.len(), "employee", "employees")
        ));
    }
    // Shift indices of the grid, within the instance's staff and days.
    let mut cells: Vec<Vec<Option<usize>>> = Vec::with_capacity(grid.len().min(inst.staff.len()));
    for (row, emp) in grid.iter().zip(&inst.staff) {
        if row.len() != days {
            violations.push(format!(
                "{}: the row has {}, the horizon {days}",
                emp.id,
                plural(row.len(), "day", "days")
            ));
        }
        let mut r = Vec::with_capacity(row.len().min(days));
        for (d, c) in row.iter().take(days).enumerate() {
            r.push(match c {
                None => None,
                Some(s) => match shift_ix.get(s.as_str()) {
                    Some(&k) => Some(k),
                    None => {
                        violations.push(format!("{}: unknown shift {s:?} on day {d}", emp.id));
                        None
                    }
                },
            });
        }
        cells.push(r);
    }
    let at = |e: usize, d: usize| -> Option<usize> {
        cells.get(e).and_then(|r| r.get(d)).copied().flatten()
    };
    let forbidden: HashSet<(usize, usize)> = inst
        .shifts
        .iter()
        .enumerate()
        .flat_map(|(p, s)| {
            s.cannot_follow
                .iter()
                .filter_map(|c| shift_ix.get(c.as_str()).map(|&q| (p, q)))
                .collect::<Vec<_>>()
        })
        .collect();
    let shift_id = |k: usize| inst.shifts.get(k).map_or("?", |s| s.id.as_str());

    for (e, emp) in inst.staff.iter().enumerate() {
        let name = &emp.id;
        for &d in &emp.days_off.iter().copied().collect::<BTreeSet<usize>>() {
            if let Some(k) = at(e, d) {
                violations.push(format!(
                    "{name}: shift {} on day {d}, a fixed day off",
                    shift_id(k)
                ));
            }
        }
        let mut count = vec![0i64; inst.shifts.len()];
        let mut minutes = 0i64;
        for d in 0..days {
            let Some(k) = at(e, d) else { continue };
            if let Some(c) = count.get_mut(k) {
                *c += 1;
            }
            minutes = minutes.saturating_add(inst.shifts.get(k).map_or(0, |s| s.minutes));
            if d > 0 {
                if let Some(p) = at(e, d - 1) {
                    if forbidden.contains(&(p, k)) {
                        violations.push(format!(
                            "{name}: {} on day {d} cannot follow {} on day {}",
                            shift_id(k),
                            shift_id(p),
                            d - 1
                        ));
                    }
                }
            }
        }
        for (s, limit) in &emp.max_shifts {
            let c = shift_ix
                .get(s.as_str())
                .and_then(|&k| count.get(k))
                .copied()
                .unwrap_or(0);
            if c > *limit {
                violations.push(format!("{name}: {c} shifts of type {s}, max {limit}"));
            }
        }
        if minutes > emp.max_total_minutes {
            violations.push(format!(
                "{name}: {minutes} minutes worked, max {}",
                emp.max_total_minutes
            ));
        }
        if minutes < emp.min_total_minutes {
            violations.push(format!(
                "{name}: {minutes} minutes worked, min {}",
                emp.min_total_minutes
            ));
        }
        // Runs of working days and of days off.
        let mut d = 0;
        while d < days {
            let working = at(e, d).is_some();
            let start = d;
            while d < days && at(e, d).is_some() == working {
                d += 1;
            }
            let len = d - start;
            let long = i64::try_from(len).unwrap_or(i64::MAX);
            let at_edge = start == 0 || d == days;
            if working {
                if long > emp.max_consecutive_shifts {
                    violations.push(format!(
                        "{name}: run of {} from day {start}, max {}",
                        plural(len, "working day", "working days"),
                        emp.max_consecutive_shifts
                    ));
                }
                if !at_edge && long < emp.min_consecutive_shifts {
                    violations.push(format!(
                        "{name}: run of {} from day {start}, min {}",
                        plural(len, "working day", "working days"),
                        emp.min_consecutive_shifts
                    ));
                }
            } else if !at_edge && long < emp.min_consecutive_days_off {
                violations.push(format!(
                    "{name}: run of {} from day {start}, min {}",
                    plural(len, "day off", "days off"),
                    emp.min_consecutive_days_off
                ));
            }
        }
        // Weekends: Saturday 7k+5 or Sunday 7k+6 worked.
        let mut weekends = Vec::new();
        let mut sat = 5;
        while sat < days {
            if at(e, sat).is_some() || at(e, sat + 1).is_some() {
                weekends.push((sat / 7).to_string());
            }
            sat += 7;
        }
        if i64::try_from(weekends.len()).unwrap_or(i64::MAX) > emp.max_weekends {
            violations.push(format!(
                "{name}: {} worked (weeks {}), max {}",
                plural(weekends.len(), "weekend", "weekends"),
                weekends.join(", "),
                emp.max_weekends
            ));
        }
    }

    // The penalty.
    let has = |staff: &str, d: usize, shift: &str| -> bool {
        match (staff_ix.get(staff), shift_ix.get(shift)) {
            (Some(&e), Some(&k)) => at(e, d) == Some(k),
            _ => false,
        }
    };
    let on_request_penalty = inst
        .on_requests
        .iter()
        .filter(|r| !has(&r.staff, r.day, &r.shift))
        .fold(0i64, |a, r| a.saturating_add(r.weight));
    let off_request_penalty = inst
        .off_requests
        .iter()
        .filter(|r| has(&r.staff, r.day, &r.shift))
        .fold(0i64, |a, r| a.saturating_add(r.weight));
    let mut cover_penalty = 0i64;
    for c in &inst.cover {
        let x = match shift_ix.get(c.shift.as_str()) {
            Some(&k) => (0..inst.staff.len())
                .filter(|&e| at(e, c.day) == Some(k))
                .count(),
            None => 0,
        };
        let x = i64::try_from(x).unwrap_or(i64::MAX);
        let p = if x < c.requirement {
            c.requirement
                .saturating_sub(x)
                .saturating_mul(c.weight_under)
        } else {
            x.saturating_sub(c.requirement)
                .saturating_mul(c.weight_over)
        };
        cover_penalty = cover_penalty.saturating_add(p);
    }

    Evaluation {
        penalty: cover_penalty
            .saturating_add(on_request_penalty)
            .saturating_add(off_request_penalty),
        cover_penalty,
        on_request_penalty,
        off_request_penalty,
        violations,
    }
}

/// The Monday heltid's scenario starts on: day 0 of every instance is a Monday, and any
/// Monday will do (2024-01-01; the instances name no year, and no public holidays apply).
pub const START: &str = "2024-01-01";

/// [`START`] as a date.
fn start_date() -> chrono::NaiveDate {
    crate::calendar::parse_date(START).unwrap_or_default()
}

/// The instance as a heltid scenario, so that the same engine solves it:
///
/// - every employee is existing staff with `min_hours`/`max_hours` from the total minutes,
///   `max_shifts` (caps of at least the horizon's length left out), their own
///   `max_consecutive_days`, `min_consecutive_days`, `min_consecutive_days_off` and
///   `max_weekends`, the fixed days off as `unavailable`, and the requests (`want: true` for
///   shift-on, `false` for shift-off) with their weights; `contract_pct` is their midpoint
///   hours against a full-time week of the most anyone may work, so every contract is at most
///   100 %;
/// - each shift type starts at 00:00 and lasts its minutes (the `.txt` form has no clock times,
///   and nothing in it depends on them; from midnight no shift reaches the next date), paid its
///   length, with `not_followed_by` from `CannotFollow` (and `long_shifts_agreed` when one is
///   over 12.5 h);
/// - each cover line is a `dates` demand entry with `under_weight` and `over_weight` (entries
///   of equal shift, requirement and weights share one entry);
/// - an employee with `MaxConsecutiveShifts` 0 never works: `max_hours` 0 (with a
///   `MinTotalMinutes` above 0 the instance has no roster, and the scenario says so:
///   `min-hours-above-max-hours`);
/// - rules: no rest or weekly rest (the instance states successions instead), weekends from
///   Saturday 00:00 to Monday 00:00, any number of them in a row, not complete.
///
/// Then the scenario's quality phase minimises exactly the instance's penalty (cover, shift-on
/// and shift-off requests): [`grid`] turns the roster back for [`evaluate`].
///
/// [`Error::Benchmark`] when a length in minutes has no exact decimal in hours (one that is not
/// a multiple of 3 minutes; none of the 24 instances has one).
pub fn scenario(inst: &Instance) -> Result<crate::Scenario> {
    use crate::scenario::{Demand, Horizon, Request, Rules, Shift, ShiftLimit, Staff, WeekendRule};
    let hours = |minutes: i64, what: &str| -> Result<f64> {
        if minutes % 3 != 0 {
            return Err(err(
                0,
                format!("{what}: {minutes} minutes is not a whole number of 3 minutes, so its hours have no exact decimal"),
            ));
        }
        Ok(minutes as f64 / 60.0)
    };
    let start = start_date();
    let date = |d: usize| {
        start
            .checked_add_days(chrono::Days::new(d as u64))
            .unwrap_or(start)
            .format("%Y-%m-%d")
            .to_string()
    };
    let weeks = (inst.days / 7).max(1) as i64;
    let mut shifts = Vec::with_capacity(inst.shifts.len());
    for sh in &inst.shifts {
        let end = sh.minutes.clamp(1, 1440) % 1440;
        shifts.push(Shift {
            id: sh.id.clone(),
            start: "00:00".into(),
            end: format!("{:02}:{:02}", end / 60, end % 60),
            hours: Some(hours(sh.minutes, &format!("shift {}", sh.id))?),
            not_followed_by: sh.cannot_follow.clone(),
        });
    }
    let most = inst
        .staff
        .iter()
        .map(|e| e.max_total_minutes)
        .max()
        .unwrap_or(0)
        .max(60);
    // A week of at most 168 h (a limit no one can reach only makes contracts smaller).
    let week_hours = (most as f64 / 60.0 / weeks as f64).min(168.0);
    let week_hours = (week_hours * 1e6).ceil() / 1e6;
    let mut staff: Vec<Staff> = Vec::with_capacity(inst.staff.len());
    for e in &inst.staff {
        let mid = e.min_total_minutes.saturating_add(e.max_total_minutes) as f64 / 120.0;
        let pct = (mid / (week_hours * weeks as f64) * 100.0 * 100.0).round() / 100.0;
        let requests = inst
            .on_requests
            .iter()
            .map(|r| (r, true))
            .chain(inst.off_requests.iter().map(|r| (r, false)))
            .filter(|(r, _)| r.staff == e.id)
            .map(|(r, want)| Request {
                date: date(r.day),
                shift: Some(r.shift.clone()),
                want,
                weight: Some(r.weight as f64),
            })
            .collect();
        staff.push(Staff {
            id: e.id.clone(),
            contract_pct: pct.clamp(0.01, 100.0),
            unavailable: e.days_off.iter().map(|&d| date(d)).collect(),
            requests,
            min_hours: Some(hours(e.min_total_minutes, &e.id)?),
            max_hours: Some(if e.max_consecutive_shifts == 0 {
                0.0
            } else {
                hours(e.max_total_minutes, &e.id)?
            }),
            max_shifts: e
                .max_shifts
                .iter()
                .filter(|(_, n)| (*n as usize) < inst.days)
                .map(|(shift, n)| ShiftLimit {
                    shift: shift.clone(),
                    max: *n,
                })
                .collect(),
            max_consecutive_days: Some(e.max_consecutive_shifts.max(1)),
            min_consecutive_days: Some(e.min_consecutive_shifts.max(1)),
            min_consecutive_days_off: Some(e.min_consecutive_days_off.max(1)),
            max_weekends: Some(e.max_weekends),
            ..Staff::default()
        });
    }
    // One demand entry per (shift, requirement, weights), dates in day order.
    // (shift, requirement, under weight, over weight) → dates.
    type Key = (String, i64, i64, i64);
    let mut groups: Vec<(Key, Vec<String>)> = Vec::new();
    let mut cover: Vec<&CoverLine> = inst.cover.iter().collect();
    cover.sort_by_key(|c| c.day);
    for c in cover {
        let key = (
            c.shift.clone(),
            c.requirement,
            c.weight_under,
            c.weight_over,
        );
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, dates)) => dates.push(date(c.day)),
            None => groups.push((key, vec![date(c.day)])),
        }
    }
    let demand = groups
        .into_iter()
        .map(|((shift, req, under, over), dates)| Demand {
            shift,
            dates: Some(dates),
            min: req,
            max: Some(req),
            under_weight: Some(under as f64),
            over_weight: Some(over as f64),
            ..Demand::default()
        })
        .collect();
    Ok(crate::Scenario {
        name: Some("Curtois–Qu instance".into()),
        horizon: Horizon {
            start: START.into(),
            weeks,
            cyclic: false,
            holidays: None,
        },
        full_time_hours_per_week: week_hours,
        shifts,
        skills: Vec::new(),
        demand,
        staff,
        open_positions: Vec::new(),
        rules: Rules {
            long_shifts_agreed: inst.shifts.iter().any(|s| s.minutes > 750).then_some(true),
            min_rest_hours: Some(0.0),
            weekly_rest_hours: Some(None),
            hours_tolerance: Some(0.0),
            weekend: Some(WeekendRule {
                from: Some("sat 00:00".into()),
                to: Some("mon 00:00".into()),
                max_one_in: Some(1),
                complete: Some(false),
            }),
            ..Rules::default()
        },
        budget_fte: None,
    })
}

/// A heltid roster of [`scenario`]`(inst)` as the grid [`evaluate`] reads: `grid[e][d]` is
/// employee `e`'s shift on day `d`. Assignments of unknown people or dates outside the horizon
/// are left out (the evaluator would not know them either); two on one cell keep the first.
pub fn grid(inst: &Instance, roster: &crate::Roster) -> Vec<Vec<Option<String>>> {
    let mut out = vec![vec![None; inst.days]; inst.staff.len()];
    let row: HashMap<&str, usize> = inst
        .staff
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let start = start_date();
    for a in &roster.assignments {
        let (Some(&e), Some(d)) = (
            row.get(a.staff.as_str()),
            crate::calendar::parse_date(&a.date).map(|d| (d - start).num_days()),
        ) else {
            continue;
        };
        if let Some(cell) = usize::try_from(d).ok().and_then(|d| out[e].get_mut(d)) {
            if cell.is_none() {
                *cell = Some(a.shift.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use proptest::prelude::*;

    use super::*;

    /// The copied benchmark files.
    fn dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/curtois-qu")
    }

    /// The text of `InstanceN.txt`, as stored (CRLF).
    fn text(n: usize) -> String {
        std::fs::read_to_string(dir().join(format!("Instance{n}.txt"))).unwrap()
    }

    /// Every solution file: (instance number, penalty in the name, path).
    fn solutions() -> Vec<(usize, i64, PathBuf)> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir()).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let Some(rest) = name.strip_suffix(".tsv") else {
                continue;
            };
            let (inst, value) = rest.split_once(".Solution.").unwrap();
            let n = inst.strip_prefix("Instance").unwrap().parse().unwrap();
            out.push((n, value.parse().unwrap(), path));
        }
        out.sort();
        out
    }

    /// Instance `n` and the roster of `InstanceN.Solution.<value>.tsv`.
    fn roster(n: usize, value: i64) -> (Instance, Vec<Vec<Option<String>>>) {
        let inst = parse(&text(n)).unwrap();
        let path = dir().join(format!("Instance{n}.Solution.{value}.tsv"));
        let grid = parse_solution(&inst, &std::fs::read_to_string(path).unwrap()).unwrap();
        (inst, grid)
    }

    /// Sets employee `id`'s cell on `day`.
    fn set(
        inst: &Instance,
        grid: &mut [Vec<Option<String>>],
        id: &str,
        day: usize,
        shift: Option<&str>,
    ) {
        let e = inst.staff.iter().position(|s| s.id == id).unwrap();
        grid[e][day] = shift.map(str::to_string);
    }

    /// Asserts that exactly `expected` is among the violations.
    fn assert_flags(ev: &Evaluation, expected: &str) {
        assert!(
            ev.violations.iter().any(|v| v == expected),
            "{expected:?} not among {:?}",
            ev.violations
        );
    }

    /// Instance 1 with LF endings, `old` (a whole line) replaced by `new`, and that line's
    /// 1-based number.
    fn instance1_with(old: &str, new: &str) -> (String, usize) {
        let lf = text(1).replace('\r', "");
        let mut lines: Vec<&str> = lf.lines().collect();
        let i = lines.iter().position(|l| *l == old).unwrap();
        lines[i] = new;
        (lines.join("\n"), i + 1)
    }

    /// Asserts a parse error on `line` whose message contains `words`.
    fn assert_rejects(text: &str, line: usize, words: &str) {
        match parse(text) {
            Err(e @ Error::Benchmark { .. }) => {
                let Error::Benchmark {
                    what,
                    line: l,
                    ref message,
                } = e
                else {
                    unreachable!()
                };
                assert_eq!((what, l), ("instance", line), "{e}");
                assert!(message.contains(words), "{message:?} lacks {words:?}");
                assert!(e.to_string().contains(&format!("line {line}")), "{e}");
            }
            other => panic!("expected a parse error on line {line}, got {other:?}"),
        }
    }

    #[test]
    fn can_parse_the_nine_instances() {
        // days, staff, shift types, on requests, off requests, days-off entries (shared README).
        let sizes = [
            (14, 8, 1, 21, 5, 8),
            (14, 14, 2, 50, 12, 14),
            (14, 20, 3, 39, 25, 20),
            (28, 10, 2, 52, 19, 20),
            (28, 16, 2, 79, 27, 32),
            (28, 18, 3, 87, 48, 36),
            (28, 20, 3, 104, 64, 40),
            (28, 30, 4, 139, 86, 60),
            (28, 36, 4, 144, 88, 72),
        ];
        for (i, &(days, staff, shifts, on, off, days_off)) in sizes.iter().enumerate() {
            let n = i + 1;
            let inst = load(dir().join(format!("Instance{n}.txt"))).unwrap();
            let got = (
                inst.days,
                inst.staff.len(),
                inst.shifts.len(),
                inst.on_requests.len(),
                inst.off_requests.len(),
                inst.staff.iter().map(|s| s.days_off.len()).sum::<usize>(),
            );
            assert_eq!(got, (days, staff, shifts, on, off, days_off), "Instance{n}");
            assert_eq!(inst.cover.len(), days * shifts, "Instance{n}");
            for s in &inst.staff {
                assert_eq!(s.max_shifts.len(), shifts, "Instance{n} {}", s.id);
            }
        }
    }

    #[test]
    fn can_parse_lf_like_crlf() {
        for n in 1..=9 {
            let crlf = text(n);
            assert!(crlf.contains("\r\n"), "Instance{n} is stored with CRLF");
            assert_eq!(
                parse(&crlf.replace('\r', "")).unwrap(),
                parse(&crlf).unwrap()
            );
        }
    }

    #[test]
    fn can_read_empty_cannot_follow_and_lists() {
        let one = parse(&text(1)).unwrap();
        assert_eq!(
            one.shifts,
            vec![ShiftType {
                id: "D".into(),
                minutes: 480,
                cannot_follow: vec![],
            }]
        );
        let three = parse(&text(3)).unwrap();
        assert_eq!(three.shifts[2].cannot_follow, vec!["E", "D"]);
        assert_eq!(
            three.staff[0].max_shifts,
            vec![("E".into(), 14), ("D".into(), 14), ("L".into(), 0)]
        );
    }

    #[test]
    fn can_evaluate_every_solution_to_its_file_name() {
        let all = solutions();
        assert_eq!(all.len(), 10, "{all:?}");
        for (n, value, path) in all {
            let inst = parse(&text(n)).unwrap();
            let tsv = std::fs::read_to_string(&path).unwrap();
            let ev = evaluate(&inst, &parse_solution(&inst, &tsv).unwrap());
            let name = path.display();
            assert!(ev.violations.is_empty(), "{name}: {:?}", ev.violations);
            assert_eq!(ev.penalty, value, "{name}");
            // "# objective: 607 (cover 600, shift-on requests 4, shift-off requests 3); ..."
            if let Some(line) = tsv.lines().find(|l| l.starts_with("# objective:")) {
                let after = |key: &str| -> i64 {
                    let rest = &line[line.find(key).unwrap() + key.len()..];
                    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    digits.parse().unwrap()
                };
                assert_eq!(
                    (
                        ev.cover_penalty,
                        ev.on_request_penalty,
                        ev.off_request_penalty
                    ),
                    (
                        after("(cover "),
                        after("shift-on requests "),
                        after("shift-off requests ")
                    ),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn can_flag_a_shift_on_a_fixed_day_off() {
        let (inst, mut grid) = roster(1, 607);
        assert_eq!(inst.staff[0].days_off, vec![0]);
        set(&inst, &mut grid, "A", 0, Some("D"));
        assert_flags(
            &evaluate(&inst, &grid),
            "A: shift D on day 0, a fixed day off",
        );
    }

    #[test]
    fn can_flag_a_run_longer_than_max() {
        // B works days 0-4 and is off on 5 and 6.
        let (inst, mut grid) = roster(1, 607);
        set(&inst, &mut grid, "B", 5, Some("D"));
        assert_flags(
            &evaluate(&inst, &grid),
            "B: run of 6 working days from day 0, max 5",
        );
    }

    #[test]
    fn can_flag_a_forbidden_succession() {
        // Instance 3: E cannot follow D.
        let (inst, mut grid) = roster(3, 1005);
        let (e, d) = (0..grid.len())
            .flat_map(|e| (0..inst.days - 1).map(move |d| (e, d)))
            .find(|&(e, d)| grid[e][d].as_deref() == Some("D"))
            .unwrap();
        grid[e][d + 1] = Some("E".into());
        let id = inst.staff[e].id.clone();
        assert_flags(
            &evaluate(&inst, &grid),
            &format!("{id}: E on day {} cannot follow D on day {d}", d + 1),
        );
    }

    #[test]
    fn can_forbid_a_shift_after_itself() {
        let inst = parse(
            "SECTION_HORIZON\n7\nSECTION_SHIFTS\nN,720,N\nSECTION_STAFF\n\
             A,N=7,10000,0,7,1,1,1\nSECTION_DAYS_OFF\nA,\nSECTION_SHIFT_ON_REQUESTS\n\
             SECTION_SHIFT_OFF_REQUESTS\nSECTION_COVER\n",
        )
        .unwrap();
        let n = Some("N".to_string());
        let ev = evaluate(
            &inst,
            &[vec![n.clone(), None, n.clone(), n, None, None, None]],
        );
        assert_eq!(
            ev.violations,
            vec!["A: N on day 3 cannot follow N on day 2"]
        );
        assert_eq!(ev.penalty, 0);
    }

    #[test]
    fn can_flag_too_many_weekends() {
        // A (max 1 weekend) works the second weekend only.
        let (inst, mut grid) = roster(1, 607);
        set(&inst, &mut grid, "A", 6, Some("D"));
        assert_flags(
            &evaluate(&inst, &grid),
            "A: 2 weekends worked (weeks 0, 1), max 1",
        );
    }

    #[test]
    fn can_flag_a_short_working_run() {
        // A works days 7 and 8; without day 8, day 7 stands alone (min 2).
        let (inst, mut grid) = roster(1, 607);
        set(&inst, &mut grid, "A", 8, None);
        let ev = evaluate(&inst, &grid);
        assert_eq!(
            ev.violations,
            vec!["A: run of 1 working day from day 7, min 2"]
        );
    }

    #[test]
    fn can_flag_a_short_run_of_days_off() {
        // B is off on days 5-7; working day 6 leaves two single days off (min 2).
        let (inst, mut grid) = roster(1, 607);
        assert_eq!(grid[1][5..8], [None, None, None]);
        set(&inst, &mut grid, "B", 6, Some("D"));
        assert_flags(
            &evaluate(&inst, &grid),
            "B: run of 1 day off from day 5, min 2",
        );
    }

    #[test]
    fn can_exempt_a_short_run_at_the_edge() {
        // H works days 0-1 (8 shifts, 1 more than its minimum minutes need); without day 1,
        // day 0 is a 1-day run touching the first day.
        let (inst, mut grid) = roster(1, 607);
        set(&inst, &mut grid, "H", 1, None);
        let ev = evaluate(&inst, &grid);
        assert!(ev.violations.is_empty(), "{:?}", ev.violations);
        assert!(ev.penalty > 607);
        // A works days 11-13 (9 shifts); without 11 and 12, day 13 stands alone at the end.
        let (inst, mut grid) = roster(1, 607);
        set(&inst, &mut grid, "A", 11, None);
        set(&inst, &mut grid, "A", 12, None);
        let ev = evaluate(&inst, &grid);
        assert!(ev.violations.is_empty(), "{:?}", ev.violations);
        // The same 1-day run inside the horizon is flagged.
        set(&inst, &mut grid, "A", 13, None);
        set(&inst, &mut grid, "A", 11, Some("D"));
        assert_flags(
            &evaluate(&inst, &grid),
            "A: run of 1 working day from day 11, min 2",
        );
    }

    #[test]
    fn can_report_a_grid_of_wrong_size() {
        let (inst, mut grid) = roster(1, 607);
        grid.pop();
        grid[0].push(Some("D".into()));
        grid[1].truncate(3);
        grid[2][4] = Some("X".into());
        let ev = evaluate(&inst, &grid);
        for v in [
            "the roster has 7 rows, the instance 8 employees",
            "A: the row has 15 days, the horizon 14",
            "B: the row has 3 days, the horizon 14",
            "C: unknown shift \"X\" on day 4",
        ] {
            assert_flags(&ev, v);
        }
        assert!(!evaluate(&inst, &[]).violations.is_empty());
    }

    #[test]
    fn rejects_garbage() {
        assert_rejects("hello, world\n", 1, "before the first section header");
        assert_rejects("", 1, "ends before SECTION_HORIZON");
    }

    #[test]
    fn rejects_missing_horizon() {
        let lf = text(1)
            .replace('\r', "")
            .replace("SECTION_HORIZON", "# none");
        assert_rejects(&lf, 5, "before the first section header");
        let lf = text(1).replace('\r', "");
        let lf: String = lf.lines().skip(5).map(|l| format!("{l}\n")).collect();
        assert_rejects(&lf, 2, "SECTION_SHIFTS where SECTION_HORIZON was expected");
    }

    #[test]
    fn rejects_horizon_not_whole_weeks() {
        let (t, line) = instance1_with("14", "10");
        assert_eq!(line, 5);
        assert_rejects(&t, line, "not a positive whole number of weeks");
    }

    #[test]
    fn rejects_unknown_shift_in_cover() {
        let (t, line) = instance1_with("0,D,5,100,1", "0,X,5,100,1");
        assert_rejects(&t, line, "unknown shift id \"X\"");
    }

    #[test]
    fn rejects_day_out_of_range() {
        let (t, line) = instance1_with("C,12,D,1", "C,14,D,1");
        assert_rejects(&t, line, "day 14 is outside the horizon of 14 days");
    }

    #[test]
    fn rejects_unknown_staff_in_days_off() {
        let (t, line) = instance1_with("A,0", "Z,0");
        assert_rejects(&t, line, "unknown employee id \"Z\"");
    }

    #[test]
    fn rejects_duplicate_cover_line() {
        let (t, line) = instance1_with("1,D,7,100,1", "0,D,7,100,1");
        assert_rejects(&t, line, "a second cover line for day 0, shift D");
    }

    #[test]
    fn rejects_wrong_field_counts_and_numbers() {
        let (t, line) = instance1_with("D,480,", "D,480");
        assert_rejects(&t, line, "has 2");
        let (t, line) = instance1_with("A,D=14,4320,3360,5,2,2,1", "A,D=14,4320,3360,five,2,2,1");
        assert_rejects(
            &t,
            line,
            "MaxConsecutiveShifts \"five\" is not a whole number",
        );
        let (t, line) = instance1_with("A,D=14,4320,3360,5,2,2,1", "A,E=14,4320,3360,5,2,2,1");
        assert_rejects(&t, line, "unknown MaxShifts shift id \"E\"");
    }

    #[test]
    fn rejects_bad_solution_rows() {
        let inst = parse(&text(1)).unwrap();
        let tsv = std::fs::read_to_string(dir().join("Instance1.Solution.607.tsv")).unwrap();
        let bad = |t: &str, line: usize| match parse_solution(&inst, t) {
            Err(Error::Benchmark { what, line: l, .. }) => {
                assert_eq!((what, l), ("solution", line))
            }
            other => panic!("{other:?}"),
        };
        // The rows start on line 7.
        bad(&tsv.replacen("A\t\tD", "A\tD", 1), 7);
        bad(&tsv.replacen("A\t\tD", "Z\t\tD", 1), 7);
        bad(&tsv.replacen("A\t\tD", "A\t\tX", 1), 7);
        bad(&tsv.replacen("B\tD", "A\tD", 1), 8);
        let without_h: String = tsv
            .lines()
            .filter(|l| !l.starts_with('H'))
            .map(|l| format!("{l}\n"))
            .collect();
        bad(&without_h, 13);
    }

    /// One edit of a text's lines; positions are proptest indices.
    #[derive(Debug, Clone)]
    enum Edit {
        Delete(prop::sample::Index),
        Duplicate(prop::sample::Index),
        Swap(prop::sample::Index, prop::sample::Index),
        Replace(prop::sample::Index, String),
        Field(prop::sample::Index, prop::sample::Index, String),
        Truncate(prop::sample::Index, prop::sample::Index),
    }

    /// Short strings likely to mean something to the parser.
    fn token() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("-1".to_string()),
            Just("0".to_string()),
            Just("13".to_string()),
            Just("14".to_string()),
            Just("99999999999999999999".to_string()),
            Just("D".to_string()),
            Just("A".to_string()),
            Just("D=0|D=1".to_string()),
            Just("SECTION_COVER".to_string()),
            Just("#".to_string()),
            "[A-Z0-9,|=#_\r\t ]{0,12}",
            any::<String>(),
        ]
    }

    fn edit() -> impl Strategy<Value = Edit> {
        use prop::sample::Index;
        prop_oneof![
            any::<Index>().prop_map(Edit::Delete),
            any::<Index>().prop_map(Edit::Duplicate),
            (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Swap(a, b)),
            (any::<Index>(), token()).prop_map(|(a, s)| Edit::Replace(a, s)),
            (any::<Index>(), any::<Index>(), token()).prop_map(|(a, b, s)| Edit::Field(a, b, s)),
            (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Truncate(a, b)),
        ]
    }

    /// Parses, and evaluates whatever parses with an empty, a full and a ragged grid.
    fn exercise(text: &str) {
        if let Ok(inst) = parse(text) {
            let full =
                vec![vec![inst.shifts.first().map(|s| s.id.clone()); inst.days]; inst.staff.len()];
            for grid in [vec![], full, vec![vec![Some("?".to_string())]; 3]] {
                let ev = evaluate(&inst, &grid);
                assert!(ev.penalty >= 0);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn can_parse_any_text_without_panicking(
            s in prop_oneof![
                any::<String>(),
                "(SECTION_[A-Z_]{0,20}|[A-Z0-9,|=#\r\n]){0,60}",
            ]
        ) {
            exercise(&s);
        }

        #[test]
        fn can_parse_mutated_instance1_without_panicking(
            edits in prop::collection::vec(edit(), 1..6),
            crlf in any::<bool>(),
        ) {
            let base = text(1);
            let base = if crlf { base } else { base.replace('\r', "") };
            let mut lines: Vec<String> = base.split('\n').map(str::to_string).collect();
            for e in edits {
                if lines.is_empty() {
                    break;
                }
                match e {
                    Edit::Delete(i) => {
                        lines.remove(i.index(lines.len()));
                    }
                    Edit::Duplicate(i) => {
                        let i = i.index(lines.len());
                        lines.insert(i, lines[i].clone());
                    }
                    Edit::Swap(a, b) => {
                        let n = lines.len();
                        lines.swap(a.index(n), b.index(n));
                    }
                    Edit::Replace(i, s) => {
                        let i = i.index(lines.len());
                        lines[i] = s;
                    }
                    Edit::Field(i, j, s) => {
                        let i = i.index(lines.len());
                        let mut f: Vec<String> = lines[i].split(',').map(str::to_string).collect();
                        let j = j.index(f.len());
                        f[j] = s;
                        lines[i] = f.join(",");
                    }
                    Edit::Truncate(i, j) => {
                        let i = i.index(lines.len());
                        let cut = j.index(lines[i].len() + 1);
                        if lines[i].is_char_boundary(cut) {
                            lines[i].truncate(cut);
                        }
                    }
                }
            }
            exercise(&lines.join("\n"));
        }
    }
}
