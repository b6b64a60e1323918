//! Reading the CSV grid of a rota against a scenario, with every problem at once (the codes of
//! the module table).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::{Rota, RotaIssue, RotaPerson};
use crate::calendar::parse_date;
use crate::error::{Error, Result};
use crate::num::Ratio;
use crate::roster::Assignment;
use crate::scenario::Scenario;
use crate::valid::Input;

/// Every issue code the import can report (see the module table).
pub const CODES: &[&str] = &[
    "missing-header",
    "bad-header",
    "not-a-date",
    "date-outside-horizon",
    "duplicate-date",
    "missing-date",
    "ragged-row",
    "empty-id",
    "bad-id",
    "duplicate-person",
    "bad-contract",
    "unknown-skill",
    "unknown-shift",
    "contract-mismatch",
    "skills-mismatch",
    "missing-contract",
    "bad-csv",
];

/// Builds an issue.
pub(super) fn issue(
    code: &'static str,
    line: usize,
    column: Option<&str>,
    message: String,
    fix: impl Into<String>,
) -> RotaIssue {
    RotaIssue {
        code,
        line,
        column: column.map(str::to_string),
        message,
        fix: fix.into(),
    }
}

/// Name of the staff column.
const STAFF: &str = "staff";
/// Name of the optional contract column.
pub(super) const CONTRACT: &str = "contract_pct";
/// Name of the optional skills column.
pub(super) const SKILLS: &str = "skills";

/// What a header column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    /// The person id (always column 0).
    Staff,
    /// `contract_pct`.
    Contract,
    /// `skills`.
    Skills,
    /// A horizon date, by day index.
    Date(usize),
    /// A column whose header is wrong (already reported); its cells are ignored.
    Ignored,
}

/// Reads a CSV rota file and parses it with [`parse_rota_csv`]; [`Error::Io`] when the file
/// cannot be read.
pub fn load_rota_csv(scenario: &impl Input, path: impl AsRef<Path>) -> Result<Rota> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_rota_csv(scenario, &text)
}

