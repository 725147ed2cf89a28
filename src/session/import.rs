//! Taking sessions into the data dir all or nothing, even when the process is killed.
//!
//! 0. The staging dir is set up as `<data dir>/.newimport-<random>/` (mode 0700): its `.lock` is
//!    created and locked there, and only then is the dir renamed to `.import-<random>/`. So a
//!    `.import-` dir whose lock is free belongs to a dead import, always; recovery never takes a
//!    live import's dir for an orphan (it did, in the moment between creating the dir and locking
//!    it, and a concurrent import failed: issue 16).
//! 1. Every session is written, fsynced, into the staging dir as it is offered ([`Import::add`]) and
//!    dropped from memory: only its id, a digest of its text and its index summary are kept, so an
//!    import of 10,000 files needs a few MB, not every session at once.
//! 2. Each staged file is hard-linked into `sessions/` under its id; a name taken meanwhile (another
//!    `zicha new` or import) gets the next `-2`, `-3`… with `--rename`, or undoes the whole import.
//! 3. `commit` is written into the staging dir: from then on the import is done. The dir goes.
//!
//! [`recover`] (run when zicha starts) finishes what a killed import left: a staging dir without
//! `commit` is rolled back (each `sessions/` file that is still the very inode it staged is removed),
//! one with `commit` is only removed. Either way nothing half-imported and no copy of anyone's notes
//! stays behind, and running the same import again works.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::index::{Fingerprints, Fresh, Summary};
use super::model::Session;
use super::store::{self, Store};
use crate::error::{Error, Result};

const STAGE_PREFIX: &str = ".import-";
/// A staging dir being set up (its lock not yet taken); never holds a session. Not a prefix of
/// [`STAGE_PREFIX`]'s names: recovery must never take one for a staging dir.
const SETUP_PREFIX: &str = ".newimport-";
const COMMIT: &str = "commit";
const LOCK: &str = ".lock";

/// What happened to one session offered to [`import_all`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Imported under this id.
    Imported(String),
    /// The same session is here already (this id): nothing to do.
    AlreadyThere(String),
}

/// An import in progress: sessions are staged one at a time ([`Import::add`]) and taken in by
/// [`Import::finish`]. Dropped unfinished (an error, a refusal of the whole run), it takes back
/// whatever it linked and removes its staging dir.
pub struct Import<'a> {
    store: &'a Store,
    stage: PathBuf,
    lock: Option<File>,
    rename: bool,
    /// Ids in `sessions/` when the import began, and those staged since.
    taken: HashSet<String>,
    /// Staged in this run, by the id the session was offered with: the digest of its text and the
    /// id it was staged under (to tell a file handed in twice from a clash without keeping it).
    this_run: HashMap<String, (u64, String)>,
    /// Staged files, in order, each with its summary for the index.
    staged: Vec<(PathBuf, Summary)>,
    linked: Vec<PathBuf>,
    fingerprints: Fingerprints,
    done: bool,
}

/// What [`Import::add`] did with a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Added {
    /// Staged under this id (the offered one, or the next free one with `--rename`).
    Staged(String),
    /// The same session is in the data dir, or was offered earlier in this run, under this id.
    AlreadyThere(String),
}

impl<'a> Import<'a> {
    /// Recovers what killed imports left, then sets up a locked staging dir in the data dir.
    pub fn begin(store: &'a Store, rename: bool) -> Result<Import<'a>> {
        store.ensure()?;
        recover(store);
        let root = store.root().to_path_buf();
        let setup = tempfile::Builder::new()
            .prefix(SETUP_PREFIX)
            .rand_bytes(12)
            .tempdir_in(&root)
            .map_err(|e| Error::io(&root, e))?;
        let lock_path = setup.path().join(LOCK);
        let mut lock = File::create(&lock_path).map_err(|e| Error::io(&lock_path, e))?;
        lock.lock().map_err(|e| Error::io(&lock_path, e))?;
        write!(lock, "{}", std::process::id()).map_err(|e| Error::io(&lock_path, e))?;
        let random = setup
            .path()
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix(SETUP_PREFIX))
            .unwrap_or("x")
            .to_string();
        let stage = root.join(format!("{STAGE_PREFIX}{random}"));
        // Locked, it may take the name recovery looks at (on failure the setup dir goes with `setup`).
        fs::rename(setup.path(), &stage).map_err(|e| Error::io(&stage, e))?;
        let _ = setup.keep();
        let taken = store.ids()?.into_iter().collect();
        Ok(Import {
            store,
            stage,
            lock: Some(lock),
            rename,
            taken,
            this_run: HashMap::new(),
            staged: Vec::new(),
            linked: Vec::new(),
            fingerprints: Fingerprints::default(),
            done: false,
        })
    }

