//! The home screen: moving over the session list, opening, marking two sessions, and starting the
//! Compare and Trend screens from it.

use crate::tui::message::Message;

use crate::messages::tui as m;
use crate::report::diff;
use crate::session::query::{SessionKey, previous_of};
use crate::tui::app::{App, CompareView, HomeRow, Popup, Screen, TrendView, new_form};
use crate::tui::reports;

use super::body_height;
use super::forms::open_export;

pub(super) fn home(app: &mut App, action: Message) {
    let page = body_height(app).max(1);
    match action {
        Message::Up | Message::ScrollUp => home_move(app, -1),
        Message::Down | Message::ScrollDown => home_move(app, 1),
        Message::PageUp => home_move(app, -(page as isize)),
        Message::PageDown => home_move(app, page as isize),
        Message::First => home_move(app, -(app.home.rows.len() as isize)),
        Message::Last => home_move(app, app.home.rows.len() as isize),
        Message::Open => home_open(app),
        Message::New => {
            let checklist = match app.home.rows.get(app.home.sel) {
                Some(HomeRow::Checklist(i)) => *i,
                Some(HomeRow::Session(i)) => {
                    let id = &app.home.sessions[*i].checklist;
                    app.checklists.iter().position(|c| &c.id == id).unwrap_or(0)
                }
                _ => 0,
            };
            if app.checklists.is_empty() {
                app.notice(&m::NO_CHECKLISTS);
            } else {
                app.popup = Some(Popup::NewSession(new_form(app, checklist)));
            }
        }
        Message::NewFrom => new_from(app),
        Message::Export => match app.home.rows.get(app.home.sel).cloned() {
            Some(HomeRow::Session(i)) => {
                let id = app.home.sessions[i].id.clone();
                match app.store.load(&id) {
                    Ok(l) => open_export(app, l.session),
                    Err(e) => app.notice = Some(e.render(app.lang)),
                }
            }
            _ => app.notice(&m::EXPORT_PICK_SESSION),
        },
        Message::Mark => mark(app),
        Message::Compare => open_compare(app),
        Message::Trend => open_trend(app),
        Message::NewChecklist => super::from_text::open(app),
        Message::Unit => super::unit::open_unit(app, None),
        Message::Click { col, row } => {
            let body = crate::tui::view::home::list_area(app, super::screen_chrome(app).body);
            if row < body.y || row >= body.bottom() || col >= body.right() {
                return;
            }
            // The list as drawn: a click does not scroll it (see `Home::offset`).
            let offset = app.home.offset(body.height as usize);
            let i = offset + (row - body.y) as usize;
            if app
                .home
                .rows
                .get(i)
                .is_some_and(crate::tui::app::Home::selectable)
            {
                app.home.sel = i;
            }
        }
        _ => {}
    }
}

/// Moves the home selection by `delta` selectable rows' worth, skipping headings.
pub(super) fn home_move(app: &mut App, delta: isize) {
    let rows = &app.home.rows;
    let selectable: Vec<usize> = (0..rows.len())
        .filter(|&i| crate::tui::app::Home::selectable(&rows[i]))
        .collect();
    if selectable.is_empty() {
        return;
    }
    let cur = selectable
        .iter()
        .position(|&i| i >= app.home.sel)
        .unwrap_or(0) as isize;
    let next = (cur + delta).clamp(0, selectable.len() as isize - 1) as usize;
    app.home.sel = selectable[next];
}

pub(super) fn home_open(app: &mut App) {
    match app.home.rows.get(app.home.sel).cloned() {
        Some(HomeRow::Session(i)) => {
            let id = app.home.sessions[i].id.clone();
            if let Err(e) = app.open_session(&id) {
                app.notice = Some(e.render(app.lang));
            }
        }
        // What is wrong is in full in the panel under the list.
        Some(HomeRow::Damaged(_) | HomeRow::Broken(_)) => {}
        Some(HomeRow::Checklist(i)) => app.popup = Some(Popup::NewSession(new_form(app, i))),
        _ => {}
    }
}

pub(super) fn selected_session(app: &App) -> Option<usize> {
    match app.home.rows.get(app.home.sel) {
        Some(HomeRow::Session(i)) => Some(*i),
        _ => None,
    }
}

pub(super) fn mark(app: &mut App) {
    let Some(i) = selected_session(app) else {
        return app.notice(&m::COMPARE_MARK_SESSION);
    };
    let id = app.home.sessions[i].id.clone();
    let marked = &mut app.home.marked;
    if let Some(at) = marked.iter().position(|m| *m == id) {
        marked.remove(at);
    } else if marked.len() >= 2 {
        return app.notice(&m::COMPARE_TWO_MARKED);
    } else {
        marked.push(id);
    }
    let n = app.home.marked.len();
    app.notice = Some(m::MARKED.fmt(app.lang, &[("n", &n)]));
}

