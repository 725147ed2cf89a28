//! `export`: load a session, hand it to `crate::report::export`, write the text.
//! To stdout by default; `-o FILE` writes atomically and never replaces a file without `--force`.

use std::process::ExitCode;

use super::print;
use crate::cli::{ExportArgs, ExportFormat};
use crate::context::Ctx;
use crate::error::Result;
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
    };
    let date = args.date.unwrap_or_else(|| ctx.today());
    let previous = previous_of(ctx, &session);
    let bytes = export::render_with_previous(&session, previous.as_ref(), format, ctx.lang, date)?;
    match args.output {
        // `-o -` is stdout, as with most tools that take an output file.
        None => print_bytes(&bytes)?,
        Some(path) if path.as_os_str() == "-" => print_bytes(&bytes)?,
        Some(path) => {
            let name = export::file_name(&session, format);
            write_output(&ctx.store, &path, &bytes, args.force, &name)?;
            print(&format!(
                "{}\n",
                m::WROTE.fmt(ctx.lang, &[("path", &path.display())])
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
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

fn print_bytes(bytes: &[u8]) -> Result<()> {
    // Every export format is UTF-8 text; a lossy view only guards against a future binary one.
    print(&String::from_utf8_lossy(bytes))
}