    /// Stages `s` (already validated). A session equal to one in the data dir, or to one offered
    /// earlier in this run under the same id, is already there. Another session with a taken id
    /// is staged under the next free id with `rename`, else refused (`SessionExists`, nothing
    /// staged: the caller may go on with the next one).
    pub fn add(&mut self, s: &Session) -> Result<Added> {
        let text = store::to_ron(s)?;
        let digest = fnv(text.as_bytes());
        if let Some((d, staged_as)) = self.this_run.get(&s.id)
            && *d == digest
            && self.staged_equals(staged_as, s)
        {
            return Ok(Added::AlreadyThere(s.id.clone()));
        }
        let mut id = s.id.clone();
        if self.taken.contains(&id) {
            if !self.this_run.contains_key(&id)
                && let Ok(here) = self.store.load(&id)
                && here.session.same_content(s)
            {
                return Ok(Added::AlreadyThere(id));
            }
            if !self.rename {
                return Err(Error::SessionExists(id));
            }
            // Taken in under --rename by an earlier run: `<id>-2`, `<id>-3`… holding the same
            // session is that copy, not a reason for one more.
            if let Some(copy) = self.renamed_copy_of(s) {
                return Ok(Added::AlreadyThere(copy));
            }
            id = store::free_id(&id, &self.taken);
        }
        let (file, summary) = if id == s.id {
            store::check_size(&id, text.len())?;
            let file = write_staged(&self.stage, &id, &text)?;
            (file, Summary::of_cached(s, &mut self.fingerprints))
        } else {
            let mut renamed = s.clone();
            renamed.id.clone_from(&id);
            let file = stage_one(&self.stage, &renamed)?;
            (file, Summary::of_cached(&renamed, &mut self.fingerprints))
        };
        self.taken.insert(id.clone());
        self.this_run
            .entry(s.id.clone())
            .or_insert((digest, id.clone()));
        self.staged.push((file, summary));
        Ok(Added::Staged(id))
    }

    /// A session already in the data dir as `<id>-N` (as `--rename` names a copy) with the same
    /// content as `s`.
    fn renamed_copy_of(&self, s: &Session) -> Option<String> {
        let prefix = format!("{}-", s.id);
        let mut copies: Vec<&String> = self
            .taken
            .iter()
            .filter(|t| {
                t.strip_prefix(&prefix)
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
            .collect();
        copies.sort();
        copies.into_iter().find_map(|id| {
            let here = self.store.load(id).ok()?;
            here.session.same_content(s).then(|| id.clone())
        })
    }

    /// Whether the session staged as `id` is `s` (offered with its own id).
    fn staged_equals(&self, id: &str, s: &Session) -> bool {
        let path = self.stage.join(format!("{id}.ron"));
        super::file::read_limited(&path, store::MAX_SESSION_BYTES)
            .ok()
            .and_then(|b| store::parse_session(&path, &b).ok())
            .is_some_and(|l| l.session.same_content(s))
    }

    /// How many sessions are staged.
    pub fn len(&self) -> usize {
        self.staged.len()
    }

    pub fn is_empty(&self) -> bool {
        self.staged.is_empty()
    }

    /// Links every staged session into `sessions/` and commits; returns the id each was taken
    /// under, in the order they were added (one may differ from what [`Import::add`] said, when
    /// another process took that id meanwhile and `rename` is on), and their summaries for the
    /// index, keyed to the files as they now are. `fault` is called after each link, so that tests
    /// can stop the import there.
    pub fn finish(
        mut self,
        fault: &mut dyn FnMut(usize) -> io::Result<()>,
    ) -> Result<(Vec<String>, Fresh)> {
        let lock_path = self.stage.join(LOCK);
        crate::files::sync_dir(&lock_path).map_err(|e| Error::io(&self.stage, e))?;
        let root = self.store.root().to_path_buf();
        let mut staged = std::mem::take(&mut self.staged);
        for (n, (file, summary)) in staged.iter_mut().enumerate() {
            let target = self.link_in(file, summary)?;
            self.linked.push(target);
            fault(n).map_err(|e| Error::io(&self.stage, e))?;
        }
        crate::files::sync_dir(&self.store.session_path("x")).map_err(|e| Error::io(&root, e))?;
        let commit = self.stage.join(COMMIT);
        File::create(&commit)
            .and_then(|f| f.sync_all())
            .and_then(|()| crate::files::sync_dir(&commit))
            .map_err(|e| Error::io(&commit, e))?;
        self.done = true;
        self.lock = None;
        // Done: the staging dir (and its second names of the files) goes.
        let _ = fs::remove_dir_all(&self.stage);
        // Only now, with the second names gone (which changes each file's ctime), do the files
        // have the identity the index keys them by.
        let mut fresh = Fresh::default();
        let mut ids = Vec::with_capacity(staged.len());
        for (target, (_, summary)) in self.linked.iter().zip(staged) {
            ids.push(summary.id.clone());
            fresh.add(target, summary);
        }
        Ok((ids, fresh))
    }

    /// Links the staged `file` of `summary.id` into `sessions/`. If the id was taken meanwhile:
    /// with `rename`, restages it under the next free id and tries again; else `SessionExists`.
    fn link_in(&mut self, file: &mut PathBuf, summary: &mut Summary) -> Result<PathBuf> {
        loop {
            let target = self.store.session_path(&summary.id);
            match fs::hard_link(&*file, &target) {
                Ok(()) => return Ok(target),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && self.rename => {
                    self.taken.insert(summary.id.clone());
                    self.taken.extend(self.store.ids()?);
                    let bytes = super::file::read_limited(file, store::MAX_SESSION_BYTES)?;
                    let mut s = store::parse_session(file, &bytes)?.session;
                    let _ = fs::remove_file(&*file);
                    s.id = store::free_id(&summary.id, &self.taken);
                    self.taken.insert(s.id.clone());
                    *file = stage_one(&self.stage, &s)?;
                    summary.id.clone_from(&s.id);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    return Err(Error::SessionExists(summary.id.clone()));
                }
                Err(e) => return Err(Error::io(&target, e)),
            }
        }
    }
}

impl Drop for Import<'_> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        for target in &self.linked {
            let _ = fs::remove_file(target);
        }
        if !self.linked.is_empty() {
            let _ = crate::files::sync_dir(&self.store.session_path("x"));
        }
        self.lock = None;
        let _ = fs::remove_dir_all(&self.stage);
    }
}

