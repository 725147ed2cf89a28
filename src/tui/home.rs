//! The home screen's state: the session list read from the summary index, grouped by checklist,
//! the damaged files, the checklists to start from and the broken ones, and which row is selected.

use std::path::PathBuf;

use super::app::App;
use crate::checklist::Text;
use crate::error::Result;
use crate::session::Summary;
use crate::session::index::{Entry, Quick};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HomeRow {
    /// A checklist heading over its sessions (index into `Home::titles`).
    Heading(usize),
    Session(usize),
    Damaged(usize),
    NewHeading,
    Checklist(usize),
    /// The heading over the broken checklists.
    BrokenHeading,
    /// A user checklist file that cannot be used (index into `App::broken`).
    Broken(usize),
    Empty,
}

/// A user checklist that failed to load: its file and every problem found (SPEC §2: listed as
/// broken with its errors, the rest works).
#[derive(Clone, Debug)]
pub struct BrokenChecklist {
    pub file: PathBuf,
    pub problems: Vec<crate::checklist::Problem>,
}

#[derive(Default)]
pub struct Home {
    /// What the summary index holds of each session (not the whole session: the list must stay light).
    pub sessions: Vec<Summary>,
    pub damaged: Vec<(String, String)>,
    pub titles: Vec<Text>,
    pub rows: Vec<HomeRow>,
    pub sel: usize,
    /// The first row shown, kept by `update` after every message (`Home::offset`): the list stays put
    /// while the selection is in view, so a click never moves it.
    pub top: usize,
    /// Ids of the sessions marked for comparing (at most two), in the order they were marked.
    pub marked: Vec<String>,
    /// Per session: what tells it apart from a row with the same name and date (`#2`, from its id).
    pub suffix: Vec<Option<String>>,
    /// The sessions are not all one person's: each row says whose it is.
    pub several: bool,
    /// The sessions dir as it was when the list was read: another process's new session changes it.
    pub stamp: Option<std::time::SystemTime>,
}

impl Home {
    /// Where the list of `height` rows is scrolled to now: `top` if the selection is still in view
    /// (checked again here, so that a resize never draws the selection off screen).
    pub fn offset(&self, height: usize) -> usize {
        crate::tui::layout::keep_in_view(self.top, self.sel, self.rows.len(), height, |i| {
            matches!(
                self.rows.get(i),
                Some(HomeRow::Heading(_) | HomeRow::NewHeading | HomeRow::BrokenHeading)
            )
        })
    }

    pub fn selectable(row: &HomeRow) -> bool {
        matches!(
            row,
            HomeRow::Session(_) | HomeRow::Damaged(_) | HomeRow::Checklist(_) | HomeRow::Broken(_)
        )
    }

    /// The selected session, if a session row is selected.
    pub fn selected(&self) -> Option<&Summary> {
        match self.rows.get(self.sel) {
            Some(HomeRow::Session(i)) => self.sessions.get(*i),
            _ => None,
        }
    }
}

/// What tells apart sessions of one checklist with the same name and date: the end of the id after
/// `<date>-<checklist>` (`#1` for none, `#2` for `-2`), else the whole id.
fn suffixes(sessions: &[Summary], several: bool) -> Vec<Option<String>> {
    // Borrowed: 10,000 sessions make 10,000 keys at every start.
    #[allow(clippy::type_complexity)]
    fn key(
        s: &Summary,
        several: bool,
    ) -> (
        &str,
        Option<&str>,
        chrono::NaiveDate,
        Option<(Option<&str>, Option<&str>)>,
    ) {
        (
            s.checklist.as_str(),
            crate::session::model::label_of(s.label.as_deref()),
            s.created.date_naive(),
            several.then(|| s.who()),
        )
    }
    // Rows that share a key are rare: each key is hashed (FNV), the hashes sorted, and only runs
    // of equal hashes are looked at closely (no map, no vector per session: 10,000 sessions).
    let hash = |i: usize| {
        use std::hash::{Hash, Hasher};
        let mut h = crate::session::index::Fnv::default();
        key(&sessions[i], several).hash(&mut h);
        h.finish()
    };
    let mut hashed: Vec<(u64, usize)> = (0..sessions.len()).map(|i| (hash(i), i)).collect();
    hashed.sort_unstable();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for run in hashed.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        // Equal hashes, and (almost always) equal keys: grouped by the keys themselves.
        let mut here: Vec<Vec<usize>> = Vec::new();
        for &(_, i) in run {
            let k = key(&sessions[i], several);
            match here.iter_mut().find(|g| key(&sessions[g[0]], several) == k) {
                Some(g) => g.push(i),
                None => here.push(vec![i]),
            }
        }
        groups.extend(here.into_iter().filter(|g| g.len() > 1));
    }
    let mut out = vec![None; sessions.len()];
    for members in &groups {
        let short = |s: &Summary| {
            let base = format!("{}-{}", s.created.format("%Y%m%d"), s.checklist);
            match s.id.strip_prefix(&base) {
                Some("") => Some("#1".to_string()),
                Some(rest) => rest
                    .strip_prefix('-')
                    .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
                    .map(|n| format!("#{n}")),
                None => None,
            }
        };
        let shorts: Vec<Option<String>> = members.iter().map(|&i| short(&sessions[i])).collect();
        let unique = shorts.iter().all(Option::is_some)
            && shorts
                .iter()
                .collect::<std::collections::HashSet<_>>()
                .len()
                == shorts.len();
        for (k, &i) in members.iter().enumerate() {
            out[i] = if unique {
                shorts[k].clone()
            } else {
                Some(sessions[i].id.clone())
            };
        }
    }
    out
}

