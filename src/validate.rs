//! Validation: every problem of a scenario at once, each with a stable code, a place and a fix.
// HELPER-B: implement (see the task description).

use serde::Serialize;

use crate::error::{Error, Result};
use crate::scenario::Scenario;

/// One problem found in a scenario.
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

/// Parses scenario JSON text and validates it; every problem is reported at once in
/// [`Error::Invalid`].
pub fn parse_scenario(json: &str) -> Result<Scenario> {
    let s: Scenario = serde_json::from_str(json).map_err(|e| Error::json("scenario", e))?;
    let issues = validate(&s);
    if issues.is_empty() {
        Ok(s)
    } else {
        Err(Error::Invalid(issues))
    }
}

/// Every problem of a typed scenario (empty when valid).
pub fn validate(_s: &Scenario) -> Vec<Issue> {
    Vec::new()
}
