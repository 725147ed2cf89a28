//! Taking sessions into the data dir all or nothing, even when the process is killed.
//!
//! 1. Every session is written, fsynced, into a staging dir `<data dir>/.import-<random>/` (same file
//!    system as `sessions/`, mode 0700), which holds a locked `.lock` while its import runs.
//! 2. Each staged file is hard-linked into `sessions/` under its id; a name taken meanwhile (another
//!    `zicha new` or import) gets the next `-2`, `-3`… with `--rename`, or undoes the whole import.
//! 3. `commit` is written into the staging dir: from then on the import is done. The dir goes.
//!
//! [`recover`] (run when zicha starts) finishes what a killed import left: a staging dir without
//! `commit` is rolled back (each `sessions/` file that is still the very inode it staged is removed),
//! one with `commit` is only removed. Either way nothing half-imported and no copy of anyone's notes
//! stays behind, and running the same import again works.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::model::Session;
use super::store::{self, Store};
use crate::error::{Error, Result};

const STAGE_PREFIX: &str = ".import-";
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

/// Imports `sessions` (already validated) into `store`: all of them or, on any error, none.
/// `fault` is called after each session is linked in, so that tests can stop the import there.
pub fn import_all(
    store: &Store,
    sessions: Vec<Session>,
    rename: bool,
    fault: &mut dyn FnMut(usize) -> io::Result<()>,
) -> Result<Vec<Outcome>> {
    store.ensure()?;
    recover(store);
    let root = store.root().to_path_buf();
    let stage = tempfile::Builder::new()
        .prefix(STAGE_PREFIX)
        .rand_bytes(12)
        .tempdir_in(&root)
        .map_err(|e| Error::io(&root, e))?;
    let lock_path = stage.path().join(LOCK);
    let mut lock = File::create(&lock_path).map_err(|e| Error::io(&lock_path, e))?;
    lock.lock().map_err(|e| Error::io(&lock_path, e))?;
    // Written only once locked: an empty lock file is one that is about to be locked (see recover).
    write!(lock, "{}", std::process::id()).map_err(|e| Error::io(&lock_path, e))?;

    let mut taken: HashSet<String> = store.ids()?.into_iter().collect();
    let mut outcomes = Vec::with_capacity(sessions.len());
    let mut staged: Vec<(Session, PathBuf)> = Vec::new();
    for mut s in sessions {
        if taken.contains(&s.id) {
            if let Ok(here) = store.load(&s.id)
                && here.session == s
            {
                outcomes.push(Outcome::AlreadyThere(s.id));
                continue;
            }
            if !rename {
                return Err(Error::SessionExists(s.id));
            }
            s.id = store::free_id(&s.id, &taken);
        }
        taken.insert(s.id.clone());
        let file = stage_one(stage.path(), &s)?;
        outcomes.push(Outcome::Imported(s.id.clone()));
        staged.push((s, file));
    }
    crate::files::sync_dir(&lock_path).map_err(|e| Error::io(stage.path(), e))?;

    let mut linked: Vec<PathBuf> = Vec::new();
    let result = (|| {
        for (n, (s, file)) in staged.iter_mut().enumerate() {
            let old_id = s.id.clone();
            let target = link_in(store, s, file, rename, &mut taken)?;
            if s.id != old_id
                && let Some(o) = outcomes
                    .iter_mut()
                    .find(|o| matches!(o, Outcome::Imported(id) if *id == old_id))
            {
                *o = Outcome::Imported(s.id.clone());
            }
            linked.push(target);
            fault(n).map_err(|e| Error::io(stage.path(), e))?;
        }
        crate::files::sync_dir(&store.session_path("x")).map_err(|e| Error::io(&root, e))?;
        let commit = stage.path().join(COMMIT);
        File::create(&commit)
            .and_then(|f| f.sync_all())
            .and_then(|()| crate::files::sync_dir(&commit))
            .map_err(|e| Error::io(&commit, e))
    })();
    if let Err(e) = result {
        for target in &linked {
            let _ = fs::remove_file(target);
        }
        let _ = crate::files::sync_dir(&store.session_path("x"));
        return Err(e);
    }
    drop(lock);
    // Done: the staging dir (and its second names of the files) goes.
    let _ = stage.close();
    Ok(outcomes)
}

/// Writes `s` into the staging dir as `<id>.ron`, fsynced; the size limit is checked first.
fn stage_one(stage: &Path, s: &Session) -> Result<PathBuf> {
    let text = store::to_ron(s)?;
    store::check_size(&s.id, text.len())?;
    let file = stage.join(format!("{}.ron", s.id));
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

/// Links the staged `file` of `s` into `sessions/`. If the id was taken meanwhile: with `rename`,
/// restages `s` under the next free id and tries again; else `SessionExists`.
fn link_in(
    store: &Store,
    s: &mut Session,
    file: &mut PathBuf,
    rename: bool,
    taken: &mut HashSet<String>,
) -> Result<PathBuf> {
    loop {
        let target = store.session_path(&s.id);
        match fs::hard_link(&*file, &target) {
            Ok(()) => return Ok(target),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && rename => {
                taken.insert(s.id.clone());
                taken.extend(store.ids()?);
                let stage = crate::files::parent_dir(file).to_path_buf();
                let _ = fs::remove_file(&*file);
                let base = s.id.clone();
                s.id = store::free_id(&base, taken);
                taken.insert(s.id.clone());
                *file = stage_one(&stage, s)?;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(Error::SessionExists(s.id.clone()));
            }
            Err(e) => return Err(Error::io(&target, e)),
        }
    }
}

/// Finishes imports that a killed zicha left half done (see the module header), and removes temp
/// files in `sessions/` older than a minute (a writer's temp file lives for milliseconds).
/// Best effort: what cannot be cleaned now is tried again at the next start.
pub fn recover(store: &Store) {
    let Ok(entries) = fs::read_dir(store.root()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_stage = name.to_str().is_some_and(|n| n.starts_with(STAGE_PREFIX))
            && entry.file_type().is_ok_and(|t| t.is_dir());
        if is_stage {
            recover_stage(store, &entry.path());
        }
    }
    remove_old_temps(&store.sessions_dir());
}

fn recover_stage(store: &Store, stage: &Path) {
    let lock_path = stage.join(LOCK);
    // Never create the lock here: a dir without one belongs to an import that is just starting.
    let _lock = match crate::files::open_lock(&lock_path, false) {
        Ok(f) => match f.try_lock() {
            // Unlocked but empty: its import created it and is about to lock it, unless it is old.
            Ok(()) if f.metadata().is_ok_and(|m| m.len() == 0) && !older_than_a_minute(stage) => {
                return;
            }
            Ok(()) => f,
            // Its import is still running.
            Err(_) => return,
        },
        // No lock yet: just created by an import that is about to take it, unless it is old.
        Err(_) if !older_than_a_minute(stage) => return,
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

/// Temp files (`.<name>.<random>.tmp`) in `sessions/` that are older than a minute.
fn remove_old_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(target) = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|n| n.rsplit_once('.'))
            .map(|(target, _)| target)
        else {
            continue;
        };
        if crate::files::is_temp_of(name, target) && older_than_a_minute(&entry.path()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}
