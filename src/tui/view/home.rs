//! The home screen: sessions grouped by checklist, damaged files, checklists to start from, and
//! the user checklists that cannot be used. When a damaged session or a broken checklist is
//! selected, a panel under the list says in full what is wrong and what to do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::{bold, dim, reversed, title};
use crate::messages::home as hm;
use crate::messages::tui as m;
use crate::session::Summary;
use crate::tui::app::{App, HomeRow};
use crate::tui::layout::Chrome;
use crate::tui::text::{fit, pad, width as text_width, wrap};

/// Width of the date column (`2026-12-02`).
const DATE_W: usize = 10;

/// The full text of what is wrong with the selected row (a damaged session, a broken checklist),
/// wrapped at `width`; empty for other rows.
pub fn panel(app: &App, width: usize) -> Vec<String> {
    let lang = app.lang;
    let w = width.saturating_sub(2).max(1);
    let mut paras = Vec::new();
    match app.home.rows.get(app.home.sel) {
        Some(HomeRow::Broken(i)) => {
            let Some(b) = app.broken.get(*i) else {
                return Vec::new();
            };
            let file = b.file.display().to_string();
            // What to do comes before the problems: with many problems, the last are the ones
            // that may not fit (and `zicha check` lists them all).
            paras.push(hm::BROKEN_OPEN.get(lang).to_string());
            paras.push(hm::BROKEN_FIX.fmt(lang, &[("file", &file)]));
            paras.extend(b.problems.iter().map(|p| p.render(lang)));
        }
        Some(HomeRow::Damaged(i)) => {
            let Some((id, err)) = app.home.damaged.get(*i) else {
                return Vec::new();
            };
            paras.push(format!("{id}  {}", m::HOME_DAMAGED.get(lang)));
            paras.push(err.clone());
            paras.push(hm::DAMAGED_FIX.get(lang).to_string());
        }
        _ => return Vec::new(),
    }
    paras
        .iter()
        .flat_map(|p| wrap(p, w))
        .map(|l| format!(" {l}"))
        .collect()
}

/// The list's part of the body: all of it, or what the panel (after a blank row) leaves; the list
/// keeps its rows up to half the body. `update` hit-tests clicks and pages with the same function.
pub fn list_area(app: &App, body: Rect) -> Rect {
    let panel = panel(app, body.width as usize).len() as u16;
    if panel == 0 {
        return body;
    }
    let need = (app.home.rows.len() as u16).min(body.height / 2);
    let height = body.height.saturating_sub(panel + 1).max(need);
    Rect { height, ..body }
}

/// What names a session row: its label (or "no label"), whose it is when the list holds several
/// people's, and what tells it from a row of the same name and date.
fn name_of(app: &App, i: usize, s: &Summary) -> (String, Option<String>) {
    let lang = app.lang;
    let label = crate::session::model::label_of(s.label.as_deref())
        .map(str::to_string)
        .unwrap_or_else(|| hm::NO_LABEL.get(lang).to_string());
    // 「李四（财务科）」 in Chinese, "李四 (财务科)" in English.
    let name = match s.respondent().display_in(lang).filter(|_| app.home.several) {
        Some(who) => format!("{label}  {who}"),
        None => label,
    };
    (name, app.home.suffix.get(i).cloned().flatten())
}

fn counts(app: &App, s: &Summary) -> (String, String, bool) {
    let lang = app.lang;
    let p = s.progress(app.today());
    let progress = m::PROGRESS.fmt(lang, &[("rated", &p.rated), ("items", &p.items)]);
    let mut actions = m::ACTIONS_COUNT.fmt(lang, &[("open", &p.open_actions)]);
    if p.overdue_actions > 0 {
        actions.push_str(hm::JOIN.get(lang));
        actions.push_str(&m::OVERDUE_COUNT.fmt(lang, &[("overdue", &p.overdue_actions)]));
    }
    (progress, actions, p.overdue_actions > 0)
}

/// The widths of the progress and actions columns: those of the widest entries any session could
/// show, found from the largest counts rather than by writing out every row's text (a frame of
/// 10,000 sessions draws about twenty rows). The text is wider with more digits and with an
/// overdue part, so the largest counts, and the overdue part if any session has one, give it.
fn count_widths(app: &App) -> (usize, usize) {
    let today = app.today();
    let (mut rated, mut items, mut open, mut overdue) = (0, 0, 0, 0);
    for s in &app.home.sessions {
        let p = s.progress(today);
        rated = rated.max(p.rated);
        items = items.max(p.items);
        open = open.max(p.open_actions);
        overdue = overdue.max(p.overdue_actions);
    }
    if app.home.sessions.is_empty() {
        return (0, 0);
    }
    let lang = app.lang;
    let progress = m::PROGRESS.fmt(lang, &[("rated", &rated), ("items", &items)]);
    let mut actions = m::ACTIONS_COUNT.fmt(lang, &[("open", &open)]);
    if overdue > 0 {
        actions.push_str(hm::JOIN.get(lang));
        actions.push_str(&m::OVERDUE_COUNT.fmt(lang, &[("overdue", &overdue)]));
    }
    (text_width(&progress), text_width(&actions))
}

