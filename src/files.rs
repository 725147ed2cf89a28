//! How zicha touches files that other people may have made or planted (SPEC §10 "Files from others").
//!
//! - Reads take only regular files, opened non-blocking (a FIFO cannot hang us), with the type
//!   checked on the opened descriptor, and read at most `limit + 1` bytes (`/dev/zero` cannot fill
//!   memory; a reported size is never trusted).
//! - Temp files get unpredictable names beside their target and are created `O_EXCL` (so a planted
//!   symlink is never followed), mode `0600`; the final rename is checked to have put our file there.
//! - Lock files are opened `O_NOFOLLOW`, must be a regular file of ours with one link, and their mode
//!   is set on the descriptor, never through the path.
//! - A directory that others can write to is reported, and tightened to `0700` when it is ours.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// Not a regular file: what it is instead.
    NotRegular(FileKind),
    /// More than the limit (in bytes) could be read.
    TooLarge {
        limit: u64,
    },
}

/// What a path names, without following a final symlink.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Missing,
    Regular,
    Directory,
    Symlink,
    Fifo,
    Device,
    Socket,
    Other,
}

impl FileKind {
    pub fn of(t: fs::FileType) -> FileKind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return FileKind::Fifo;
            }
            if t.is_block_device() || t.is_char_device() {
                return FileKind::Device;
            }
            if t.is_socket() {
                return FileKind::Socket;
            }
        }
        if t.is_symlink() {
            FileKind::Symlink
        } else if t.is_dir() {
            FileKind::Directory
        } else if t.is_file() {
            FileKind::Regular
        } else {
            FileKind::Other
        }
    }

    /// What `path` itself is (a symlink is `Symlink`, whatever it points to).
    pub fn at(path: &Path) -> io::Result<FileKind> {
        match fs::symlink_metadata(path) {
            Ok(m) => Ok(FileKind::of(m.file_type())),
            // "Not a directory": a parent is a file, so nothing is there (callers say why).
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                Ok(FileKind::Missing)
            }
            Err(e) => Err(e),
        }
    }
}

/// Reads a whole regular file of at most `limit` bytes. Symlinks are followed (a user may link a
/// file in), but what they lead to must be a regular file; nothing else is opened for long or read.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    // Refuse a FIFO or device before opening it (opening some devices does things)…
    let meta = fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(FileKind::of(meta.file_type())));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags((OFlags::NONBLOCK | OFlags::NOCTTY).bits() as i32);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    // …and check again on what was opened: the name may have been swapped in between.
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(FileKind::of(meta.file_type())));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// The directory a path lives in; `"."` for a bare file name (whose `parent()` is `""`).
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The file-name prefix of temp files for `path`: `.<name>.`; the rest of a temp file's name is
/// [`TEMP_RANDOM`] random letters and digits, then `.tmp`.
pub fn temp_prefix(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    format!(".{name}.")
}

/// How many random characters a temp file name carries.
pub const TEMP_RANDOM: usize = 12;

/// True when `name` is a temp file of the file named `target_name` (see [`temp_prefix`]): the
/// random middle of this build, or the `<pid>` of older builds.
pub fn is_temp_of(name: &str, target_name: &str) -> bool {
    let Some(rest) = name
        .strip_prefix('.')
        .and_then(|n| n.strip_prefix(target_name))
        .and_then(|n| n.strip_prefix('.'))
        .and_then(|n| n.strip_suffix(".tmp"))
    else {
        return false;
    };
    let random = rest.len() == TEMP_RANDOM && rest.bytes().all(|b| b.is_ascii_alphanumeric());
    let pid = !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit());
    random || pid
}

/// A new temp file beside `path`: unpredictable name, created exclusively (never through a link),
/// mode 0600. It is removed when dropped unless persisted.
pub fn temp_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .suffix(".tmp")
        .rand_bytes(TEMP_RANDOM)
        .tempfile_in(parent_dir(path))
}

