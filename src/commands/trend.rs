//! `trend`: the sessions of one checklist and one respondent from the summary index, handed to
//! `crate::report::trend`.

use std::process::ExitCode;

use super::{print, readable_summaries};
use crate::cli::{ReportFormat, TrendArgs};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::report::trend as rtrend;
use crate::sanitize;
use crate::session::query::{SessionKey, most_recent};
use crate::session::{Respondent, Summary};

pub fn trend(ctx: &Ctx, args: TrendArgs) -> Result<ExitCode> {
    if args.last == Some(0) {
        return Err(Error::LastZero);
    }
    // Ratings and action dates come from the summary index; only one session per distinct embedded
    // checklist is parsed in full, for the item texts. 1,000 sessions cost one parse, not 1,000.
    let today = ctx.today();
    let all = readable_summaries(ctx, None)?;
    let checklist = match &args.checklist {
        Some(c) => c.clone(),
        None => most_recent(&all, None)
            .ok_or(Error::NoSessions)?
            .checklist
            .clone(),
    };
    let (found, who) = of_respondent(&all, &checklist, &args);
    // `--unit` alone (or a name two units share) can match several people: a trend is of one.
    let mut people: Vec<Respondent> = found.iter().map(Summary::respondent).collect();
    people.sort();
    people.dedup();
    if people.len() > 1 {
        return Err(Error::SeveralRespondents {
            checklist,
            who: people,
        });
    }
    if found.is_empty() {
        if all.iter().any(|s| s.checklist == checklist) {
            return Err(Error::NoSessionsOfRespondent { checklist, who });
        }
        let keys: Vec<_> = all.iter().map(SessionKey::from).collect();
        return Err(no_sessions_of(&checklist, &keys));
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
    let mut t = rtrend::trend_of_points(&checklist, points, args.last);
    t.respondent = Some(who);
    let text = match args.format {
        ReportFormat::Text => rtrend::render_text(&t, ctx.lang),
        ReportFormat::Md => rtrend::render_markdown(&t, ctx.lang),
        ReportFormat::Json => sanitize::json(&rtrend::render_json(&t)).into_owned(),
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The sessions of `checklist` of one respondent (SPEC §10): with `--name` / `--unit`, those that
/// match what is given (trimmed); else the respondent of the most recently updated session of the
/// checklist. Returns them with the respondent to name in the header.
fn of_respondent(all: &[Summary], checklist: &str, args: &TrendArgs) -> (Vec<Summary>, Respondent) {
    let of_checklist: Vec<&Summary> = all.iter().filter(|s| s.checklist == checklist).collect();
    let wanted = Respondent::new(args.name.as_deref(), args.unit.as_deref());
    let found: Vec<Summary> = if args.name.is_some() || args.unit.is_some() {
        of_checklist
            .into_iter()
            .filter(|s| {
                let r = s.respondent();
                (args.name.is_none() || r.name == wanted.name)
                    && (args.unit.is_none() || r.unit == wanted.unit)
            })
            .cloned()
            .collect()
    } else {
        let Some(latest) = most_recent(all, Some(checklist)) else {
            return (Vec::new(), wanted);
        };
        let who = latest.respondent();
        of_checklist
            .into_iter()
            .filter(|s| s.respondent() == who)
            .cloned()
            .collect()
    };
    // Name the respondent fully (a unit the user did not type is still theirs).
    let who = most_recent(&found, None).map_or(wanted, Summary::respondent);
    (found, who)
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
