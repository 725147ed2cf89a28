//! Summaries of every session, for lists, without parsing 1,000 full files at each start.
//!
//! `sessions/.index.json` caches one [`Summary`] per session file together with the file's identity
//! (size, modification and change times in nanoseconds, inode). A cached summary is used only when the
//! file's identity is unchanged, so the index can never disagree with the files: any write, by zicha or by
//! hand, changes the identity and the file is parsed again. The index is a cache: if it is missing,
//! damaged or unwritable, everything still works, only slower.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::model::{Progress, Rating, Respondent, Session};
use crate::checklist::Text;
use crate::error::{Error, Result};

const INDEX_FILE: &str = ".index.json";
// 4: fingerprints hash the JSON form (issue 16); older indexes are rebuilt.
const INDEX_VERSION: u32 = 4;
/// An index larger than this is ignored (10,000 sessions make a few MiB).
const MAX_INDEX_BYTES: u64 = 256 * 1024 * 1024;

/// What a list needs to show about one session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub checklist: String,
    pub checklist_title: Text,
    pub checklist_version: u32,
    pub label: Option<String>,
    pub name: Option<String>,
    pub unit: Option<String>,
    /// The session this one was carried forward from.
    pub from: Option<String>,
    pub created: DateTime<FixedOffset>,
    pub updated: DateTime<FixedOffset>,
    pub rated: usize,
    pub items: usize,
    /// Due dates of the open actions (`None`: no date), so that "overdue" can be counted for any day.
    pub open_dues: Vec<Option<NaiveDate>>,
    /// Every item's rating, in the embedded checklist's item order (for trend).
    pub ratings: Vec<Rating>,
    /// Tells embedded checklists apart: sessions with equal fingerprints embed the same checklist, so
    /// a report needs to load only one of them to know every item's text.
    pub fingerprint: u64,
}

impl Summary {
    pub fn of(s: &Session) -> Summary {
        let p = s.progress(NaiveDate::MIN);
        Summary {
            id: s.id.clone(),
            checklist: s.checklist.id.clone(),
            checklist_title: s.checklist.title.clone(),
            checklist_version: s.checklist.version,
            label: s.label.clone(),
            name: s.name.clone(),
            unit: s.unit.clone(),
            from: s.from.clone(),
            created: s.created,
            updated: s.updated,
            rated: p.rated,
            items: p.items,
            open_dues: s
                .answers
                .iter()
                .flat_map(|a| &a.actions)
                .filter(|a| a.is_open())
                .map(|a| a.due)
                .collect(),
            ratings: s.answers.iter().map(|a| a.rating).collect(),
            fingerprint: fingerprint(&s.checklist),
        }
    }

    pub fn progress(&self, today: NaiveDate) -> Progress {
        Progress {
            rated: self.rated,
            items: self.items,
            open_actions: self.open_dues.len(),
            overdue_actions: self
                .open_dues
                .iter()
                .filter(|&&d| super::model::past_due(d, today))
                .count(),
        }
    }

    /// The summary with the texts a list shows (label, name, unit, checklist title) as one line
    /// each, control and bidi characters made visible. Field by field: cheap for 10,000 sessions.
    pub fn shown(mut self) -> Summary {
        let line = |s: &mut String| {
            if let std::borrow::Cow::Owned(safe) = crate::sanitize::line(s) {
                *s = safe;
            }
        };
        for s in [&mut self.label, &mut self.name, &mut self.unit]
            .into_iter()
            .flatten()
        {
            line(s);
        }
        line(&mut self.checklist_title.zh);
        line(&mut self.checklist_title.en);
        self
    }

    /// Who the session is about (the same trimming as [`Session::respondent`]).
    pub fn respondent(&self) -> Respondent {
        Respondent::new(self.name.as_deref(), self.unit.as_deref())
    }

    /// The label if set, else the id (see [`super::model::display_name`]).
    pub fn display_label(&self) -> &str {
        super::model::display_name(self.label.as_deref(), &self.id)
    }
}

