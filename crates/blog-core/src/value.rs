//! Free-form values of front-matter fields the model has no field for.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Extra front-matter fields, by name, kept so that they round-trip.
pub type Extra = BTreeMap<String, Value>;

/// A value of an extra front-matter field: the common subset of TOML, YAML and
/// JSON. Dates are kept as strings in the form the author wrote them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// A floating-point number.
    Float(f64),
    /// Text.
    String(String),
    /// An ordered list.
    List(Vec<Value>),
    /// A table of named values.
    Table(BTreeMap<String, Value>),
}
