//! The one-writer lock of a session (SPEC §3): a sidecar `<id>.lock` beside the session file (the
//! atomic rename replaces the session file's inode, so a lock on that file would guard nothing).
//!
//! The holder writes its pid into the sidecar (a reader names it) and removes the sidecar when it lets
//! go, while still holding it and only if the name is still its file; a taker therefore checks, after
//! locking, that the name still is the file it locked, and takes the new one if not. So sidecars do not
//! pile up for every session ever opened, and two writers can never hold two different files.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::store::{Store, is_valid_session_id};
use crate::error::{Error, Result};

impl Store {
    /// Takes the one-writer lock of a session; `Err(Locked)` names the holder's process if known.
    /// The lock file is never opened through a symlink (see [`crate::files::open_lock`]).
    pub fn lock(&self, id: &str) -> Result<SessionLock> {
        self.checked_path(id)?;
        self.ensure()?;
        let path = self.lock_path(id);
        // A holder removes the sidecar when it closes (see `SessionLock`'s `Drop`): a lock taken on a
        // file that was unlinked meanwhile guards nothing, so it is given up and the new file taken.
        for _ in 0..8 {
            let mut file = crate::files::open_lock(&path, true).map_err(|e| Error::io(&path, e))?;
            match file.try_lock() {
                Ok(()) if !same_file(&file, &path) => continue,
                Ok(()) => {
                    // The pid is informational: a reader shows it in the "open elsewhere" message.
                    let _ = file.set_len(0);
                    let _ = write!(file, "{}", std::process::id());
                    let _ = file.sync_data();
                    self.remove_stale_temps(id);
                    return Ok(SessionLock { file, path });
                }
                Err(fs::TryLockError::WouldBlock) => {
                    let mut s = String::new();
                    let _ = file.read_to_string(&mut s);
                    return Err(Error::Locked {
                        id: id.to_string(),
                        pid: s.trim().parse().ok(),
                    });
                }
                Err(fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
        }
        Err(Error::Locked {
            id: id.to_string(),
            pid: None,
        })
    }

    fn lock_path(&self, id: &str) -> PathBuf {
        self.sessions_dir().join(format!("{id}.lock"))
    }

    /// Whether no one holds the one-writer lock of `id` (a read-only viewer asks, to offer taking
    /// over). A look, not a take: a free lock is released at once, and a missing sidecar is free.
    pub fn lock_is_free(&self, id: &str) -> bool {
        if self.checked_path(id).is_err() {
            return false;
        }
        match crate::files::open_lock(&self.lock_path(id), false) {
            Ok(file) => file.try_lock().is_ok(),
            Err(e) => e.kind() == io::ErrorKind::NotFound,
        }
    }

    /// Removes the sidecar `.lock` files no one holds (left by a zicha that was killed), so they do
    /// not pile up for every session ever opened. Each is removed only while this process holds it.
    pub fn remove_stale_locks(&self) {
        if let Ok(scan) = self.scan() {
            self.remove_stale_locks_of(&scan.locked);
        }
    }

    /// [`Store::remove_stale_locks`] for the sidecars named `<id>.lock` of `ids`, as a
    /// [`Store::scan`] found them.
    pub fn remove_stale_locks_of(&self, ids: &[String]) {
        let dir = self.sessions_dir();
        for id in ids.iter().filter(|id| is_valid_session_id(id)) {
            let path = dir.join(format!("{id}.lock"));
            if let Ok(file) = crate::files::open_lock(&path, false)
                && file.try_lock().is_ok()
                && same_file(&file, &path)
            {
                let _ = fs::remove_file(&path);
            }
        }
    }

    /// Removes the temp files a writer of `id` killed mid-save left behind (`.<id>.ron.<random>.tmp`,
    /// see [`atomic_write`]). Called by the lock holder: only it writes the session, so any such file
    /// is a dead process's. Best effort: a file that cannot be removed is only clutter, never read.
    fn remove_stale_temps(&self, id: &str) {
        let dir = self.sessions_dir();
        let Ok(entries) = fs::read_dir(&dir) else {
            return;
        };
        let (session, bak) = (format!("{id}.ron"), format!("{id}.ron.bak"));
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if super::file::temp_of(name, &session) || super::file::temp_of(name, &bak) {
                let _ = fs::remove_file(dir.join(name));
            }
        }
    }
}

/// Held while a session is open for writing; the lock is released when this is dropped, and its
/// sidecar removed (while still held, and only if the name is still this file: see [`Store::lock`]).
#[derive(Debug)]
pub struct SessionLock {
    file: File,
    path: PathBuf,
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        #[cfg(unix)]
        if same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Whether `path` names the open `file` itself (not a file put in its place, nor a link).
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}
