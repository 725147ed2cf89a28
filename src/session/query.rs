//! Questions asked of many sessions at once, answered from what a list already holds (no file is
//! read): which session is the one before this one, which is the latest. `zicha diff` and the TUI's
//! Compare key both pick sessions here, so they pick the same ones.

use chrono::{DateTime, FixedOffset};

use super::Session;
use super::index::Summary;

/// What picking sessions to compare needs to know of each: enough to order them and match checklists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionKey {
    pub created: DateTime<FixedOffset>,
    pub id: String,
    pub checklist: String,
}

impl SessionKey {
    pub fn of(s: &Session) -> Self {
        SessionKey {
            created: s.created,
            id: s.id.clone(),
            checklist: s.checklist.id.clone(),
        }
    }

    fn order(&self) -> (DateTime<FixedOffset>, &str) {
        (self.created, &self.id)
    }
}

/// The session to compare `s` with: the latest of the same checklist created before it (ties on
/// `created` broken by id), as `zicha diff B` and the TUI's compare key pick it.
pub fn previous_of<'a>(all: &'a [SessionKey], s: &SessionKey) -> Option<&'a SessionKey> {
    all.iter()
        .filter(|x| x.checklist == s.checklist && x.order() < s.order())
        .max_by(|x, y| x.order().cmp(&y.order()))
}

/// The latest session of all (by `created`, then id), as `zicha diff` without arguments picks it.
pub fn latest(all: &[SessionKey]) -> Option<&SessionKey> {
    all.iter().max_by(|x, y| x.order().cmp(&y.order()))
}

impl From<&Summary> for SessionKey {
    fn from(s: &Summary) -> Self {
        SessionKey {
            created: s.created,
            id: s.id.clone(),
            checklist: s.checklist.clone(),
        }
    }
}
