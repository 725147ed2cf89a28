//! `trend`: the sessions of one checklist from the summary index, handed to `crate::report::trend`.

use std::process::ExitCode;

use super::{print, readable_summaries};
use crate::cli::{ReportFormat, TrendArgs};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::report::trend as rtrend;
use crate::sanitize;
use crate::session::Summary;
use crate::session::query::SessionKey;

pub fn trend(ctx: &Ctx, args: TrendArgs) -> Result<ExitCode> {
    if args.last == Some(0) {
        return Err(Error::LastZero);
    }
    // Ratings and action dates come from the summary index; only one session per distinct embedded
    // checklist is parsed in full, for the item texts. 1,000 sessions cost one parse, not 1,000.
    let today = ctx.today();
    let found = readable_summaries(ctx, Some(&args.checklist))?;
    if found.is_empty() {
        let all: Vec<_> = readable_summaries(ctx, None)?
            .iter()
            .map(SessionKey::from)
            .collect();
        return Err(no_sessions_of(&args.checklist, &all));
    }
    // People read text and Markdown: labels and checklist texts with control and bidi characters
    // made visible. JSON keeps every character, escaped.
    let human = args.format != ReportFormat::Json;
    let found = if human {
        found.into_iter().map(Summary::shown).collect()
    } else {
        found
    };
    let points = rtrend::points_of_summaries(found, today, |id| {
        let checklist = ctx.store.load(id)?.session.checklist;
        Ok(if human {
            sanitize::shown(checklist)
        } else {
            checklist
        })
    })?;
    let t = rtrend::trend_of_points(&args.checklist, points, args.last);
    let text = match args.format {
        ReportFormat::Text => rtrend::render_text(&t, ctx.lang),
        ReportFormat::Md => rtrend::render_markdown(&t, ctx.lang),
        ReportFormat::Json => sanitize::json(&rtrend::render_json(&t)).into_owned(),
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn no_sessions_of(checklist: &str, sessions: &[SessionKey]) -> Error {
    let mut have: Vec<String> = sessions.iter().map(|s| s.checklist.clone()).collect();
    have.sort_unstable();
    have.dedup();
    Error::NoSessionsOf {
        checklist: checklist.to_string(),
        have,
    }
}
