//! The independent checker.
// HELPER-A: implement (see the task description).

use serde::Serialize;

use crate::roster::Roster;
use crate::rule::Rule;
use crate::scenario::Scenario;

/// One rule a roster breaks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// Rule family (same names as the formulation's constraints).
    pub rule: Rule,
    /// Person, when the rule is per person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff: Option<String>,
    /// Date, when the rule is per date (ISO).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Shift, when the rule is per shift.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shift: Option<String>,
    /// What is wrong and by how much, in user words.
    pub message: String,
}

/// Every violation of `roster` against a valid `scenario` (empty when legal).
pub fn check(_scenario: &Scenario, _roster: &Roster) -> Vec<Violation> {
    Vec::new()
}
