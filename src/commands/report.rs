//! `export`: load a session, hand it to `crate::report::export`, write the text.
//! To stdout by default; `-o FILE` writes atomically and never replaces a file without `--force`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Ctx, print};
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::messages::report as m;
use crate::report::export::{self, Format};
use crate::session::Store;
use crate::session::store::atomic_write;

pub fn export(ctx: &Ctx, args: ExportArgs) -> Result<ExitCode> {
    let id = ctx.store.resolve(&args.session)?;
    let session = ctx.store.load(&id)?.session;
    let format = match args.format {
        ExportFormat::Md => Format::Md,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Json => Format::Json,
    };
    let date = args.date.unwrap_or_else(|| ctx.today());
    let bytes = export::render(&session, format, ctx.lang, date)?;
    match args.output {
        // `-o -` is stdout, as with most tools that take an output file.
        None => print_bytes(&bytes)?,
        Some(path) if path.as_os_str() == "-" => print_bytes(&bytes)?,
        Some(path) => {
            let name = export::file_name(&session, format);
            write_output(&ctx.store, &path, &bytes, args.force, ctx.lang, &name)?;
            print(&format!(
                "{}\n",
                m::WROTE.fmt(ctx.lang, &[("path", &path.display())])
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_bytes(bytes: &[u8]) -> Result<()> {
    // Every export format is UTF-8 text; a lossy view only guards against a future binary one.
    print(&String::from_utf8_lossy(bytes))
}

/// Writes an export to `path` atomically. An existing file is replaced only with `force`; a directory,
/// a missing parent directory or the sessions dir are refused with a message that says what to do.
/// `suggested` is the file name offered when `path` is a directory. Also used by the TUI's export.
pub fn write_output(
    store: &Store,
    path: &Path,
    bytes: &[u8],
    force: bool,
    lang: Lang,
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
            return Err(Error::Other(
                m::OUTPUT_IS_DIR.fmt(lang, &[("path", &path.display()), ("name", &suggested)]),
            ));
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
            return Err(Error::Other(
                m::OUTPUT_PARENT_NOT_DIR.fmt(lang, &[("dir", &parent.display())]),
            ));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(Error::Other(
                m::OUTPUT_NO_DIR.fmt(lang, &[("dir", &parent.display())]),
            ));
        }
        Err(e) => return Err(Error::io(&parent, e)),
    }
    // An export written over a session file (`-o …/sessions/x.ron --force`) would destroy it.
    if let (Ok(dir), Ok(sessions)) = (
        fs::canonicalize(&parent),
        fs::canonicalize(store.sessions_dir()),
    ) && dir == sessions
    {
        return Err(Error::Other(
            m::OUTPUT_IN_SESSIONS.fmt(lang, &[("path", &path.display())]),
        ));
    }
    atomic_write(&path, bytes)
}