impl App {
    /// Reads the session list for the home screen (from the summary index, see `session::index`).
    pub fn load_home(&mut self) -> Result<()> {
        // Taken before reading: a change made while the list is read shows at the next look.
        let stamp = self.sessions_dir_stamp();
        let entries = self.store.summaries()?;
        // This read checked every file: nothing is left to check.
        self.unverified = None;
        self.show_home(entries, Vec::new());
        self.home.stamp = stamp;
        Ok(())
    }

    /// [`App::load_home`] for the first frame (issue 16): when there is an index, its summaries
    /// are shown before the dir is read or any file's identity is checked, and
    /// [`App::check_home`] checks them (and removes stale lock files) right after that frame is
    /// drawn, before any key is read. Without one, the list is read in full, and stale lock
    /// files go at once, found by the same read of the dir.
    /// `index` is the summary index being decoded ([`crate::session::Store::prefetch_index`]).
    pub fn load_home_quick(&mut self, index: crate::session::index::Prefetch) -> Result<()> {
        let stamp = self.sessions_dir_stamp();
        let mut locked = Vec::new();
        match self.store.summaries_quick(index, &mut locked)? {
            Quick::Cached(sessions, unverified) => {
                self.unverified = Some(unverified);
                self.show_home(Vec::new(), sessions);
            }
            Quick::Read(entries) => {
                self.unverified = None;
                self.show_home(entries, Vec::new());
            }
        }
        self.home.stamp = stamp;
        if !locked.is_empty() {
            self.store.remove_stale_locks_of(&locked);
        }
        Ok(())
    }

    /// Checks the summaries the first frame was drawn from ([`App::load_home_quick`]) and reads
    /// the list again if a session was added or removed, or a file changed, since the index was
    /// written (an edit by hand, a copy). Returns whether the list was read again.
    pub fn check_home(&mut self) -> bool {
        let Some(unverified) = self.unverified.take() else {
            return false;
        };
        // The one read of the dir the first frame did without: the sessions there, and the
        // sidecar locks left by a zicha that was killed (none of them is held, so they go).
        let scan = self.store.scan();
        let holds = scan.as_ref().is_ok_and(|scan| {
            let mut shown: Vec<&str> = self.home.sessions.iter().map(|s| s.id.as_str()).collect();
            shown.sort_unstable();
            unverified.holds(&scan.ids, &shown)
        });
        if let Ok(scan) = &scan
            && !scan.locked.is_empty()
        {
            self.store.remove_stale_locks_of(&scan.locked);
        }
        if holds {
            return false;
        }
        if let Err(e) = self.load_home() {
            self.notice = Some(e.render(self.lang));
        }
        true
    }

    /// Shows `entries` and `sessions` (summaries) on Home.
    fn show_home(&mut self, entries: Vec<Entry>, sessions: Vec<Summary>) {
        // Shown as one line each: control and bidi characters from the file made visible (in
        // place: the same vector).
        let mut sessions: Vec<Summary> = sessions.into_iter().map(Summary::shown).collect();
        sessions.reserve(entries.len());
        let mut damaged = Vec::new();
        for entry in entries {
            match entry {
                Entry::Ok(s) => sessions.push(s.shown()),
                Entry::Damaged { id, error, .. } => damaged.push((id, error.render(self.lang))),
            }
        }
        self.set_home(sessions, damaged);
    }