/// FNV-1a over the checklist's JSON form, streamed into the hash (no string built): stable across
/// runs and platforms, unlike `DefaultHasher`. (It was the RON form: `ron` escapes one character at a
/// time, and that was ≈ 40 % of rebuilding the index, issue 16.)
pub fn fingerprint(c: &crate::checklist::Checklist) -> u64 {
    struct Fnv(u64);
    impl std::io::Write for Fnv {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            for &b in buf {
                self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    // Writing into memory cannot fail; a checklist always serialises.
    let _ = serde_json::to_writer(&mut h, c);
    h.0
}

/// One line of a session list: a summary, or a file that could not be read and why.
#[derive(Debug)]
pub enum Entry {
    Ok(Summary),
    Damaged {
        id: String,
        path: PathBuf,
        error: Error,
    },
}

/// A file's identity: any write to it changes at least one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Identity {
    len: u64,
    mtime_ns: i128,
    ctime_ns: i128,
    inode: u64,
}

fn identity(path: &Path) -> Option<Identity> {
    let m = fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(Identity {
            len: m.len(),
            mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
            ctime_ns: i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
            inode: m.ino(),
        })
    }
    #[cfg(not(unix))]
    {
        let mtime = m
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos() as i128;
        Some(Identity {
            len: m.len(),
            mtime_ns: mtime,
            ctime_ns: 0,
            inode: 0,
        })
    }
}

#[derive(Default, Serialize, Deserialize)]
struct IndexFile {
    version: u32,
    entries: HashMap<String, (Identity, Summary)>,
}

/// The index as written: borrows the summaries just listed instead of copying them.
#[derive(Serialize)]
struct IndexRef<'a> {
    version: u32,
    entries: HashMap<&'a str, (Identity, &'a Summary)>,
}

/// Summaries of the sessions `ids` in `dir` (sorted by id, as given), `read` parsing one file. Parses
/// only files that changed since the index was written, and rewrites the index (best effort) when
/// anything changed. The store calls this; the index knows the cache file, not the store.
pub fn summaries(
    dir: &Path,
    ids: Vec<String>,
    session_path: impl Fn(&str) -> PathBuf,
    read: impl Fn(&Path) -> Result<Session>,
) -> Vec<Entry> {
    let index_path = dir.join(INDEX_FILE);
    // Bounded, regular files only: a FIFO or a huge file in its place must not hang the listing.
    let mut index: IndexFile = super::file::read_limited(&index_path, MAX_INDEX_BYTES)
        .ok()
        .and_then(|b| serde_json::from_slice::<IndexFile>(&b).ok())
        .filter(|i| i.version == INDEX_VERSION)
        .unwrap_or_default();
    let mut changed = false;
    // Each readable session's summary goes to `out` once; the index to write borrows from it.
    let mut out = Vec::with_capacity(ids.len());
    let mut idents = Vec::with_capacity(ids.len());
    for id in ids {
        let path = session_path(&id);
        let Some(ident) = identity(&path) else {
            continue;
        };
        // A cache, never an authority: an entry counts only for the file it is keyed by, and only
        // if it names that same session (a hand-edited `"id": "../../evil"` is ignored).
        if let Some((cached, summary)) = index.entries.remove(&id)
            && cached == ident
            && summary.id == id
        {
            out.push(Entry::Ok(summary));
            idents.push(ident);
            continue;
        }
        changed = true;
        match read(&path) {
            Ok(session) => out.push(Entry::Ok(Summary::of(&session))),
            Err(error) => out.push(Entry::Damaged { id, path, error }),
        }
        idents.push(ident);
    }
    // Entries left in the old index belong to files that are gone.
    changed |= !index.entries.is_empty();
    if changed {
        let entries = out
            .iter()
            .zip(&idents)
            .filter_map(|(e, ident)| match e {
                Entry::Ok(s) => Some((s.id.as_str(), (*ident, s))),
                Entry::Damaged { .. } => None,
            })
            .collect();
        let file = IndexRef {
            version: INDEX_VERSION,
            entries,
        };
        if let Ok(bytes) = serde_json::to_vec(&file) {
            // A cache: failing to write it (read-only dir, full disk) must not fail the listing.
            let _ = super::file::atomic_write(&index_path, &bytes);
        }
        remove_stale_index_temps(dir);
    }
    out
}

/// Removes `..index.json.<pid>.tmp` files left by a zicha killed while writing the index. Only files
/// older than a minute: a younger one may belong to another zicha writing the index right now.
fn remove_stale_index_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_temp = name
            .to_str()
            .is_some_and(|n| super::file::temp_of(n, INDEX_FILE));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 60);
        if is_temp && old {
            let _ = fs::remove_file(entry.path());
        }
    }
}