/// Parses the CSV grid against `scenario` (which gives the horizon dates, the shift ids and the
/// skill ids) and collects every problem at once in [`Error::Rota`]. A scenario that does not
/// validate gives [`Error::Invalid`].
pub fn parse_rota_csv(scenario: &impl Input, text: &str) -> Result<Rota> {
    let scenario = scenario.valid()?;
    let scenario: &Scenario = &scenario;
    let Some(start) = parse_date(&scenario.horizon.start) else {
        return Err(Error::Invalid(Vec::new()));
    };
    let days = usize::try_from(scenario.horizon.weeks.max(0) * 7).unwrap_or(0);
    let dates: Vec<String> = (0..days)
        .map(|d| {
            (start + chrono::Days::new(d as u64))
                .format("%Y-%m-%d")
                .to_string()
        })
        .collect();
    let day_of: HashMap<&str, usize> = dates
        .iter()
        .enumerate()
        .map(|(d, s)| (s.as_str(), d))
        .collect();
    let shift_ids: Vec<&str> = scenario.shifts.iter().map(|s| s.id.as_str()).collect();
    let skill_ids: HashSet<&str> = scenario.skills.iter().map(String::as_str).collect();

    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut issues = Vec::new();
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut lines = LineCounter::new(text);
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r
                    .position()
                    .map_or(rows.len() + 1, |p| lines.line_at(p.byte()));
                let cells: Vec<String> = r.iter().map(|c| c.trim().to_string()).collect();
                if cells.iter().all(String::is_empty) {
                    continue; // blank line or a row of empty cells
                }
                rows.push((line, cells));
            }
            Err(e) => {
                let line = e
                    .position()
                    .map_or(rows.len() + 1, |p| lines.line_at(p.byte()));
                issues.push(issue(
                    "bad-csv",
                    line,
                    None,
                    format!("the text cannot be read as CSV here: {e}."),
                    "save the rota as plain comma-separated text (UTF-8).",
                ));
                return Err(Error::Rota(issues));
            }
        }
    }

    let Some((header_line, header)) = rows.first() else {
        issues.push(issue(
            "missing-header",
            1,
            None,
            "the file has no header line (it is empty).".into(),
            "start the file with the header `staff,contract_pct,skills,<horizon dates...>`.",
        ));
        return Err(Error::Rota(issues));
    };
    let header_line = *header_line;
    let columns = match read_header(header, header_line, &day_of, &dates, &mut issues) {
        Some(c) => c,
        None => return Err(Error::Rota(issues)),
    };

    let mut people: Vec<RotaPerson> = Vec::new();
    let mut assignments = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, cells) in &rows[1..] {
        let line = *line;
        let width = columns.len();
        let ragged = cells.len() < width || cells[width..].iter().any(|c| !c.is_empty());
        if ragged {
            issues.push(issue(
                "ragged-row",
                line,
                None,
                format!(
                    "this row has {} cells but the header has {width}.",
                    cells.len()
                ),
                "give every row one cell per header column (an empty cell or `-` is a day off).",
            ));
        }
        let id = cells.first().cloned().unwrap_or_default();
        if id.is_empty() {
            issues.push(issue(
                "empty-id",
                line,
                Some(STAFF),
                "the row has no staff id.".into(),
                "write the person's id in the first column.",
            ));
        } else if id
            .chars()
            .any(|c| c == ',' || c == ';' || c == '"' || c.is_control())
        {
            issues.push(issue(
                "bad-id",
                line,
                Some(STAFF),
                format!("the staff id {id:?} contains a `,`, `;`, `\"` or control character."),
                "use ids made of letters, digits, `-`, `_` or spaces.",
            ));
        } else if let Some(first) = seen.get(&id) {
            issues.push(issue(
                "duplicate-person",
                line,
                Some(STAFF),
                format!("{id:?} already has a row on line {first}."),
                "merge the two rows into one (one row per person).",
            ));
        } else {
            seen.insert(id.clone(), line);
        }
        let mut person = RotaPerson {
            id: id.clone(),
            contract_pct: None,
            skills: None,
            line,
        };
        for (col, kind) in columns.iter().enumerate() {
            let Some(cell) = cells.get(col) else { break };
            match kind {
                Column::Staff | Column::Ignored => {}
                Column::Contract => {
                    person.contract_pct = read_contract(cell, line, &mut issues);
                }
                Column::Skills => {
                    let mut skills: Vec<String> = Vec::new();
                    for s in cell.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                        if !skill_ids.contains(s) {
                            issues.push(issue(
                                "unknown-skill",
                                line,
                                Some(SKILLS),
                                format!(
                                    "{id:?} has the skill {s:?}, which the scenario does not declare{}.",
                                    closest(s, scenario.skills.iter().map(String::as_str))
                                        .map(|c| format!(" (did you mean `{c}`?)"))
                                        .unwrap_or_default()
                                ),
                                format!(
                                    "use the scenario's skills ({}), separated by `;`, or declare the skill in the scenario.",
                                    list(scenario.skills.iter().map(String::as_str))
                                ),
                            ));
                        }
                        if !skills.iter().any(|k| k == s) {
                            skills.push(s.to_string());
                        }
                    }
                    person.skills = Some(skills);
                }
                Column::Date(d) => {
                    if ragged || cell.is_empty() || cell == "-" {
                        continue;
                    }
                    if shift_ids.contains(&cell.as_str()) {
                        if !id.is_empty() {
                            assignments.push((line, *d, cell.clone(), id.clone()));
                        }
                        continue;
                    }
                    let date = &dates[*d];
                    let hint = closest(cell, shift_ids.iter().copied())
                        .map(|c| format!("Did you mean `{c}`? "))
                        .unwrap_or_default();
                    issues.push(issue(
                        "unknown-shift",
                        line,
                        Some(date),
                        format!(
                            "the cell {cell:?} of {id:?} on {date} (line {line}) is not a shift id of the scenario."
                        ),
                        format!(
                            "{hint}Use one of {}, or leave the cell empty (or `-`) for a day off.",
                            list(shift_ids.iter().copied())
                        ),
                    ));
                }
            }
        }
        people.push(person);
    }
    if !issues.is_empty() {
        issues.sort_by_key(|i| i.line); // stable: keeps column order within a line
        return Err(Error::Rota(issues));
    }
    // Row order, then date order within a row.
    assignments.sort_by_key(|(line, d, _, _)| (*line, *d));
    let assignments = assignments
        .into_iter()
        .map(|(_, d, shift, staff)| Assignment {
            staff,
            date: dates[d].clone(),
            shift,
        })
        .collect();
    Ok(Rota {
        people,
        assignments,
    })
}

/// The 1-based line of the record starting at byte `offset` of `text`. The csv reader reports
/// the position before the blank lines it skips, so they are skipped here too.
#[cfg(test)]
fn line_at(text: &str, offset: u64) -> usize {
    LineCounter::new(text).line_at(offset)
}

