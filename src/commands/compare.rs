//! `diff` and `trend`: pick and load sessions, hand them to `crate::report::{diff, trend}`, print.
//!
//! Which sessions `diff` compares: `diff A B` as given; `diff B` = B against the latest session of
//! the same checklist created before it; `diff` = the latest session (by `created`) against the one
//! before it of the same checklist. Damaged files are skipped when searching, with a note on stderr.

use std::process::ExitCode;

use super::{Ctx, print};
use crate::cli::{DiffArgs, ReportFormat, TrendArgs};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::messages::compare as m;
use crate::report::{diff as rdiff, trend as rtrend};
use crate::session::Session;
use crate::session::store::{MAX_SESSION_BYTES, parse_session, read_limited};

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
    let d = rdiff::diff(&a, &b, ctx.today());
    let text = match args.format {
        ReportFormat::Text => rdiff::render_text(&d, ctx.lang),
        ReportFormat::Md => rdiff::render_markdown(&d, ctx.lang),
        ReportFormat::Json => rdiff::render_json(&d),
    };
    print(&text)?;
    // Differences are the answer, not a failure: exit 0 either way.
    Ok(ExitCode::SUCCESS)
}

pub fn trend(ctx: &Ctx, args: TrendArgs) -> Result<ExitCode> {
    if args.last == Some(0) {
        return Err(Error::Other(m::LAST_ZERO.get(ctx.lang).to_string()));
    }
    // Each session is reduced to a small point as soon as it is read, so memory stays flat.
    let today = ctx.today();
    let points = read_sessions(ctx, Some(&args.checklist), || {
        let mut shapes = rtrend::Shapes::default();
        move |s: Session| rtrend::Point::of(&s, today, &mut shapes)
    })?;
    if points.is_empty() {
        let all = read_sessions(ctx, None, || |s| rdiff::SessionKey::of(&s))?;
        return Err(no_sessions_of(ctx.lang, &args.checklist, &all));
    }
    let t = rtrend::trend_of_points(&args.checklist, points, args.last);
    let text = match args.format {
        ReportFormat::Text => rtrend::render_text(&t, ctx.lang),
        ReportFormat::Md => rtrend::render_markdown(&t, ctx.lang),
        ReportFormat::Json => rtrend::render_json(&t),
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
            let all = read_sessions(ctx, Some(&later.checklist.id), || {
                |s| rdiff::SessionKey::of(&s)
            })?;
            let earlier = rdiff::previous_of(&all, &rdiff::SessionKey::of(&later))
                .ok_or_else(|| no_earlier(ctx.lang, &later.id, &later.checklist.id))?;
            Ok((load(ctx, &earlier.id)?, later))
        }
        (None, _) => {
            let all = read_sessions(ctx, None, || |s| rdiff::SessionKey::of(&s))?;
            let later = rdiff::latest(&all).ok_or(Error::NoSessions)?;
            let earlier = rdiff::previous_of(&all, later)
                .ok_or_else(|| no_earlier(ctx.lang, &later.id, &later.checklist))?;
            Ok((load(ctx, &earlier.id)?, load(ctx, &later.id)?))
        }
    }
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

/// Every session that can be read (only those whose file mentions `checklist`, if given), each
/// turned into a `T` by the reader thread that parsed it, so that a caller needing little of each
/// session never holds them all. Damaged files never stop a report; they are named on stderr.
///
/// Files are read on all cores: parsing RON is the whole cost of `trend` over many sessions
/// (SPEC §8: 1,000 sessions in 300 ms), and the files are independent. `per_thread` makes one
/// converter per thread (it may keep state, such as shared checklist shapes).
fn read_sessions<T, F>(
    ctx: &Ctx,
    checklist: Option<&str>,
    per_thread: impl Fn() -> F + Sync,
) -> Result<Vec<T>>
where
    T: Send,
    F: FnMut(Session) -> T,
{
    let ids = ctx.store.ids()?;
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8)
        .min(ids.len().max(1));
    let chunk = ids.len().div_ceil(workers).max(1);
    let per_thread = &per_thread;
    let results: Vec<Vec<Read<T>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = ids
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut convert = per_thread();
                    part.iter()
                        .map(|id| match read_one(ctx, id, checklist) {
                            Read::Ok(s) => Read::Ok(convert(s)),
                            Read::Damaged(id) => Read::Damaged(id),
                            Read::Skipped => Read::Skipped,
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            // A worker that panicked has had its message printed by the panic hook; the sessions
            // it held are left out rather than taking the whole report down.
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut ok = Vec::new();
    let mut damaged = Vec::new();
    for read in results.into_iter().flatten() {
        match read {
            Read::Ok(s) => ok.push(s),
            Read::Damaged(id) => damaged.push(id),
            Read::Skipped => {}
        }
    }
    if !damaged.is_empty() {
        eprintln!(
            "zicha: {}",
            m::SKIPPED_DAMAGED.fmt(
                ctx.lang,
                &[("n", &damaged.len()), ("ids", &damaged.join(", "))]
            )
        );
    }
    Ok(ok)
}

enum Read<T> {
    Ok(T),
    Damaged(String),
    Skipped,
}

fn read_one(ctx: &Ctx, id: &str, checklist: Option<&str>) -> Read<Session> {
    let path = ctx.store.session_path(id);
    let Ok(bytes) = read_limited(&path, MAX_SESSION_BYTES) else {
        return Read::Damaged(id.to_string());
    };
    // Skip, unparsed, a file that cannot be of the wanted checklist: a session of checklist X embeds
    // `id: "X"`, and checklist ids are plain ASCII that RON never escapes. Invalid UTF-8 is left to
    // the parser, which reports it.
    if let (Some(c), Ok(text)) = (checklist, std::str::from_utf8(&bytes))
        && !text.contains(&format!("\"{c}\""))
    {
        return Read::Skipped;
    }
    match parse_session(&path, &bytes) {
        Ok(loaded) if checklist.is_none_or(|c| c == loaded.session.checklist.id) => {
            Read::Ok(loaded.session)
        }
        Ok(_) => Read::Skipped,
        Err(_) => Read::Damaged(id.to_string()),
    }
}
