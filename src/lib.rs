//! heltid: care-service rotas with the largest possible positions.
//!
//! Norwegian care services want a *full-time culture*: large positions, no involuntary part
//! time. heltid designs the rota that **maximises the average position size** (minimises the
//! headcount for the demanded hours) under staffing demand per shift and skill, weekend
//! frequency, rest and hour rules, as a mixed-integer program solved by HiGHS, and returns a
//! legal rota together with the bound the solver proved.
//!
//! What a caller uses: [`Scenario`] (the JSON wire format, [`scenario`]) read with
//! [`load_scenario`] or [`parse_scenario`], which report every problem at once with stable codes
//! ([`validate`]); [`ValidScenario`], a scenario validated once; [`solve`] with [`SolveOptions`]
//! (time limit, progress, warm start), which returns a [`Roster`] ([`roster`]) carrying what
//! the solver proved; the independent checker [`check`] with its [`rule`] names; key figures
//! ([`kpi`]); instant analytic bounds ([`bounds`]); [`import`] of the rota a unit runs today
//! from its CSV grid and [`compare`] of it with the best rotas, as a page ([`report`]); and
//! [`sweep`], a whole grid of "what if" questions (weekend frequency, rest, position minimums,
//! shift variants) in one call. Everything that can fail returns [`Error`].
//!
//! Inside, the layers point one way: scenario → validate → model (index-based, exact hour
//! units) → formulation (one file per rule family, every row named) → solve (the lexicographic
//! phases; the only code that reaches the solver adapter, a leaf module over HiGHS) → roster →
//! check and kpi.
//!
//! The file formats (scenario, roster, rota CSV grid, sweep spec and results), with every
//! field, default, validation code and numbered rule, are described in `docs/format.md` in the
//! repository; code comments citing "rule 10" or "§12" refer to its numbering.
//!
//! # Example
//!
//! A respite flat open every day with one day and one evening shift, positions created as
//! needed:
//!
//! ```
//! use heltid::{check, validate, SolveOptions, Status};
//!
//! let scenario = validate::parse_scenario(r#"{
//!   "name": "Respite flat",
//!   "horizon": { "start": "2027-01-04", "weeks": 1, "cyclic": true },
//!   "full_time_hours_per_week": 35.5,
//!   "shifts": [ { "id": "D", "start": "08:00", "end": "15:30" },
//!               { "id": "A", "start": "15:00", "end": "22:00" } ],
//!   "demand": [ { "shift": "D", "days": ["mon","tue","wed","thu","fri","sat","sun"], "min": 1 },
//!               { "shift": "A", "days": ["mon","tue","wed","thu","fri","sat","sun"], "min": 1 } ],
//!   "open_positions": [ { "id": "hfa", "max_count": 4 } ],
//!   "rules": { "max_consecutive_days": 5, "weekend": { "max_one_in": 1 } }
//! }"#)?;
//!
//! let roster = heltid::solve(&scenario, &SolveOptions::default())?;
//! assert_eq!(roster.status, Status::Optimal);
//! assert_eq!(roster.headcount, 4);              // proven: no 3-person rota exists
//! assert_eq!(roster.headcount_lower_bound, 4);
//! assert!(check::check(&scenario, &roster).is_empty()); // the independent checker agrees
//! println!("average position {:.1} %", roster.average_position_pct);
//! # Ok::<(), heltid::Error>(())
//! ```

#![warn(missing_docs)]

pub mod bounds;
mod calendar;
pub mod check;
pub mod compare;
pub mod error;
mod explain;
mod formulation;
pub mod import;
pub mod kpi;
mod model;
mod num;
pub mod report;
pub mod roster;
pub mod rule;
pub mod scenario;
mod solve;
mod solver;
mod suggest;
pub mod sweep;
mod tariff;
mod valid;
pub mod validate;

pub use error::{Error, Result};
pub use roster::{Roster, Status};
pub use scenario::Scenario;
pub use solve::{solve, OnProgress, Progress, SolveOptions, DEFAULT_MAX_MODEL_NONZEROS};
pub use valid::{Input, ValidScenario};
pub use validate::{load_scenario, parse_scenario};