pub fn draw(app: &App, frame: &mut Frame, chrome: Chrome) {
    let lang = app.lang;
    title(frame, chrome.title, m::HOME_TITLE.get(lang), "");
    let body = chrome.body;
    let list = list_area(app, body);
    let width = body.width as usize;
    let height = list.height as usize;
    let offset = app.home.offset(height);
    // The right-hand columns are as wide as their widest entry; the name takes the rest, so that
    // at 80 columns a label, a name and a `#2` fit whole.
    let (progress_w, actions_w) = count_widths(app);
    // One column is kept free on the right, so that a popup's border never has a row's last
    // character beside it.
    let name_w = width
        .saturating_sub(2 + 2 + DATE_W + 2 + progress_w + 2 + actions_w + 1)
        .max(12);
    let lines: Vec<Line> = app
        .home
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, row)| {
            let selected = i == app.home.sel;
            let marked = match row {
                HomeRow::Session(s) => app.home.marked.contains(&app.home.sessions[*s].id),
                _ => false,
            };
            // `*` marks a session chosen for comparing (ASCII: no ambiguous-width symbols).
            let marker = match (selected, marked) {
                (true, true) => ">*",
                (true, false) => "> ",
                (false, true) => " *",
                (false, false) => "  ",
            };
            let style = if selected {
                reversed()
            } else {
                Style::default()
            };
            match row {
                HomeRow::Heading(t) => Line::styled(
                    fit(&format!(" {}", app.home.titles[*t].get(lang)), width),
                    bold(),
                ),
                HomeRow::Session(k) => {
                    let s = &app.home.sessions[*k];
                    let (progress, actions, overdue) = counts(app, s);
                    let (name, suffix) = name_of(app, *k, s);
                    // The suffix is what tells the row apart: the name gives way, never the suffix.
                    let name = match suffix {
                        Some(suf) => {
                            let room = name_w.saturating_sub(text_width(&suf) + 1);
                            format!("{} {suf}", fit(&name, room).trim_end())
                        }
                        None => name,
                    };
                    let date = s.created.format("%Y-%m-%d").to_string();
                    let text = format!(
                        "{marker}{}  {}  {}  {}",
                        pad(&name, name_w),
                        pad(&date, DATE_W),
                        pad(&progress, progress_w),
                        actions
                    );
                    let st = if overdue && !selected {
                        style.fg(Color::Yellow)
                    } else {
                        style
                    };
                    Line::styled(pad(&text, width), st)
                }
                HomeRow::Damaged(d) => {
                    let (id, err) = &app.home.damaged[*d];
                    let text = format!(
                        "{marker}! {id}  {}{}{}",
                        m::HOME_DAMAGED.get(lang),
                        hm::COLON.get(lang),
                        err.lines().next().unwrap_or_default()
                    );
                    let st = if selected {
                        style
                    } else {
                        style.fg(Color::Red)
                    };
                    Line::styled(pad(&text, width), st)
                }
                HomeRow::Empty => {
                    Line::styled(fit(&format!("  {}", m::HOME_EMPTY.get(lang)), width), dim())
                }
                HomeRow::NewHeading => Line::from(vec![Span::styled(
                    fit(&format!(" {}", m::HOME_NEW.get(lang)), width),
                    bold(),
                )]),
                HomeRow::Checklist(c) => {
                    let checklist = &app.checklists[*c];
                    let text = m::HOME_CHECKLIST.fmt(
                        lang,
                        &[
                            ("title", &checklist.title.get(lang)),
                            ("id", &checklist.id),
                            ("items", &checklist.item_count()),
                        ],
                    );
                    Line::styled(pad(&format!("{marker}+ {text}"), width), style)
                }
                HomeRow::BrokenHeading => Line::styled(
                    fit(&format!(" {}", hm::BROKEN_HEADING.get(lang)), width),
                    bold(),
                ),
                HomeRow::Broken(b) => {
                    let broken = &app.broken[*b];
                    let file = broken.file.file_name().map_or_else(
                        || broken.file.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    let text =
                        hm::BROKEN_ROW.fmt(lang, &[("file", &file), ("n", &broken.problems.len())]);
                    let st = if selected {
                        style
                    } else {
                        style.fg(Color::Red)
                    };
                    Line::styled(pad(&format!("{marker}! {text}"), width), st)
                }
            }
        })
        .collect();
    super::put_lines(frame, list, &lines);
    let panel = panel(app, width);
    if !panel.is_empty() && list.height < body.height {
        let area = Rect {
            y: list.bottom() + 1,
            height: body.bottom().saturating_sub(list.bottom() + 1),
            ..body
        };
        let st = bold().fg(Color::Red);
        let lines: Vec<Line> = panel.into_iter().map(|l| Line::styled(l, st)).collect();
        super::put_lines(frame, area, &lines);
    }
}
