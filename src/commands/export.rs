//! `export`: load a session, hand it to `crate::report::export`, write the bytes.
//! To stdout by default; `-o FILE` writes atomically and never replaces a file without `--force`.
//! The binary formats (docx, xlsx) never go to a terminal: without `-o` that is an error.

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use super::{print, print_bytes};
use crate::cli::{ExportArgs, ExportFormat};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::messages::export as m;
use crate::output::write_output;
use crate::report::export::{self, Format};
use crate::session::Session;

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
        return Err(Error::BinaryToTerminal {
            format: format.extension(),
            name: export::file_name(&session, format),
        });
    }
    let previous = previous_of(ctx, &session);
    let bytes = export::render_with_previous(&session, previous.as_ref(), format, ctx.lang, date)?;
    match args.output {
        // `-o -` is stdout, as with most tools that take an output file.
        None => write_stdout(&bytes, format)?,
        Some(path) if path.as_os_str() == "-" => write_stdout(&bytes, format)?,
        Some(path) => {
            let name = export::file_name(&session, format);
            write_output(&ctx.store, &path, &bytes, args.force, &name)?;
            print(&format!(
                "{}\n",
                m::WROTE.fmt(ctx.lang, &[("path", &crate::error::shown(&path))])
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

/// The session `session` was carried forward from, for the review's section on last time. One that
/// is gone or unreadable is named on stderr and the review is written without that section.
fn previous_of(ctx: &Ctx, session: &Session) -> Option<Session> {
    let from = session.from.as_deref()?;
    match ctx.store.load(from) {
        Ok(loaded) => Some(loaded.session),
        Err(e) => {
            super::eprint(&format!(
                "zicha: {}",
                m::PREVIOUS_UNREADABLE
                    .fmt(ctx.lang, &[("id", &from), ("err", &e.render(ctx.lang))])
            ));
            None
        }
    }
}