/// [`line_at`] for increasing offsets, counting each newline once (linear in the text, where
/// counting from the start for every record would be quadratic).
struct LineCounter<'t> {
    bytes: &'t [u8],
    /// Bytes counted so far.
    at: usize,
    /// Newlines in `bytes[..at]`.
    newlines: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            at: 0,
            newlines: 0,
        }
    }

    /// The line at byte `offset`; an offset before an earlier one counts from the start again.
    fn line_at(&mut self, offset: u64) -> usize {
        let bytes = self.bytes;
        let mut to = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        while to < bytes.len() && (bytes[to] == b'\n' || bytes[to] == b'\r') {
            to += 1;
        }
        if to < self.at {
            self.at = 0;
            self.newlines = 0;
        }
        self.newlines += bytes[self.at..to].iter().filter(|&&b| b == b'\n').count();
        self.at = to;
        1 + self.newlines
    }
}

/// Reads the header: `staff`, then optionally `contract_pct` and `skills`, then the horizon
/// dates. Returns `None` when the file has no usable header at all.
fn read_header(
    header: &[String],
    line: usize,
    day_of: &HashMap<&str, usize>,
    dates: &[String],
    issues: &mut Vec<RotaIssue>,
) -> Option<Vec<Column>> {
    let first = header.first().map(String::as_str).unwrap_or_default();
    if !first.eq_ignore_ascii_case(STAFF) {
        let has_dates = header.iter().skip(1).any(|c| parse_date(c).is_some());
        if !has_dates {
            issues.push(issue(
                "missing-header",
                line,
                None,
                format!(
                    "the first line must be the header `staff,contract_pct,skills,<dates...>`, but it starts with {first:?}."
                ),
                "add the header line: `staff,contract_pct,skills` followed by every date of the horizon.",
            ));
            return None;
        }
        issues.push(issue(
            "bad-header",
            line,
            Some(first),
            format!("the first column must be called `staff`, not {first:?}."),
            "rename the first column to `staff`.",
        ));
    }
    let mut columns = vec![Column::Staff];
    let mut date_seen = false;
    let mut meta_seen: Vec<&str> = Vec::new();
    let mut date_col: HashMap<usize, &str> = HashMap::new();
    for name in header.iter().skip(1) {
        let lower = name.to_ascii_lowercase();
        let meta = [CONTRACT, SKILLS].into_iter().find(|m| *m == lower);
        if let Some(m) = meta {
            if date_seen || meta_seen.contains(&m) {
                issues.push(issue(
                    "bad-header",
                    line,
                    Some(name),
                    format!(
                        "the column {name:?} {}.",
                        if date_seen {
                            "comes after the dates"
                        } else {
                            "appears twice"
                        }
                    ),
                    "write the header as `staff,contract_pct,skills,<dates...>`, each column once and before the dates.",
                ));
                columns.push(Column::Ignored);
            } else {
                meta_seen.push(m);
                columns.push(if m == CONTRACT {
                    Column::Contract
                } else {
                    Column::Skills
                });
            }
            continue;
        }
        let looks_like_date = name.starts_with(|c: char| c.is_ascii_digit());
        match parse_date(name) {
            Some(_) => {
                date_seen = true;
                match day_of.get(name.as_str()) {
                    None => {
                        issues.push(issue(
                            "date-outside-horizon",
                            line,
                            Some(name),
                            format!(
                                "the column {name} lies outside the horizon {} – {}.",
                                dates.first().map(String::as_str).unwrap_or_default(),
                                dates.last().map(String::as_str).unwrap_or_default()
                            ),
                            "remove the column, or correct the date or the scenario's horizon.",
                        ));
                        columns.push(Column::Ignored);
                    }
                    Some(&d) => {
                        if let Some(prev) = date_col.get(&d) {
                            issues.push(issue(
                                "duplicate-date",
                                line,
                                Some(name),
                                format!("the date {name} has two columns (the first is {prev:?})."),
                                "keep one column per date.",
                            ));
                            columns.push(Column::Ignored);
                        } else {
                            date_col.insert(d, name);
                            columns.push(Column::Date(d));
                        }
                    }
                }
            }
            None if date_seen || looks_like_date => {
                date_seen = true;
                issues.push(issue(
                    "not-a-date",
                    line,
                    Some(name),
                    format!("the column header {name:?} is not a date."),
                    "write dates as YYYY-MM-DD, e.g. 2027-01-04.",
                ));
                columns.push(Column::Ignored);
            }
            None => {
                let hint = closest(name, [CONTRACT, SKILLS])
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                issues.push(issue(
                    "bad-header",
                    line,
                    Some(name),
                    format!(
                        "the column {name:?} is neither `contract_pct`, `skills` nor a date{hint}."
                    ),
                    "write the header as `staff,contract_pct,skills,<dates...>` (contract_pct and skills may be left out).",
                ));
                columns.push(Column::Ignored);
            }
        }
    }
    // Missing dates, one issue per run of consecutive dates.
    let mut d = 0;
    while d < dates.len() {
        if date_col.contains_key(&d) {
            d += 1;
            continue;
        }
        let from = d;
        while d < dates.len() && !date_col.contains_key(&d) {
            d += 1;
        }
        let n = d - from;
        let message = if n == 1 {
            format!("the horizon date {} has no column.", dates[from])
        } else {
            format!(
                "the horizon dates {} – {} ({n} dates) have no column.",
                dates[from],
                dates[d - 1]
            )
        };
        issues.push(issue(
            "missing-date",
            line,
            Some(&dates[from]),
            message,
            "give every date of the horizon a column (an empty column means nobody works).",
        ));
    }
    Some(columns)
}