/// The two sessions `c` compares: the two marked; one marked and the selected one; else the selected
/// one and the one before it of the same checklist. `Err` is the message to show instead.
pub(super) fn compare_pair(app: &App) -> Result<(String, String), String> {
    let lang = app.lang;
    let find = |id: &str| app.home.sessions.iter().find(|s| s.id == id);
    let selected = selected_session(app).map(|i| &app.home.sessions[i]);
    let pair = match (app.home.marked.as_slice(), selected) {
        ([a, b], _) => (find(a), find(b)),
        ([a], Some(s)) if *a != s.id => (find(a), Some(s)),
        (_, Some(s)) => {
            let keys: Vec<SessionKey> = app.home.sessions.iter().map(SessionKey::from).collect();
            let key = keys.iter().find(|k| k.id == s.id).cloned();
            let earlier = key.as_ref().and_then(|k| previous_of(&keys, k));
            match earlier {
                Some(e) => (find(&e.id), Some(s)),
                None => {
                    return Err(m::COMPARE_NO_EARLIER.fmt(lang, &[("name", &s.display_label())]));
                }
            }
        }
        (_, None) => return Err(m::COMPARE_PICK_SESSION.get(lang).to_string()),
    };
    let (Some(a), Some(b)) = pair else {
        return Err(m::COMPARE_PICK_SESSION.get(lang).to_string());
    };
    if a.checklist != b.checklist {
        return Err(m::COMPARE_DIFFERENT.fmt(
            lang,
            &[("a", &a.display_label()), ("b", &b.display_label())],
        ));
    }
    // Two people's answers are not a before and after (SPEC §10): refused as `zicha diff A B` does.
    let (wa, wb) = (a.respondent(), b.respondent());
    if wa != wb {
        return Err(crate::error::Error::DifferentRespondents {
            a: a.id.clone(),
            wa: Box::new(wa),
            b: b.id.clone(),
            wb: Box::new(wb),
        }
        .render(lang));
    }
    Ok((a.id.clone(), b.id.clone()))
}

pub(super) fn open_compare(app: &mut App) {
    let (x, y) = match compare_pair(app) {
        Ok(pair) => pair,
        Err(msg) => {
            app.notice = Some(msg);
            return;
        }
    };
    match reports::load_pair(&app.store, &x, &y) {
        Ok((a, b)) => {
            app.screen = Screen::Compare(CompareView {
                diff: diff::diff(&a, &b, app.today()),
                scroll: 0,
            });
        }
        Err(e) => app.notice = Some(e.render(app.lang)),
    }
}

/// "New from this one" (SPEC §10): a new session of the selected one's checklist (the newest
/// version zicha has, else the one embedded in it), carrying its name, unit and open actions.
fn new_from(app: &mut App) {
    let Some(HomeRow::Session(i)) = app.home.rows.get(app.home.sel) else {
        return app.notice(&m::NEW_FROM_PICK);
    };
    let id = app.home.sessions[*i].id.clone();
    let store = app.store.clone();
    let prev = match store.load(&id) {
        Ok(l) => l.session,
        Err(e) => {
            app.notice = Some(e.render(app.lang));
            return;
        }
    };
    let checklist = app
        .checklists
        .iter()
        .find(|c| c.id == prev.checklist.id)
        .cloned()
        .unwrap_or_else(|| prev.checklist.clone());
    let left = prev.uncarriable(&checklist).len();
    let meta = crate::session::NewSession {
        label: None,
        name: None,
        unit: None,
        from: Some(prev),
    };
    let created = store.create(checklist, meta, app.now);
    match created.and_then(|s| app.open_session(&s.id)) {
        Ok(()) => {
            if left > 0 {
                app.notice = Some(m::NEW_FROM_NOT_CARRIED.fmt(app.lang, &[("n", &left)]));
            }
        }
        Err(e) => app.notice = Some(e.render(app.lang)),
    }
}

pub(super) fn open_trend(app: &mut App) {
    // The trend of one person (SPEC §10): the selected session's respondent, or on a checklist row
    // the respondent of its most recently updated session.
    let (checklist, title, who) = match app.home.rows.get(app.home.sel) {
        Some(HomeRow::Session(i)) => {
            let s = &app.home.sessions[*i];
            (
                s.checklist.clone(),
                s.checklist_title.get(app.lang).to_string(),
                Some(s.respondent()),
            )
        }
        Some(HomeRow::Checklist(i)) => match app.checklists.get(*i) {
            Some(c) => (
                c.id.clone(),
                c.title.get(app.lang).to_string(),
                crate::session::query::most_recent(&app.home.sessions, Some(&c.id))
                    .map(|s| s.respondent()),
            ),
            None => return,
        },
        _ => return app.notice(&m::TREND_PICK),
    };
    let ids: Vec<String> = app
        .home
        .sessions
        .iter()
        .filter(|s| s.checklist == checklist && who.as_ref().is_none_or(|w| *w == s.respondent()))
        .map(|s| s.id.clone())
        .collect();
    if ids.is_empty() {
        app.notice = Some(m::TREND_NONE.fmt(app.lang, &[("title", &title)]));
        return;
    }
    let trend = match reports::load_trend(&app.store, &checklist, &ids, app.today()) {
        Ok(mut trend) => {
            trend.respondent = who;
            trend
        }
        Err(e) => {
            app.notice = Some(e.render(app.lang));
            return;
        }
    };
    if trend.sessions.is_empty() {
        app.notice = Some(m::TREND_NONE.fmt(app.lang, &[("title", &title)]));
        return;
    }
    app.screen = Screen::Trend(TrendView { trend, scroll: 0 });
}
