//! Durable file primitives: bounded reads, atomic replace (temp file, fsync, rename, fsync the dir),
//! create-only writes, private modes. The store writes sessions with these, the summary index its
//! cache, `output` the exports, `checklist::save` a checklist made from text; nothing else in zicha
//! writes a file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Damage, Error, Result};

/// Reads a whole file, refusing one larger than `limit`.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::Damaged {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            why: Damage::TooLarge {
                limit_mib: limit / (1024 * 1024),
            },
        });
    }
    Ok(bytes)
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

pub fn open_private(path: &Path, options: &mut OpenOptions) -> Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path).map_err(|e| Error::io(path, e))?;
    #[cfg(unix)]
    set_mode(path, 0o600)?;
    Ok(file)
}

/// Writes a file that must not exist yet (a new session, a `.bak`), durably and atomically: the
/// bytes go to a temp file that is fsynced and then hard-linked into place, which fails if the name
/// exists. A crash leaves either no file or the whole file, never a short one.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_path(path);
    let result = write_temp(&tmp, bytes, &mut |_| Ok(())).and_then(|()| fs::hard_link(&tmp, path));
    let _ = fs::remove_file(&tmp);
    match result {
        Ok(()) => sync_dir(path),
        // A file system without hard links: create the name exclusively and write into it.
        Err(e) if e.kind() == io::ErrorKind::Unsupported => {
            let mut f = open_private(path, OpenOptions::new().write(true).create_new(true))?;
            f.write_all(bytes).map_err(|e| Error::io(path, e))?;
            f.sync_all().map_err(|e| Error::io(path, e))?;
            sync_dir(path)
        }
        Err(e) => Err(Error::io(path, e)),
    }
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
pub fn atomic_write_with(
    path: &Path,
    bytes: &[u8],
    hook: &mut dyn FnMut(WriteStage) -> io::Result<()>,
) -> Result<()> {
    let tmp = temp_path(path);
    let result = write_temp(&tmp, bytes, hook).and_then(|()| {
        fs::rename(&tmp, path)?;
        hook(WriteStage::Renamed)
    });
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    sync_dir(path)
}

/// `.<name>.<pid>.tmp` beside `path`: hidden, and per process so two writers never share one.
/// [`super::Store::lock`] removes a session's leftovers from killed processes.
fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    parent_dir(path).join(format!(".{name}.{}.tmp", std::process::id()))
}

/// The one rule for recognising a temp file of ours: `file_name` is `.<target>.<pid>.tmp` (what
/// [`temp_path`] makes for `target`). Returns the pid of the process that wrote it.
pub fn temp_of(file_name: &str, target: &str) -> Option<u32> {
    let pid = file_name
        .strip_prefix('.')?
        .strip_prefix(target)?
        .strip_prefix('.')?
        .strip_suffix(".tmp")?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Creates (or truncates) `tmp` with mode 0600, writes `bytes` and fsyncs it.
fn write_temp(
    tmp: &Path,
    bytes: &[u8],
    hook: &mut dyn FnMut(WriteStage) -> io::Result<()>,
) -> io::Result<()> {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(tmp)?;
    // A stale temp file from a crashed run keeps its old mode through `truncate`; reset it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    hook(WriteStage::Created)?;
    f.write_all(bytes)?;
    hook(WriteStage::Written)?;
    f.sync_all()?;
    hook(WriteStage::Synced)
}

/// The directory a path lives in; `"."` for a bare file name (whose `parent()` is `""`).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn sync_dir(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let dir = parent_dir(path);
        let d = File::open(dir).map_err(|e| Error::io(dir, e))?;
        d.sync_all().map_err(|e| Error::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temp_file_is_recognised_by_its_target_and_pid_only() {
        let made = temp_path(Path::new("/d/20261123-x.ron"));
        let name = made.file_name().and_then(|n| n.to_str()).unwrap();
        assert_eq!(temp_of(name, "20261123-x.ron"), Some(std::process::id()));
        assert_eq!(temp_of("..index.json.42.tmp", ".index.json"), Some(42));
        assert_eq!(
            temp_of(".20261123-x.ron.42.tmp", "20261123-x"),
            None,
            "another target"
        );
        assert_eq!(
            temp_of(".20261123-x.ron..tmp", "20261123-x.ron"),
            None,
            "no pid"
        );
        assert_eq!(temp_of(".20261123-x.ron.4a.tmp", "20261123-x.ron"), None);
        assert_eq!(
            temp_of("20261123-x.ron.42.tmp", "20261123-x.ron"),
            None,
            "not hidden"
        );
        assert_eq!(temp_of(".20261123-x.ron.42", "20261123-x.ron"), None);
    }
}
