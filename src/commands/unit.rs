//! `unit`: the latest session of each respondent of one checklist, summarised for the secretary.
//!
//! Who is there comes from the summary index (no file read); then only the chosen sessions, one per
//! respondent, are parsed, each reduced to a small `Member` and dropped at once, so memory follows
//! the number of respondents, not of sessions.

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use super::{print, print_bytes, readable_summaries};
use crate::cli::{UnitArgs, UnitFormat};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::messages::export as mr;
use crate::output::write_output;
use crate::report::unit::{self as runit, Filter, Forms, Member, Roster};
use crate::session::query::{self, SessionKey};

pub fn unit(ctx: &Ctx, args: UnitArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    // The roster first: a mistake in it is cheaper to report before any session is read.
    let roster = match &args.roster {
        Some(path) => {
            let bytes = crate::session::file::read_limited(path, runit::MAX_ROSTER_BYTES)?;
            Some(Roster::parse(path, &bytes)?)
        }
        None => None,
    };
    let all = readable_summaries(ctx, None)?;
    let checklist = match &args.checklist {
        Some(c) => c.clone(),
        None => {
            // The most recent session's checklist among those the label and unit accept: a
            // round of 2014年第一季度 is summarised whatever was filled in since.
            let mut keys: Vec<SessionKey> = all
                .iter()
                .filter(|s| {
                    Filter {
                        checklist: s.checklist.clone(),
                        label: args.label.clone(),
                        unit: args.unit.clone(),
                    }
                    .accepts(s)
                })
                .map(SessionKey::from)
                .collect();
            if keys.is_empty() {
                keys = all.iter().map(SessionKey::from).collect();
            }
            match query::latest(&keys) {
                Some(k) => k.checklist.clone(),
                None => return Err(Error::NoSessionsAtAll),
            }
        }
    };
    let filter = Filter {
        checklist,
        label: args.label.clone(),
        unit: args.unit.clone(),
    };
    let ext = match args.format {
        UnitFormat::Text => "txt",
        UnitFormat::Md => "md",
        UnitFormat::Json => "json",
        UnitFormat::Csv => "csv",
        UnitFormat::Docx => "docx",
        UnitFormat::Xlsx => "xlsx",
    };
    let name = format!("unit-{}.{ext}", filter.checklist);
    let binary = matches!(args.format, UnitFormat::Docx | UnitFormat::Xlsx);
    let to_stdout = args.output.as_ref().is_none_or(|p| p.as_os_str() == "-");
    // As for `export`: checked before any session is read, a zip on a terminal is garbage.
    if binary && to_stdout && io::stdout().is_terminal() {
        return Err(Error::BinaryToTerminal { format: ext, name });
    }
    let chosen = runit::latest_per_respondent(all, &filter);
    // With a roster, nobody having handed in is an answer (everyone is missing), not an error.
    if chosen.is_empty() && roster.is_none() {
        let clean = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(String::from)
        };
        return Err(Error::NoUnitSessions {
            checklist: filter.checklist.clone(),
            label: clean(&filter.label),
            unit: clean(&filter.unit),
        });
    }
    let today = ctx.today();
    let mut forms = Forms::default();
    let mut members = Vec::with_capacity(chosen.len());
    for s in &chosen {
        // The index said it was readable; a file changed since then is named and left out.
        match ctx.store.load(&s.id) {
            // People read every format but JSON: names and notes with control and bidi
            // characters made visible, as in the single review. JSON keeps every character.
            Ok(loaded) if args.format == UnitFormat::Json => {
                members.push(Member::of(&loaded.session, today, &mut forms));
            }
            Ok(loaded) => members.push(Member::of(
                &crate::sanitize::shown(loaded.session),
                today,
                &mut forms,
            )),
            Err(e) => super::eprint(&format!("zicha: {}", e.render(lang))),
        }
    }
    let u = runit::build(&filter, members, roster.as_ref(), today);
    let bytes = match args.format {
        UnitFormat::Text => runit::render_text(&u, lang).into_bytes(),
        UnitFormat::Md => runit::render_markdown(&u, lang).into_bytes(),
        UnitFormat::Json => crate::sanitize::json(&runit::render_json(&u))
            .into_owned()
            .into_bytes(),
        UnitFormat::Csv => runit::render_csv(&u, lang)?,
        UnitFormat::Docx => runit::render_docx(&u, lang)?,
        UnitFormat::Xlsx => runit::render_xlsx(&u, lang)?,
    };
    match &args.output {
        // Other people's notes: a file written with -o is 0600, through the one output edge.
        Some(path) if !to_stdout => {
            write_output(&ctx.store, path, &bytes, args.force, &name)?;
            print(&format!(
                "{}\n",
                mr::WROTE.fmt(lang, &[("path", &crate::error::shown(path))])
            ))?;
        }
        _ if binary => print_bytes(&bytes)?,
        _ => print(&String::from_utf8_lossy(&bytes))?,
    }
    Ok(ExitCode::SUCCESS)
}