/// Reads a `contract_pct` cell: empty gives `None`; a number in (0, 100] with at most 9
/// decimals (a trailing `%` and a decimal comma are accepted) gives `Some`.
fn read_contract(cell: &str, line: usize, issues: &mut Vec<RotaIssue>) -> Option<f64> {
    if cell.is_empty() {
        return None;
    }
    let text = cell
        .strip_suffix('%')
        .unwrap_or(cell)
        .trim()
        .replace(',', ".");
    let value = text
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && !text.contains(['e', 'E', 'i', 'I', 'n', 'N']));
    match value {
        Some(v) if v > 0.0 && v <= 100.0 && Ratio::from_f64(v).is_some() => Some(v),
        Some(_) => {
            issues.push(issue(
                "bad-contract",
                line,
                Some(CONTRACT),
                format!(
                    "the contract {cell:?} is not a position size in (0, 100] with at most 9 decimals."
                ),
                "write the position size in percent, e.g. 75 or 33.5.",
            ));
            None
        }
        None => {
            issues.push(issue(
                "bad-contract",
                line,
                Some(CONTRACT),
                format!("the contract {cell:?} is not a number."),
                "write the position size in percent, e.g. 75 or 33.5, or leave the cell empty.",
            ));
            None
        }
    }
}

/// The candidate closest to `word` (case-insensitive edit distance), when it is close enough to
/// be a plausible typo.
fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    crate::suggest::closest(word, candidates, &crate::suggest::IDS)
}

/// `a, b, c` with each id in backticks.
fn list<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    ids.into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_count_lines_past_blank_lines_and_crlf() {
        let text = "a,b\r\n\r\n\nc,d\n";
        assert_eq!(line_at(text, 0), 1);
        assert_eq!(line_at(text, 5), 4);
        assert_eq!(line_at(text, 999), 5);
    }

    #[test]
    fn can_count_lines_incrementally_as_from_the_start() {
        let text = "h\r\na\n\n\nb\nc";
        let mut counter = LineCounter::new(text);
        for offset in [0, 3, 5, 6, 9, 11, 2, 20] {
            assert_eq!(counter.line_at(offset), line_at(text, offset), "{offset}");
        }
    }

    #[test]
    fn can_suggest_only_close_ids() {
        assert_eq!(closest("d", ["D", "A", "N"]), Some("D"));
        assert_eq!(closest("contract", [CONTRACT, SKILLS]), Some(CONTRACT));
        assert_eq!(closest("skill", [CONTRACT, SKILLS]), Some(SKILLS));
        assert_eq!(closest("zzzz", ["D", "A"]), None);
    }

    #[test]
    fn can_read_contracts_leniently_but_not_wrongly() {
        let mut issues = Vec::new();
        assert_eq!(read_contract("75", 2, &mut issues), Some(75.0));
        assert_eq!(read_contract("33,5", 2, &mut issues), Some(33.5));
        assert_eq!(read_contract("20 %", 2, &mut issues), Some(20.0));
        assert_eq!(read_contract("", 2, &mut issues), None);
        assert!(issues.is_empty());
        for bad in ["1e2", "inf", "NaN", "0", "100.01", "-1", "x"] {
            assert_eq!(read_contract(bad, 2, &mut issues), None, "{bad}");
        }
        assert_eq!(issues.len(), 7);
        assert!(issues.iter().all(|i| i.code == "bad-contract"));
    }
}
