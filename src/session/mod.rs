//! Sessions: the model of one pass through a checklist, and the store that keeps them on disk.

mod canonical;
pub mod edit;
mod fastparse;
pub mod file;
pub mod import;
pub mod index;
pub mod lock;
pub mod model;
pub mod query;
pub mod store;

pub use index::Summary;
pub use model::{
    Action, ActionStatus, Answer, CauseAnswer, Field, Position, Progress, ProgressNote, Rating,
    Respondent, Session,
};
pub use store::{Loaded, NewSession, Store};
