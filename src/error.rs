//! The crate's one error type.

use std::path::PathBuf;

use serde::Serialize;

/// Everything that can go wrong in heltid. Infeasibility is *not* an error: it is a
/// [`crate::Status::Infeasible`] roster with an explanation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating-system error.
        #[source]
        source: std::io::Error,
    },
    /// The text is not JSON, or not of the expected shape.
    #[error("{what} is not valid JSON at line {line}, column {column}: {message}")]
    Json {
        /// What was being read ("scenario", "roster").
        what: &'static str,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's message.
        message: String,
    },
    /// The scenario has problems; every one of them is listed.
    #[error("the scenario has {} problem(s):\n{}", .0.len(), format_issues(.0))]
    Invalid(Vec<Issue>),
    /// A CSV rota has problems; every one of them is listed, with line and column.
    #[error("the rota has {} problem(s):\n{}", .0.len(), format_rota_issues(.0))]
    Rota(Vec<RotaIssue>),
    /// A CSV file could not be read or written.
    #[error("CSV {what}: {message}")]
    Csv {
        /// Which file or operation.
        what: String,
        /// What went wrong, naming row and column where known.
        message: String,
    },
    /// A file of the Curtois & Qu nurse-rostering benchmark ([`crate::import::curtois`]) cannot
    /// be read: a broken layout, a wrong number of fields, a field that is not a number, an
    /// unknown id or a day outside the horizon. The first problem found is reported.
    #[error("benchmark {what}, line {line}: {message}")]
    Benchmark {
        /// What was being read: `"instance"` or `"solution"`.
        what: &'static str,
        /// 1-based line of the problem (the last line when something is missing at the end).
        line: usize,
        /// What is wrong, in words.
        message: String,
    },
    /// The solver backend failed in a way that is not infeasibility or a time limit.
    #[error("the solver failed while {stage}: {status}")]
    Solver {
        /// What heltid asked of the solver ("building the model", "solving").
        stage: &'static str,
        /// The solver's own status or message.
        status: String,
    },
    /// The scenario's model is too large to build and solve within the limit of
    /// [`crate::SolveOptions::max_model_nonzeros`]; it was rejected before the solver started.
    #[error("the model is too large to solve: at least about {nonzeros} nonzeros ({columns} assignment columns for {people} people over {slots} date-shift slots) against a limit of {limit}, counted until building stopped there. Shorten the horizon, merge shift types, lower open_positions max_count, or raise the limit well above that (SolveOptions::max_model_nonzeros, --max-nonzeros on the command line)")]
    TooLarge {
        /// Nonzeros of the program as far as it was built (the rule family it stopped in
        /// extrapolated over its people): short of the whole, as the families not yet built
        /// are not counted (Curtois–Qu instance 23 stopped at about 5.1 M under a limit of 4 M
        /// and has about 11.35 M).
        nonzeros: usize,
        /// Assignment columns (person × date × shift).
        columns: usize,
        /// People in the model: staff and open-position candidates.
        people: usize,
        /// Date-shift slots with demand.
        slots: usize,
        /// The limit.
        limit: usize,
    },
    /// The solver stopped at the time limit before finding any roster.
    #[error("no roster found within the time limit of {seconds} s (best bound: {bound_headcount} people); allow more time")]
    NoSolutionInTime {
        /// The time limit.
        seconds: f64,
        /// Best proven headcount lower bound.
        bound_headcount: u32,
    },
}

impl Error {
    /// Wraps a serde_json error with what was being read.
    pub fn json(what: &'static str, e: serde_json::Error) -> Error {
        Error::Json {
            what,
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        }
    }
}

/// One problem found in a scenario ([`crate::validate`] lists the codes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Stable machine-readable code, e.g. `"start-not-monday"`.
    pub code: &'static str,
    /// Where: a field path such as `staff[3].wish_pct` or `shifts[id=N].end`.
    pub path: String,
    /// What is wrong, in user words.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

/// One issue per line: `code at path: message (fix: ...)`.
pub fn format_issues(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(|i| format!("  [{}] {}: {} Fix: {}", i.code, i.path, i.message, i.fix))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One problem found in a CSV rota ([`crate::import`] lists the codes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RotaIssue {
    /// Stable machine-readable code, e.g. `"unknown-shift"` (see [`crate::import`]).
    pub code: &'static str,
    /// 1-based CSV line.
    pub line: usize,
    /// Header name of the column, e.g. `"2027-01-05"` or `"contract_pct"`, when the problem
    /// lies in one column.
    pub column: Option<String>,
    /// What is wrong, in user words.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

/// One issue per line: `  [code] line N, column C: message Fix: fix`.
pub fn format_rota_issues(issues: &[RotaIssue]) -> String {
    issues
        .iter()
        .map(|i| {
            let place = match &i.column {
                Some(c) => format!("line {}, column {c}", i.line),
                None => format!("line {}", i.line),
            };
            format!("  [{}] {place}: {} Fix: {}", i.code, i.message, i.fix)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
