//! A scenario validated once: [`ValidScenario`], and [`Input`], which every entry point takes.
//!
//! [`crate::solve`], [`crate::bounds::instant`], [`crate::compare::compare`] and
//! [`crate::compare::side`] accept either a plain [`Scenario`] (validated
//! on the call) or a [`ValidScenario`] (validated when it was made, never again). A tool that
//! solves and compares the same scenario validates it once (and a `ValidScenario` reads as a
//! `Scenario` wherever one is asked for, e.g. by the checker):
//!
//! ```
//! use heltid::{check, SolveOptions, ValidScenario};
//!
//! let scenario = heltid::load_scenario(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tiny.json"))?;
//! let valid = ValidScenario::new(scenario)?;
//! let roster = heltid::solve(&valid, &SolveOptions::default())?;
//! assert!(check::check(&valid, &roster).is_empty());
//! assert_eq!(valid.horizon.weeks, 1); // reads as a `Scenario`
//! # Ok::<(), heltid::Error>(())
//! ```

use std::borrow::Cow;
use std::ops::Deref;

use crate::error::{Issue, Result};
use crate::model::Model;
use crate::scenario::Scenario;

/// A [`Scenario`] that passed validation, with the index-based model built from it.
///
/// It reads as a `Scenario` (it dereferences to one) but cannot be changed: change the
/// scenario with [`ValidScenario::into_scenario`] and validate the result again.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidScenario {
    scenario: Scenario,
    model: Model,
}

impl ValidScenario {
    /// Validates `scenario`; every problem at once as [`crate::Error::Invalid`].
    pub fn new(scenario: Scenario) -> Result<ValidScenario> {
        ValidScenario::checked(scenario).map_err(crate::Error::Invalid)
    }

    /// [`ValidScenario::new`] with the validation issues as they are.
    pub(crate) fn checked(scenario: Scenario) -> std::result::Result<ValidScenario, Vec<Issue>> {
        let model = Model::checked(&scenario)?;
        Ok(ValidScenario { scenario, model })
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario, to change and validate again.
    pub fn into_scenario(self) -> Scenario {
        self.scenario
    }

    /// The model built from the scenario.
    pub(crate) fn model(&self) -> &Model {
        &self.model
    }
}

impl Deref for ValidScenario {
    type Target = Scenario;

    fn deref(&self) -> &Scenario {
        &self.scenario
    }
}

impl AsRef<Scenario> for ValidScenario {
    fn as_ref(&self) -> &Scenario {
        &self.scenario
    }
}

impl TryFrom<Scenario> for ValidScenario {
    type Error = crate::Error;

    fn try_from(scenario: Scenario) -> Result<ValidScenario> {
        ValidScenario::new(scenario)
    }
}

impl From<ValidScenario> for Scenario {
    fn from(v: ValidScenario) -> Scenario {
        v.scenario
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::scenario::Scenario {}
    impl Sealed for super::ValidScenario {}
}

/// A scenario an entry point accepts: a [`Scenario`] (validated on the call) or a
/// [`ValidScenario`] (already valid). Implemented for those two only.
pub trait Input: sealed::Sealed {
    /// The validated scenario: borrowed when it already is one, else validated now.
    fn valid(&self) -> Result<Cow<'_, ValidScenario>>;
}

impl Input for Scenario {
    fn valid(&self) -> Result<Cow<'_, ValidScenario>> {
        Ok(Cow::Owned(ValidScenario::new(self.clone())?))
    }
}

impl Input for ValidScenario {
    fn valid(&self) -> Result<Cow<'_, ValidScenario>> {
        Ok(Cow::Borrowed(self))
    }
}
