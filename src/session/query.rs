//! Questions asked of many sessions at once, answered from what a list already holds (no file is
//! read): which session is the one before this one, which is the latest. `zicha diff` and the TUI's
//! Compare key both pick sessions here, so they pick the same ones.

use chrono::{DateTime, FixedOffset};

use super::Session;
use super::index::Summary;
use super::model::Respondent;

/// What picking sessions to compare needs to know of each: enough to order them, match checklists
/// and respondents, and follow `from`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionKey {
    pub created: DateTime<FixedOffset>,
    pub updated: DateTime<FixedOffset>,
    pub id: String,
    pub checklist: String,
    pub respondent: Respondent,
    /// The session this one was carried forward from.
    pub from: Option<String>,
}

impl SessionKey {
    pub fn of(s: &Session) -> Self {
        SessionKey {
            created: s.created,
            updated: s.updated,
            id: s.id.clone(),
            checklist: s.checklist.id.clone(),
            respondent: s.respondent(),
            from: s.from.clone(),
        }
    }

    fn order(&self) -> (DateTime<FixedOffset>, &str) {
        (self.created, &self.id)
    }
}

/// The session to compare `s` with (SPEC §10): the one it was carried forward from, if that is
/// here; else the latest of the same checklist and the same respondent created before it (ties on
/// `created` broken by id). Never another person's session. `zicha diff B` and the TUI's compare
/// key both pick it here.
pub fn previous_of<'a>(all: &'a [SessionKey], s: &SessionKey) -> Option<&'a SessionKey> {
    if let Some(from) = &s.from
        && let Some(p) = all
            .iter()
            .find(|x| &x.id == from && x.checklist == s.checklist)
    {
        return Some(p);
    }
    all.iter()
        .filter(|x| {
            x.checklist == s.checklist && x.respondent == s.respondent && x.order() < s.order()
        })
        .max_by(|x, y| x.order().cmp(&y.order()))
}

/// The most recently updated session of all (then by `created`, then id), as `zicha diff` without
/// arguments picks it.
pub fn latest(all: &[SessionKey]) -> Option<&SessionKey> {
    all.iter()
        .max_by(|x, y| (x.updated, x.order()).cmp(&(y.updated, y.order())))
}

/// The most recently updated summary (of `checklist`, if given): whose trend `zicha trend` shows
/// by default.
pub fn most_recent<'a>(all: &'a [Summary], checklist: Option<&str>) -> Option<&'a Summary> {
    all.iter()
        .filter(|s| checklist.is_none_or(|c| c == s.checklist))
        .max_by(|x, y| (x.updated, x.created, &x.id).cmp(&(y.updated, y.created, &y.id)))
}

impl From<&Summary> for SessionKey {
    fn from(s: &Summary) -> Self {
        SessionKey {
            created: s.created,
            updated: s.updated,
            id: s.id.clone(),
            checklist: s.checklist.clone(),
            respondent: s.respondent(),
            from: s.from.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str, created: &str, name: Option<&str>, from: Option<&str>) -> SessionKey {
        let at = DateTime::parse_from_rfc3339(created).unwrap();
        SessionKey {
            created: at,
            updated: at,
            id: id.into(),
            checklist: "c".into(),
            respondent: Respondent::new(name, None),
            from: from.map(String::from),
        }
    }

    #[test]
    fn the_previous_session_is_the_from_else_the_same_persons_latest_earlier() {
        let all = [
            key("zs-q1", "2026-03-01T00:00:00Z", Some("张三"), None),
            key("ls-q1", "2026-03-02T00:00:00Z", Some("李四"), None),
            key("zs-q2", "2026-06-01T00:00:00Z", Some(" 张三 "), None),
            key("zs-q3", "2026-09-01T00:00:00Z", Some("张三"), Some("zs-q1")),
            key("ls-q2", "2026-09-02T00:00:00Z", Some("李四"), None),
            key("me", "2026-09-03T00:00:00Z", None, None),
        ];
        let prev = |i: usize| previous_of(&all, &all[i]).map(|k| k.id.as_str());
        assert_eq!(prev(2), Some("zs-q1"));
        assert_eq!(prev(3), Some("zs-q1"), "from wins over the latest earlier");
        assert_eq!(prev(4), Some("ls-q1"));
        assert_eq!(prev(5), None, "the local user is a respondent of its own");
        assert_eq!(prev(0), None);
        assert_eq!(latest(&all).map(|k| k.id.as_str()), Some("me"));
    }
}
