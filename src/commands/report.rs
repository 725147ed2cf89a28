//! `export`: load a session, hand it to `crate::report::export`, write the text.
//! To stdout by default; `-o FILE` writes atomically and never replaces a file without `--force`.

use std::fs;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Ctx, print, print_bytes};
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
        ExportFormat::Docx => Format::Docx,
        ExportFormat::Xlsx => Format::Xlsx,
    };
    let date = args.date.unwrap_or_else(|| ctx.today());
    let to_stdout = args.output.as_ref().is_none_or(|p| p.as_os_str() == "-");
    // Checked before rendering: a zip on a terminal is garbage and can upset it.
    if to_stdout && format.is_binary() && io::stdout().is_terminal() {
        return Err(Error::Other(m::BINARY_TO_TERMINAL.fmt(
            ctx.lang,
            &[
                ("format", &format.extension()),
                ("name", &export::file_name(&session, format)),
            ],
        )));
    }
    let bytes = export::render(&session, format, ctx.lang, date)?;
    match args.output {
        // `-o -` is stdout, as with most tools that take an output file.
        None => write_stdout(&bytes, format)?,
        Some(path) if path.as_os_str() == "-" => write_stdout(&bytes, format)?,
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

fn write_stdout(bytes: &[u8], format: Format) -> Result<()> {
    if format.is_binary() {
        print_bytes(bytes)
    } else {
        // Text formats go through `print`, as every other command's output does.
        print(&String::from_utf8_lossy(bytes))
    }
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
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(Error::Other(
                m::OUTPUT_IS_DIR.fmt(lang, &[("path", &path.display()), ("name", &suggested)]),
            ));
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
