//! Durable file primitives: bounded reads, atomic replace (temp file, fsync, rename, fsync the dir),
//! create-only writes, private modes. The store writes sessions with these, the summary index its
//! cache, `output` the exports, `checklist::save` a checklist made from text; nothing else in zicha
//! writes a file. The safety rules for files that others may have made or planted (regular files
//! only, `O_EXCL` temp files with unpredictable names, checked renames) live one level down, in
//! [`crate::files`].

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Reads a whole regular file, refusing one larger than `limit` and anything that is not a regular
/// file (see [`crate::files::read_regular`]).
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    use crate::files::ReadError;
    crate::files::read_regular(path, limit).map_err(|e| match e {
        ReadError::Io(e) => Error::io(path, e),
        ReadError::NotRegular(kind) => Error::NotRegularFile {
            path: path.to_path_buf(),
            kind,
        },
        ReadError::TooLarge { limit } => Error::TooLargeToRead {
            path: path.to_path_buf(),
            limit,
        },
    })
}

#[cfg(unix)]
pub fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::io(dir, e))?;
    // The builder's mode is filtered by the umask; set it exactly.
    set_mode(dir, 0o700)
}

#[cfg(not(unix))]
pub fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
}

#[cfg(unix)]
pub fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(|e| Error::io(path, e))
}

/// Writes a file that must not exist yet (a new session, a `.bak`), durably and atomically: the
/// bytes go to a temp file (unpredictable name, created exclusively) that is fsynced and then
/// linked into place, which fails if the name exists. A crash leaves either no file or the whole
/// file, never a short one.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::files::write_new(path, bytes).map_err(|e| Error::io(path, e))
}

/// The steps of an atomic write, named so that tests can inject a failure between any two of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteStage {
    Created,
    Written,
    Synced,
    Renamed,
}

/// Durable atomic replace: temp file in the same dir, write, fsync, rename, fsync the dir.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    atomic_write_with(path, bytes, &mut |_| Ok(()))
}

/// [`atomic_write`] with a hook called after each stage; an error from the hook aborts the write
/// exactly as a real failure at that point would (the temp file is removed, the target untouched).
///
/// The temp file has an unpredictable name and is created `O_EXCL` beside `path` (a symlink planted
/// there is never followed); after the rename, `path` must be the very file written.
pub fn atomic_write_with(
    path: &Path,
    bytes: &[u8],
    hook: &mut dyn FnMut(WriteStage) -> io::Result<()>,
) -> Result<()> {
    let result = (|| {
        let mut tmp = crate::files::temp_beside(path)?;
        hook(WriteStage::Created)?;
        tmp.write_all(bytes)?;
        hook(WriteStage::Written)?;
        tmp.as_file().sync_all()?;
        hook(WriteStage::Synced)?;
        // On failure the temp file is dropped, which removes it.
        let file = tmp.persist(path).map_err(|e| e.error)?;
        crate::files::check_in_place(path, &file)?;
        hook(WriteStage::Renamed)
    })();
    result.map_err(|e| Error::io(path, e))?;
    crate::files::sync_dir(path).map_err(|e| Error::io(crate::files::parent_dir(path), e))
}

/// Replaces a cache file (the summary index) atomically but not durably: the same temp file and
/// checked rename as [`atomic_write`], without the two fsyncs. A crash may leave the old file or
/// an empty one in its place, never a torn one from a live process; the index is only a cache
/// whose entries count only for files with the very identity they name, and a damaged index is
/// rebuilt, so durability buys nothing there and the fsyncs cost tens of ms on a busy disk.
pub fn replace_cache(path: &Path, bytes: &[u8]) -> Result<()> {
    let result = (|| {
        let mut tmp = crate::files::temp_beside(path)?;
        tmp.write_all(bytes)?;
        let file = tmp.persist(path).map_err(|e| e.error)?;
        crate::files::check_in_place(path, &file)
    })();
    result.map_err(|e| Error::io(path, e))
}

/// Removes `dir/name` if it is a temp file of ours (`.<target>.<random>.tmp`) older than a minute:
/// a writer's temp file lives for milliseconds, so an old one is a killed writer's. Best effort.
pub fn sweep_old_temp(dir: &Path, name: &str) {
    let Some(target) = name
        .strip_prefix('.')
        .and_then(|n| n.strip_suffix(".tmp"))
        .and_then(|n| n.rsplit_once('.'))
        .map(|(target, _)| target)
    else {
        return;
    };
    if !crate::files::is_temp_of(name, target) {
        return;
    }
    let path = dir.join(name);
    let old = fs::symlink_metadata(&path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 60);
    if old {
        let _ = fs::remove_file(&path);
    }
}

/// The one rule for recognising a temp file of ours for `target` (a file name in the same dir):
/// `.<target>.<random>.tmp` as [`atomic_write`] and [`write_new`] make it, or the
/// `.<target>.<pid>.tmp` of older builds (see [`crate::files::is_temp_of`]).
pub fn temp_of(file_name: &str, target: &str) -> bool {
    crate::files::is_temp_of(file_name, target)
}
