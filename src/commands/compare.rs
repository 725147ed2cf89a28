//! `diff` and `trend`: pick and load sessions, hand them to `crate::report::{diff, trend}`, print.
//!
//! Which sessions `diff` compares: `diff A B` as given; `diff B` = B against the latest session of
//! the same checklist created before it; `diff` = the latest session (by `created`) against the one
//! before it of the same checklist. Damaged files are skipped when searching, with a note on stderr.

use std::collections::HashMap;

use chrono::NaiveDate;
use std::process::ExitCode;
use std::sync::Arc;

use super::{Ctx, print};
use crate::cli::{DiffArgs, ReportFormat, TrendArgs};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::messages::compare as m;
use crate::report::{diff as rdiff, trend as rtrend};
use crate::sanitize;
use crate::session::index::{Entry, Summary};
use crate::session::{Session, Store};

pub fn diff(ctx: &Ctx, args: DiffArgs) -> Result<ExitCode> {
    let (a, b) = pick_pair(ctx, args.a.as_deref(), args.b.as_deref())?;
    if a.checklist.id != b.checklist.id {
        return Err(Error::Other(m::DIFFERENT_CHECKLISTS.fmt(
            ctx.lang,
            &[
                ("a", &a.id),
                ("b", &b.id),
                ("ca", &a.checklist.id),
                ("cb", &b.checklist.id),
            ],
        )));
    }
    // People read text and Markdown: they get copies with control and bidi characters made visible
    // (laid out at their visible width). JSON keeps every character, escaped.
    let text = match args.format {
        ReportFormat::Json => {
            sanitize::json(&rdiff::render_json(&rdiff::diff(&a, &b, ctx.today()))).into_owned()
        }
        human => {
            let (a, b) = (shown(a), shown(b));
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

pub fn trend(ctx: &Ctx, args: TrendArgs) -> Result<ExitCode> {
    if args.last == Some(0) {
        return Err(Error::Other(m::LAST_ZERO.get(ctx.lang).to_string()));
    }
    // Ratings and action dates come from the summary index; only one session per distinct embedded
    // checklist is parsed in full, for the item texts. 1,000 sessions cost one parse, not 1,000.
    let today = ctx.today();
    let found = summaries(ctx, Some(&args.checklist))?;
    if found.is_empty() {
        let all: Vec<_> = summaries(ctx, None)?.iter().map(key).collect();
        return Err(no_sessions_of(ctx.lang, &args.checklist, &all));
    }
    let human = args.format != ReportFormat::Json;
    let points = trend_points(&ctx.store, found, today, human)?;
    let t = rtrend::trend_of_points(&args.checklist, points, args.last);
    let text = match args.format {
        ReportFormat::Text => rtrend::render_text(&t, ctx.lang),
        ReportFormat::Md => rtrend::render_markdown(&t, ctx.lang),
        ReportFormat::Json => sanitize::json(&rtrend::render_json(&t)).into_owned(),
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The earlier and the later session to compare, per the rules in the module header. Searching
/// keeps only a [`rdiff::SessionKey`] of each session read, then loads the two chosen.
fn pick_pair(ctx: &Ctx, a: Option<&str>, b: Option<&str>) -> Result<(Session, Session)> {
    match (a, b) {
        (Some(a), Some(b)) => Ok((load(ctx, a)?, load(ctx, b)?)),
        (Some(later), None) => {
            let later = load(ctx, later)?;
            let all: Vec<_> = summaries(ctx, Some(&later.checklist.id))?
                .iter()
                .map(key)
                .collect();
            let earlier = rdiff::previous_of(&all, &rdiff::SessionKey::of(&later))
                .ok_or_else(|| no_earlier(ctx.lang, &later.id, &later.checklist.id))?;
            Ok((load(ctx, &earlier.id)?, later))
        }
        (None, _) => {
            let all: Vec<_> = summaries(ctx, None)?.iter().map(key).collect();
            let later = rdiff::latest(&all).ok_or(Error::NoSessions)?;
            let earlier = rdiff::previous_of(&all, later)
                .ok_or_else(|| no_earlier(ctx.lang, &later.id, &later.checklist))?;
            Ok((load(ctx, &earlier.id)?, load(ctx, &later.id)?))
        }
    }
}

/// A copy of a session or checklist fit to show to a person (see [`sanitize::display_copy`]).
pub(crate) fn shown<T: serde::Serialize + serde::de::DeserializeOwned>(value: T) -> T {
    sanitize::display_copy(&value).unwrap_or(value)
}

fn load(ctx: &Ctx, spec: &str) -> Result<Session> {
    let id = ctx.store.resolve(spec)?;
    Ok(ctx.store.load(&id)?.session)
}

fn no_earlier(lang: Lang, id: &str, checklist: &str) -> Error {
    Error::Other(m::NO_EARLIER.fmt(lang, &[("id", &id), ("checklist", &checklist)]))
}

fn no_sessions_of(lang: Lang, checklist: &str, sessions: &[rdiff::SessionKey]) -> Error {
    let mut have: Vec<&str> = sessions.iter().map(|s| s.checklist.as_str()).collect();
    have.sort_unstable();
    have.dedup();
    if have.is_empty() {
        Error::Other(m::TREND_NO_SESSIONS_AT_ALL.fmt(lang, &[("checklist", &checklist)]))
    } else {
        Error::Other(m::TREND_NO_SESSIONS.fmt(
            lang,
            &[
                ("checklist", &checklist),
                ("have", &have.join(m::LIST_SEP.get(lang))),
            ],
        ))
    }
}

/// Trend points of `sessions` from their summaries: ratings and action dates come from the index;
/// one session per distinct embedded checklist is parsed in full, for the item texts, so 1,000
/// sessions of one checklist cost one parse. Shared by `zicha trend` and the TUI's Trend screen.
/// `for_display`: labels and checklist texts with control and bidi characters made visible.
pub(crate) fn trend_points(
    store: &Store,
    sessions: Vec<Summary>,
    today: NaiveDate,
    for_display: bool,
) -> Result<Vec<rtrend::Point>> {
    let mut shapes = rtrend::Shapes::default();
    let mut by_fingerprint: HashMap<u64, Arc<rtrend::Shape>> = HashMap::new();
    let mut points = Vec::with_capacity(sessions.len());
    for s in sessions {
        let shape = match by_fingerprint.get(&s.fingerprint) {
            Some(shape) => Arc::clone(shape),
            None => {
                let full = store.load(&s.id)?.session;
                let shape = if for_display {
                    shapes.get(&shown(full.checklist))
                } else {
                    shapes.get(&full.checklist)
                };
                by_fingerprint.insert(s.fingerprint, Arc::clone(&shape));
                shape
            }
        };
        let overdue = s
            .open_dues
            .iter()
            .filter(|d| d.is_some_and(|d| d < today))
            .count();
        points.push(rtrend::Point {
            session: rdiff::SessionRef {
                id: s.id,
                label: s.label.filter(|l| !l.trim().is_empty()).map(|l| {
                    if for_display {
                        sanitize::line(&l).into_owned()
                    } else {
                        l
                    }
                }),
                created: s.created,
            },
            shape,
            ratings: s.ratings,
            open_actions: s.open_dues.len(),
            overdue_actions: overdue,
        });
    }
    Ok(points)
}

/// Every readable session (of `checklist`, if given) from the store's summary index. Damaged files
/// never stop a report; they are named on stderr.
fn summaries(ctx: &Ctx, checklist: Option<&str>) -> Result<Vec<Summary>> {
    let mut ok = Vec::new();
    let mut damaged = Vec::new();
    for entry in ctx.store.summaries()? {
        match entry {
            Entry::Ok(s) if checklist.is_none_or(|c| c == s.checklist) => ok.push(s),
            Entry::Ok(_) => {}
            Entry::Damaged { id, .. } => damaged.push(id),
        }
    }
    if !damaged.is_empty() {
        super::eprint(&format!(
            "zicha: {}",
            m::SKIPPED_DAMAGED.fmt(
                ctx.lang,
                &[("n", &damaged.len()), ("ids", &damaged.join(", "))]
            )
        ));
    }
    Ok(ok)
}

fn key(s: &Summary) -> rdiff::SessionKey {
    rdiff::SessionKey {
        created: s.created,
        id: s.id.clone(),
        checklist: s.checklist.clone(),
    }
}
