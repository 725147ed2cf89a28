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
    use crate::files::FileKind;
    // What the name itself is: a symlink is never written through or replaced (in a shared hand-in
    // folder it may be someone else's), nor a device, a FIFO or a socket, even with `--force`.
    match FileKind::at(path).map_err(|e| Error::io(path, e))? {
        FileKind::Missing => {}
        FileKind::Regular if force => {}
        FileKind::Regular => return Err(Error::Exists(path.to_path_buf())),
        FileKind::Directory => {
            return Err(Error::OutputIsDir {
                path: path.to_path_buf(),
                name: suggested.to_string(),
            });
        }
        kind => {
            return Err(Error::OutputNotRegular {
                path: path.to_path_buf(),
                kind,
            });
        }
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