/// Imports `sessions` (already validated) into `store`: all of them or, on any error, none.
/// `fault` is called after each session is linked in, so that tests can stop the import there.
pub fn import_all(
    store: &Store,
    sessions: Vec<Session>,
    rename: bool,
    fault: &mut dyn FnMut(usize) -> io::Result<()>,
) -> Result<Vec<Outcome>> {
    let mut import = Import::begin(store, rename)?;
    let mut added = Vec::with_capacity(sessions.len());
    for s in sessions {
        added.push(import.add(&s)?);
    }
    let (ids, _) = import.finish(fault)?;
    let mut ids = ids.into_iter();
    Ok(added
        .into_iter()
        .map(|a| match a {
            Added::Staged(id) => Outcome::Imported(ids.next().unwrap_or(id)),
            Added::AlreadyThere(id) => Outcome::AlreadyThere(id),
        })
        .collect())
}

/// FNV-1a: a digest of a staged text, to find a session offered twice without keeping it.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes `s` into the staging dir as `<id>.ron`, fsynced; the size limit is checked first.
fn stage_one(stage: &Path, s: &Session) -> Result<PathBuf> {
    let text = store::to_ron(s)?;
    store::check_size(&s.id, text.len())?;
    write_staged(stage, &s.id, &text)
}

fn write_staged(stage: &Path, id: &str, text: &str) -> Result<PathBuf> {
    let file = stage.join(format!("{id}.ron"));
    // 0600 like every file holding someone's notes (the hard link into `sessions/` keeps it).
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(&file).map_err(|e| Error::io(&file, e))?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| Error::io(&file, e))?;
    Ok(file)
}

/// Finishes imports that a killed zicha left half done (see the module header).
/// Best effort: what cannot be cleaned now is tried again at the next start.
pub fn recover(store: &Store) {
    let Ok(entries) = fs::read_dir(store.root()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if name.starts_with(STAGE_PREFIX) {
            recover_stage(store, &entry.path());
        } else if name.starts_with(SETUP_PREFIX) && older_than_a_minute(&entry.path()) {
            // A kill while setting up: nothing is ever staged there. A younger one may be an
            // import setting up right now (microseconds), so it waits a minute.
            let _ = fs::remove_dir_all(entry.path());
        }
    }
    // Temp files a killed writer left in `sessions/` are swept by the listing of the ids
    // (`Store::ids`, see `file::sweep_old_temp`), which reads that dir anyway: scanning 10,000
    // names here at every start made even `export ID` grow with the number of sessions.
}

/// A staging dir is named `.import-` only once its import holds its lock (see the module header),
/// so a free lock, or none, means its import is dead: roll it back, or finish a committed one.
fn recover_stage(store: &Store, stage: &Path) {
    let lock_path = stage.join(LOCK);
    // Never create the lock here (a planted symlink is not followed either).
    let _lock = match crate::files::open_lock(&lock_path, false) {
        Ok(f) => match f.try_lock() {
            Ok(()) => f,
            // Its import is still running.
            Err(_) => return,
        },
        Err(_) => match File::open(stage) {
            Ok(f) => f,
            Err(_) => return,
        },
    };
    if !stage.join(COMMIT).exists() {
        let Ok(files) = fs::read_dir(stage) else {
            return;
        };
        for f in files.flatten() {
            let name = f.file_name();
            let Some(name) = name.to_str().filter(|n| n.ends_with(".ron")) else {
                continue;
            };
            let target = store.sessions_dir().join(name);
            if same_inode(&f.path(), &target) {
                let _ = fs::remove_file(&target);
            }
        }
        let _ = crate::files::sync_dir(&store.session_path("x"));
    }
    let _ = fs::remove_dir_all(stage);
}

fn same_inode(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
            (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

fn older_than_a_minute(path: &Path) -> bool {
    fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 60)
}