/// Checks that `path` now names the file `ours` was written to: after a rename, nothing may have
/// put another file (or a link) in its place.
pub fn check_in_place(path: &Path, ours: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mine = ours.metadata()?;
        let there = fs::symlink_metadata(path)?;
        if !there.file_type().is_file() || there.ino() != mine.ino() || there.dev() != mine.dev() {
            return Err(io::Error::other(
                "another file took its place while it was written",
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = (path, ours);
    Ok(())
}

/// Opens (creating it if `create`) the lock file at `path` for reading and writing: never through
/// a symlink, only a regular file with one link and, on Unix, owned by us; mode 0600 set on the
/// descriptor. Its content is never truncated here (the lock holder does that).
pub fn open_lock(path: &Path, create: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options
        .read(true)
        .write(true)
        .create(create)
        .truncate(false);
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(0o600)
            .custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY).bits() as i32);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("the lock file is not a regular file"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        if meta.nlink() != 1 {
            return Err(io::Error::other(
                "the lock file has other names (hard links)",
            ));
        }
        if meta.uid() != rustix::process::geteuid().as_raw() {
            return Err(io::Error::other("the lock file belongs to another user"));
        }
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}

/// Writes `bytes` into a new file at `path` that must not exist yet: through a temp file that is
/// fsynced and then linked into place without replacing anything. `AlreadyExists` if the name is
/// taken (by anything, a dangling symlink included).
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    let file = tmp.persist_noclobber(path).map_err(|e| e.error)?;
    check_in_place(path, &file)?;
    sync_dir(path)
}

/// fsync of the directory holding `path`, so that a rename or a new name in it is durable.
pub fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(parent_dir(path))?.sync_all()?;
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// A directory others can write to (where they could plant links or files).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LooseDir {
    pub dir: PathBuf,
    pub mode: u32,
    /// Ours, and now set to 0700; else it belongs to someone else and was left as it is.
    pub tightened: bool,
}

/// Checks that `dir` (if it exists) is writable by its owner only; tightens it to 0700 when it is
/// ours (and not a sticky, deliberately shared dir like `/tmp`). `None` when it is private already (or missing, or not on Unix).
pub fn check_private_dir(dir: &Path) -> Option<LooseDir> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let meta = fs::symlink_metadata(dir).ok()?;
        if !meta.is_dir() {
            return None;
        }
        let mode = meta.mode() & 0o7777;
        if mode & 0o022 == 0 {
            return None;
        }
        let ours = meta.uid() == rustix::process::geteuid().as_raw();
        // A sticky dir (`/tmp`, mode 1777) is shared on purpose: reported, never changed.
        let shared = mode & 0o1000 != 0;
        let tightened =
            ours && !shared && fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).is_ok();
        Some(LooseDir {
            dir: dir.to_path_buf(),
            mode,
            tightened,
        })
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// True when the owner may not write the file (`chmod a-w`): the user made it read-only.
pub fn is_read_only(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o200 == 0)
    }
    #[cfg(not(unix))]
    {
        fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised_only_for_their_target() {
        assert!(is_temp_of(".a.ron.4242.tmp", "a.ron"));
        assert!(is_temp_of(".a.ron.Ab3dE6gh9JkL.tmp", "a.ron"));
        assert!(!is_temp_of(".a.ron.bak.tmp", "a.ron"));
        assert!(!is_temp_of(".a.ron..tmp", "a.ron"));
        assert!(!is_temp_of("a.ron.4242.tmp", "a.ron"));
        assert!(!is_temp_of(".b.ron.4242.tmp", "a.ron"));
    }

    #[cfg(unix)]
    #[test]
    fn reads_refuse_fifos_and_devices_and_stop_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.ron");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .unwrap();
        assert!(matches!(
            read_regular(&fifo, 10),
            Err(ReadError::NotRegular(FileKind::Fifo))
        ));
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 10),
            Err(ReadError::NotRegular(FileKind::Device))
        ));
        assert!(matches!(
            read_regular(dir.path(), 10),
            Err(ReadError::NotRegular(FileKind::Directory))
        ));
        let big = dir.path().join("big");
        fs::write(&big, [b'x'; 11]).unwrap();
        assert!(matches!(
            read_regular(&big, 10),
            Err(ReadError::TooLarge { limit: 10 })
        ));
        assert_eq!(read_regular(&big, 11).unwrap().len(), 11);
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_lock_link_is_refused_and_its_target_untouched() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "precious").unwrap();
        fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).unwrap();
        let lock = dir.path().join("x.lock");
        std::os::unix::fs::symlink(&victim, &lock).unwrap();
        assert!(open_lock(&lock, true).is_err());
        let hard = dir.path().join("y.lock");
        fs::hard_link(&victim, &hard).unwrap();
        assert!(open_lock(&hard, true).is_err());
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        let mode = fs::metadata(&victim).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }

    #[test]
    fn write_new_never_replaces_or_follows_a_name() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.ron");
        write_new(&target, b"one").unwrap();
        let err = write_new(&target, b"two").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&target).unwrap(), b"one");
        #[cfg(unix)]
        {
            let elsewhere = dir.path().join("elsewhere");
            let link = dir.path().join("b.ron");
            std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
            assert!(write_new(&link, b"secret").is_err());
            assert!(!elsewhere.exists());
        }
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(!left.iter().any(|n| n.to_string_lossy().ends_with(".tmp")));
    }
}
