//! What the home screen shows of each session, cached so that start-up does not parse every file.
//!
//! Parsing 1,000 session files (each embeds its checklist) takes far longer than the 50 ms start-up
//! budget of SPEC §8. The cache keeps one summary per session keyed by the file's size and
//! modification time; a file that changed (or is new) is parsed again. The cache is only a cache:
//! if it is missing, stale, unreadable or cannot be written, the files are read as before.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::UNIX_EPOCH;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::app::HomeSession;
use crate::checklist::Text;
use crate::error::Result;
use crate::i18n::Lang;
use crate::session::{Progress, Session, Store};

/// Bumped when the shape of [`Summary`] changes, so an old cache is ignored rather than misread.
const VERSION: u32 = 1;

/// The cache file, in the data dir (safe to delete).
pub fn cache_path(store: &Store) -> PathBuf {
    store.root().join("home-cache.json")
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
struct Summary {
    checklist: String,
    checklist_title: Text,
    label: String,
    created: DateTime<FixedOffset>,
    updated: DateTime<FixedOffset>,
    rated: usize,
    items: usize,
    /// Due dates of the open actions: "overdue" depends on the day the list is shown.
    open_due: Vec<Option<NaiveDate>>,
}

impl Summary {
    fn of(s: &Session) -> Summary {
        let p = s.progress(s.created.date_naive());
        Summary {
            checklist: s.checklist.id.clone(),
            checklist_title: s.checklist.title.clone(),
            label: s.display_label().to_string(),
            created: s.created,
            updated: s.updated,
            rated: p.rated,
            items: p.items,
            open_due: s
                .answers
                .iter()
                .flat_map(|a| &a.actions)
                .filter(|a| a.is_open())
                .map(|a| a.due)
                .collect(),
        }
    }

    fn home(&self, id: &str, today: NaiveDate) -> HomeSession {
        HomeSession {
            id: id.to_string(),
            checklist: self.checklist.clone(),
            checklist_title: self.checklist_title.clone(),
            label: self.label.clone(),
            created: self.created,
            updated: self.updated,
            progress: Progress {
                rated: self.rated,
                items: self.items,
                open_actions: self.open_due.len(),
                overdue_actions: self
                    .open_due
                    .iter()
                    .filter(|d| d.is_some_and(|d| d < today))
                    .count(),
            },
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
struct Entry {
    len: u64,
    mtime_ns: u128,
    summary: Summary,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    version: u32,
    entries: HashMap<String, Entry>,
}

/// The readable sessions, and each damaged file's id with its error.
pub type Listing = (Vec<HomeSession>, Vec<(String, String)>);

/// Every session for the home screen, and the damaged files with their error in `lang`.
pub fn load(store: &Store, lang: Lang, today: NaiveDate) -> Result<Listing> {
    let ids = store.ids()?;
    let path = cache_path(store);
    let mut cache = std::fs::read(&path)
        .ok()
        .and_then(|b| serde_json::from_slice::<Cache>(&b).ok())
        .filter(|c| c.version == VERSION)
        .unwrap_or_default();
    let mut changed = false;
    let mut fresh = HashMap::with_capacity(ids.len());
    let mut sessions = Vec::with_capacity(ids.len());
    let mut damaged = Vec::new();
    for id in ids {
        let file = store.session_path(&id);
        let stamp = std::fs::metadata(&file).ok().map(|m| {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            (m.len(), mtime)
        });
        let cached = cache
            .entries
            .remove(&id)
            .filter(|e| stamp == Some((e.len, e.mtime_ns)));
        let entry = match (cached, stamp) {
            (Some(e), _) => e,
            (None, stamp) => match store.load(&id) {
                Ok(loaded) => {
                    changed = true;
                    let (len, mtime_ns) = stamp.unwrap_or_default();
                    Entry {
                        len,
                        mtime_ns,
                        summary: Summary::of(&loaded.session),
                    }
                }
                Err(e) => {
                    damaged.push((id, e.render(lang)));
                    continue;
                }
            },
        };
        sessions.push(entry.summary.home(&id, today));
        fresh.insert(id, entry);
    }
    // Entries of deleted sessions are left behind in `cache.entries`: dropping them is a change.
    changed |= !cache.entries.is_empty();
    if changed {
        let cache = Cache {
            version: VERSION,
            entries: fresh,
        };
        if let Ok(bytes) = serde_json::to_vec(&cache) {
            // A cache that cannot be written is only slower next time.
            let _ = crate::session::store::atomic_write(&path, &bytes);
        }
    }
    Ok((sessions, damaged))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::NewSession;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap()
    }

    fn checklist() -> crate::checklist::Checklist {
        crate::checklist::bundled::all()
            .into_iter()
            .next()
            .unwrap()
            .1
            .unwrap()
    }

    #[test]
    fn the_cache_follows_changed_new_deleted_and_damaged_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let a = store
            .create(checklist(), NewSession::default(), now())
            .unwrap();
        let b = store
            .create(checklist(), NewSession::default(), now())
            .unwrap();
        let today = now().date_naive();
        let (list, damaged) = load(&store, Lang::En, today).unwrap();
        assert_eq!((list.len(), damaged.len()), (2, 0));
        assert!(cache_path(&store).exists());

        // A changed file is read again, not taken from the cache.
        let mut s = store.load(&a.id).unwrap().session;
        s.answers[0].rating = crate::session::Rating::Value(1);
        s.answers[0].actions.push(crate::session::Action {
            text: "x".into(),
            due: NaiveDate::from_ymd_opt(2026, 1, 1),
            ..Default::default()
        });
        store.save(&s, crate::session::model::FORMAT).unwrap();
        // A deleted one disappears, a damaged one is listed as damaged.
        std::fs::remove_file(store.session_path(&b.id)).unwrap();
        std::fs::write(store.session_path("broken"), "(format: 1,").unwrap();
        let (list, damaged) = load(&store, Lang::En, today).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].progress.rated, 1);
        assert_eq!(list[0].progress.open_actions, 1);
        assert_eq!(list[0].progress.overdue_actions, 1);
        assert_eq!(damaged.len(), 1);
        assert_eq!(damaged[0].0, "broken");

        // A garbage cache is ignored, not trusted.
        std::fs::write(cache_path(&store), "not json").unwrap();
        let (list, _) = load(&store, Lang::En, today).unwrap();
        assert_eq!(list[0].progress.rated, 1);
    }
}
