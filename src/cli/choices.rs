//! Values the command line reads with its own functions, their names still offered to shell
//! completion (`taiyaku render --layout <Tab>`) but not listed again in the help, whose text
//! names them already.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, TypedValueParser};

/// A value read by `parse`, completed from `names`.
#[derive(Clone)]
pub struct Choices<T> {
    parse: fn(&str) -> Result<T, String>,
    names: fn() -> Vec<&'static str>,
}

/// The parser of a value read by `parse`, whose choices are `names`.
pub fn choices<T>(
    parse: fn(&str) -> Result<T, String>,
    names: fn() -> Vec<&'static str>,
) -> Choices<T> {
    Choices { parse, names }
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Choices<T> {
    type Value = T;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        self.parse.parse_ref(command, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.names)().into_iter().map(PossibleValue::new)))
    }
}
