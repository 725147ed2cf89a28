//! The home screen: sessions grouped by checklist, damaged files, checklists to start from.

use ratatui::Frame;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::{bold, dim, reversed, title};
use crate::messages::tui as m;
use crate::tui::app::{App, HomeRow};
use crate::tui::layout::{Chrome, list_offset};
use crate::tui::text::{fit, pad};

pub fn draw(app: &App, frame: &mut Frame, chrome: Chrome) {
    let lang = app.lang;
    title(frame, chrome.title, m::HOME_TITLE.get(lang), "");
    let body = chrome.body;
    let width = body.width as usize;
    let height = body.height as usize;
    let offset = list_offset(app.home.sel, app.home.rows.len(), height);
    // Whose session it is matters only when the sessions are not all one person's.
    let several = app
        .home
        .sessions
        .iter()
        .any(|s| s.respondent() != app.home.sessions[0].respondent());
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
                HomeRow::Session(s) => {
                    let s = &app.home.sessions[*s];
                    let p = s.progress(app.today());
                    let progress =
                        m::PROGRESS.fmt(lang, &[("rated", &p.rated), ("items", &p.items)]);
                    let mut actions = m::ACTIONS_COUNT.fmt(lang, &[("open", &p.open_actions)]);
                    if p.overdue_actions > 0 {
                        actions.push_str(", ");
                        actions.push_str(
                            &m::OVERDUE_COUNT.fmt(lang, &[("overdue", &p.overdue_actions)]),
                        );
                    }
                    let date = s.created.format("%Y-%m-%d").to_string();
                    // Fixed columns on the right; the label takes what is left.
                    let fixed = 2 + 12 + 2 + 14 + 2 + 26;
                    let label_w = width.saturating_sub(fixed + 2).max(8);
                    let label = match s.respondent().display().filter(|_| several) {
                        Some(who) => format!("{}  {who}", s.display_label()),
                        None => s.display_label().to_string(),
                    };
                    let text = format!(
                        "{marker}{}  {}  {}  {}",
                        pad(&label, label_w),
                        pad(&date, 12),
                        pad(&progress, 14),
                        actions
                    );
                    let overdue = p.overdue_actions > 0;
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
                        "{marker}! {id}  {}: {}",
                        m::HOME_DAMAGED.get(lang),
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
            }
        })
        .collect();
    super::put_lines(frame, body, &lines);
}
