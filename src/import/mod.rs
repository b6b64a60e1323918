//! Importing a rota a unit already runs, from the CSV grid of docs/format.md ("Existing rota" and
//! "CSV rota mode"), so that it can be checked, measured and compared with an optimised one.
//!
//! ```text
//! staff,contract_pct,skills,2027-01-04,2027-01-05,2027-01-06,...
//! kari,75,RN;MED,D,,A,...
//! ```
//!
//! The steps:
//!
//! 1. [`parse_rota_csv`] (or [`load_rota_csv`]) reads the grid against a scenario, which gives
//!    the horizon dates and the shift and skill ids, and reports **every** problem at once in
//!    [`Error::Rota`], each with a stable code, the 1-based CSV line and the column.
//! 2. [`scenario_for_rota`] builds the scenario the rota is judged against: the people are the
//!    CSV rows; scenario staff keep their wishes, unavailable dates, fixed shifts and requests;
//!    people only in the CSV are added with the CSV's contract and skills.
//! 3. [`rota_roster`] turns the rota into a [`Roster`] with its hours, positions and key
//!    figures, ready for [`crate::check::check`] and [`crate::kpi`].
//! 4. [`demand_from_rota`] (`--demand-from-rota`) replaces the scenario's total demand by what
//!    the rota actually covers, for units without a written staffing plan.
//!
//! Reading rules: cells are trimmed; an empty cell or `-` is a day off; the `skills` cell is
//! `;`-separated. The `contract_pct` and `skills` columns are optional (headers such as
//! `staff,<dates...>` or `staff,contract_pct,<dates...>` are accepted, and the two may come in
//! either order before the dates); the date columns may come in any order but must be exactly
//! the horizon dates. Column names are matched without regard to ASCII case. Blank lines, rows whose cells are all
//! empty, a leading byte-order mark and empty cells beyond the header's width (trailing commas of
//! spreadsheet exports) are ignored. Nothing here panics on any input.
//!
//! | code | meaning |
//! | --- | --- |
//! | `missing-header` | the file is empty, or its first line is not a header starting with `staff` |
//! | `bad-header` | the first column is not called `staff`, or a column before the dates is neither `contract_pct` nor `skills` (or repeats one) |
//! | `not-a-date` | a date column header that is not an ISO `YYYY-MM-DD` date |
//! | `date-outside-horizon` | a date column outside the scenario's horizon |
//! | `duplicate-date` | two columns for one date |
//! | `missing-date` | horizon dates without a column (one issue per run of consecutive dates) |
//! | `ragged-row` | a row with a different number of cells than the header |
//! | `empty-id` | a row with an empty `staff` cell |
//! | `bad-id` | a staff id with a `,` `;` `"` or control character |
//! | `duplicate-person` | two rows for one person |
//! | `bad-contract` | a `contract_pct` that is not a number, lies outside (0, 100] or has more than 9 decimals |
//! | `unknown-skill` | a skill the scenario does not declare |
//! | `unknown-shift` | a cell that is neither a shift id, empty, nor `-` |
//! | `contract-mismatch` | ([`scenario_for_rota`]) the CSV contract differs from the scenario's |
//! | `skills-mismatch` | ([`scenario_for_rota`]) the CSV skills differ from the scenario's |
//! | `missing-contract` | ([`scenario_for_rota`]) a person not in the scenario has neither a contract nor shifts |
//! | `bad-csv` | the text cannot be read as CSV at all |

mod csv;
pub mod curtois;
mod rota;

use serde::Serialize;

use crate::roster::Assignment;
#[cfg(doc)]
use crate::{error::Error, roster::Roster};

pub use csv::{load_rota_csv, parse_rota_csv, CODES};
pub use rota::{demand_from_rota, rota_roster, scenario_for_rota};

/// One person (row) of an imported rota.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RotaPerson {
    /// Staff id (the `staff` cell, trimmed).
    pub id: String,
    /// The `contract_pct` cell; `None` when the column is absent or the cell is empty.
    pub contract_pct: Option<f64>,
    /// The `skills` cell split at `;`; `None` when the column is absent.
    pub skills: Option<Vec<String>>,
    /// 1-based CSV line of the row.
    pub line: usize,
}

/// A rota as read from the CSV grid: people in row order and their assignments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rota {
    /// The rows, in file order.
    pub people: Vec<RotaPerson>,
    /// One assignment per non-empty cell (staff id, ISO date, shift id), row by row and in date
    /// order within a row.
    pub assignments: Vec<Assignment>,
}

pub use crate::error::{format_rota_issues, RotaIssue};
