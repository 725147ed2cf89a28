//! Reports built from sessions: the self-review export, the diff of two sessions, the trend of many.
//! Pure: sessions and "today" in, a value or text out.

pub mod diff;
pub mod export;
#[cfg(test)]
mod fixtures;
pub mod last_time;
pub(crate) mod layout;
pub(crate) mod sheet;
pub mod trend;
pub mod unit;
pub(crate) mod word;