    /// When the sessions dir last changed (a session created, saved, imported or removed).
    pub fn sessions_dir_stamp(&self) -> Option<std::time::SystemTime> {
        std::fs::metadata(self.store.sessions_dir())
            .and_then(|m| m.modified())
            .ok()
    }

    /// Groups sessions by checklist (most recently updated first), then the damaged, then checklists.
    pub fn set_home(&mut self, mut sessions: Vec<Summary>, damaged: Vec<(String, String)>) {
        // Sorted by position, then each moved into place once, in the same vector: a summary is a
        // few hundred bytes, sorting 10,000 of them in place moved each about 14 times, and a
        // second vector of them is 70 fresh pages at 1,000 (issue 16).
        let mut order: Vec<usize> = (0..sessions.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&sessions[a], &sessions[b]);
            a.checklist
                .cmp(&b.checklist)
                .then(b.updated.cmp(&a.updated))
                .then(a.id.cmp(&b.id))
        });
        permute(&mut sessions, order);
        let mut rows = Vec::new();
        let mut titles = Vec::new();
        let mut last: Option<&str> = None;
        for (i, s) in sessions.iter().enumerate() {
            if last != Some(s.checklist.as_str()) {
                titles.push((*s.checklist_title).clone());
                rows.push(HomeRow::Heading(titles.len() - 1));
                last = Some(&s.checklist);
            }
            rows.push(HomeRow::Session(i));
        }
        if sessions.is_empty() {
            rows.push(HomeRow::Empty);
        }
        for i in 0..damaged.len() {
            rows.push(HomeRow::Damaged(i));
        }
        rows.push(HomeRow::NewHeading);
        for i in 0..self.checklists.len() {
            rows.push(HomeRow::Checklist(i));
        }
        if !self.broken.is_empty() {
            rows.push(HomeRow::BrokenHeading);
        }
        for i in 0..self.broken.len() {
            rows.push(HomeRow::Broken(i));
        }
        // The selection stays on its session (found by id: indexes change when another process adds
        // one), else on the session last opened, else on the same kind of row.
        let keep_id = self
            .last_opened
            .take()
            .or_else(|| self.home.selected().map(|s| s.id.clone()));
        let keep = self.home.rows.get(self.home.sel).cloned();
        // Marks survive a reload (coming back from a session) as long as their session is still there.
        let mut marked = std::mem::take(&mut self.home.marked);
        marked.retain(|id| sessions.iter().any(|s| &s.id == id));
        let several = sessions
            .first()
            .is_some_and(|first| sessions.iter().any(|s| s.who() != first.who()));
        let suffix = suffixes(&sessions, several);
        let by_id = keep_id
            .and_then(|id| sessions.iter().position(|s| s.id == id))
            .and_then(|i| rows.iter().position(|r| *r == HomeRow::Session(i)));
        self.home = Home {
            sessions,
            damaged,
            titles,
            rows,
            sel: 0,
            // A reload (another process's change) leaves the list where it was.
            top: self.home.top,
            marked,
            suffix,
            several,
            stamp: None,
        };
        self.home.sel = by_id
            .or_else(|| {
                keep.filter(|k| !matches!(k, HomeRow::Session(_)))
                    .and_then(|k| self.home.rows.iter().position(|r| *r == k))
            })
            .filter(|&i| Home::selectable(&self.home.rows[i]))
            .or_else(|| self.home.rows.iter().position(Home::selectable))
            .unwrap_or(0);
    }
}

/// Puts `v[order[k]]` at `k` for every `k`, following each cycle of the permutation `order` with
/// swaps (no second vector).
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for i in 0..v.len() {
        let mut cur = i;
        while order[cur] != i {
            let next = order[cur];
            v.swap(cur, next);
            order[cur] = cur;
            cur = next;
        }
        order[cur] = cur;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn permute_puts_each_element_where_the_order_says() {
        // Every permutation of five elements (by Heap's algorithm), against building a new list.
        fn heap(k: usize, a: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            if k == 1 {
                out.push(a.clone());
                return;
            }
            for i in 0..k {
                heap(k - 1, a, out);
                a.swap(if k.is_multiple_of(2) { i } else { 0 }, k - 1);
            }
        }
        let mut all = Vec::new();
        heap(5, &mut (0..5).collect(), &mut all);
        assert_eq!(all.len(), 120);
        for order in all {
            let mut v = vec!["a", "b", "c", "d", "e"];
            let want: Vec<&str> = order.iter().map(|&i| v[i]).collect();
            super::permute(&mut v, order);
            assert_eq!(v, want);
        }
    }
}
