//! `diff`: pick and load two sessions, hand them to `crate::report::diff`, print.
//!
//! Which sessions `diff` compares (SPEC §10): `diff A B` as given (two sessions of one checklist and
//! one respondent); `diff B` = B against its `from`, else the latest earlier session of the same
//! checklist and respondent (`session::query::previous_of`); `diff` = the most recently updated
//! session against its predecessor so found. Another person's session is never picked. Damaged
//! files are skipped when searching, with a note on stderr.

use std::process::ExitCode;

use super::{print, readable_summaries};
use crate::cli::{DiffArgs, ReportFormat};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::report::diff as rdiff;
use crate::sanitize;
use crate::session::Session;
use crate::session::query::{SessionKey, latest, previous_of};

pub fn diff(ctx: &Ctx, args: DiffArgs) -> Result<ExitCode> {
    let (a, b) = pick_pair(ctx, args.a.as_deref(), args.b.as_deref())?;
    if a.checklist.id != b.checklist.id {
        return Err(Error::DifferentChecklists {
            a: a.id,
            b: b.id,
            checklist_a: a.checklist.id,
            checklist_b: b.checklist.id,
        });
    }
    // People read text and Markdown: they get copies with control and bidi characters made visible
    // (laid out at their visible width). JSON keeps every character, escaped.
    let text = match args.format {
        ReportFormat::Json => {
            sanitize::json(&rdiff::render_json(&rdiff::diff(&a, &b, ctx.today()))).into_owned()
        }
        human => {
            let (a, b) = (sanitize::shown(a), sanitize::shown(b));
            let d = rdiff::diff(&a, &b, ctx.today());
            if human == ReportFormat::Md {
                rdiff::render_markdown(&d, ctx.lang)
            } else {
                rdiff::render_text(&d, ctx.lang)
            }
        }
    };
    print(&text)?;
    // Differences are the answer, not a failure: exit 0 either way.
    Ok(ExitCode::SUCCESS)
}

/// The earlier and the later session to compare, per the rules in the module header. Searching
/// keeps only a [`SessionKey`] of each session read, then loads the two chosen.
fn pick_pair(ctx: &Ctx, a: Option<&str>, b: Option<&str>) -> Result<(Session, Session)> {
    match (a, b) {
        (Some(a), Some(b)) => {
            let (a, b) = (load(ctx, a)?, load(ctx, b)?);
            let (wa, wb) = (a.respondent(), b.respondent());
            if wa != wb && a.checklist.id == b.checklist.id {
                return Err(Error::DifferentRespondents {
                    a: a.id,
                    wa: Box::new(wa),
                    b: b.id,
                    wb: Box::new(wb),
                });
            }
            Ok((a, b))
        }
        (Some(later), None) => {
            let later = load(ctx, later)?;
            let all: Vec<_> = readable_summaries(ctx, Some(&later.checklist.id))?
                .iter()
                .map(SessionKey::from)
                .collect();
            let earlier = previous_of(&all, &SessionKey::of(&later))
                .ok_or_else(|| no_predecessor(&SessionKey::of(&later)))?;
            Ok((load(ctx, &earlier.id)?, later))
        }
        (None, _) => {
            let all: Vec<_> = readable_summaries(ctx, None)?
                .iter()
                .map(SessionKey::from)
                .collect();
            let later = latest(&all).ok_or(Error::NoSessions)?;
            let earlier = previous_of(&all, later).ok_or_else(|| no_predecessor(later))?;
            Ok((load(ctx, &earlier.id)?, load(ctx, &later.id)?))
        }
    }
}

fn load(ctx: &Ctx, spec: &str) -> Result<Session> {
    let id = ctx.store.resolve(spec)?;
    Ok(ctx.store.load(&id)?.session)
}

fn no_predecessor(s: &SessionKey) -> Error {
    Error::NoPredecessor {
        id: s.id.clone(),
        checklist: s.checklist.clone(),
        who: s.respondent.clone(),
    }
}
