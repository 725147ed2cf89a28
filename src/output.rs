//! The output edge: an export written to a path the user named (`zicha export -o`, the TUI's export
//! popup). The checks that keep such a write from destroying anything live here, once.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::session::Store;
use crate::session::file::atomic_write;

/// Writes an export to `path` atomically. An existing file is replaced only with `force`; a directory,
/// a missing parent directory or the sessions dir are refused with a message that says what to do.
/// `suggested` is the file name offered when `path` is a directory. Also used by the TUI's export.
pub fn write_output(
    store: &Store,
    path: &Path,
    bytes: &[u8],
    force: bool,
    suggested: &str,
) -> Result<()> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(Error::OutputIsDir {
                path: path.to_path_buf(),
                name: suggested.to_string(),
            });
        }
        Ok(_) if !force => return Err(Error::Exists(path.to_path_buf())),
        Ok(_) => {}
        // A dangling symlink is still a name that would be replaced. "Not a directory" is about the
        // parent, which is checked below with a clearer message.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            if !force && fs::symlink_metadata(path).is_ok() {
                return Err(Error::Exists(path.to_path_buf()));
            }
        }
        Err(e) => return Err(Error::io(path, e)),
    }
    // A bare file name has an empty parent: name the current dir so the checks below see it.
    let path = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => path.to_path_buf(),
        _ => Path::new(".").join(path),
    };
    let parent = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    match fs::metadata(&parent) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(Error::OutputParentNotDir(parent));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(Error::OutputNoDir(parent));
        }
        Err(e) => return Err(Error::io(&parent, e)),
    }
    // An export written over a session file (`-o …/sessions/x.ron --force`) would destroy it.
    if let (Ok(dir), Ok(sessions)) = (
        fs::canonicalize(&parent),
        fs::canonicalize(store.sessions_dir()),
    ) && dir == sessions
    {
        return Err(Error::OutputInSessions(path));
    }
    atomic_write(&path, bytes)
}
