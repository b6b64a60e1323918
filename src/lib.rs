//! heltid: care-service rotas with the largest possible positions.

#![warn(missing_docs)]

pub mod calendar;
pub mod check;
pub mod error;
pub mod kpi;
pub mod num;
pub mod roster;
pub mod rule;
pub mod scenario;
pub mod validate;

pub use error::{Error, Result};
pub use roster::{Roster, Status};
pub use scenario::Scenario;
