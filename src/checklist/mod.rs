//! Checklists: the data model, loading RON with every problem reported, validation, and the registry
//! of bundled and user checklists, checklists from a circular's text. Pure except for [`registry`],
//! which reads the user's files, and [`save`], which writes one made from text.

pub mod bundled;
pub mod from_text;
pub mod load;
pub mod model;
pub mod pretty;
pub mod problem;
pub mod registry;
pub mod save;
pub mod validate;

pub use load::parse;
pub use model::{CausePrompt, Checklist, FindingSource, Group, Item, Level, Text};
pub use problem::{Location, Problem, ProblemKind};
pub use registry::{Entry, Origin, Registry};
pub use validate::{is_valid_id, validate};
