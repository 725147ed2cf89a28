//! The fill screen: the item list on the left, the selected item on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::{bold, dim, reversed, title};
use crate::messages::tui as m;
use crate::session::{ActionStatus, Answer, Rating};
use crate::tui::app::{App, Doc, Focus, Popup, Row};
use crate::tui::layout::{self, Chrome, list_offset};
use crate::tui::text::{fit, width, wrap};

/// The marker of a rating in the list: `[ ]` unrated, `[2]` a value, `[-]` not applicable.
pub fn marker(rating: Rating) -> String {
    match rating {
        Rating::Unrated => "[ ]".into(),
        Rating::NotApplicable => "[-]".into(),
        Rating::Value(v) => format!("[{v}]"),
    }
}

pub fn session_title(app: &App, doc: &Doc) -> (String, String) {
    let s = &doc.session;
    let left = format!("{}  {}", s.checklist.title.get(app.lang), s.display_label());
    let right = if doc.read_only() {
        format!("[{}]", m::READ_ONLY.get(app.lang))
    } else {
        String::new()
    };
    (left, right)
}

pub fn draw(app: &App, frame: &mut Frame, chrome: Chrome) {
    let Some(doc) = &app.doc else { return };
    let (left, right) = session_title(app, doc);
    title(frame, chrome.title, &left, &right);
    let areas = layout::fill(chrome.body);
    list(app, doc, frame, areas.list);
    // The multi-line editor covers the item pane: drawing it underneath would be wasted work.
    let covered = matches!(&app.popup, Some(Popup::Text(t)) if t.kind.multiline());
    if !covered {
        detail(app, doc, frame, areas.detail);
    }
}

fn list(app: &App, doc: &Doc, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let w = area.width as usize;
    let height = area.height as usize;
    let sel_row = doc.item_rows.get(app.sel).copied().unwrap_or(0);
    let offset = list_offset(sel_row, doc.rows.len(), height);
    let groups = &doc.session.checklist.groups;
    let mut item_no = 0;
    // Numbering counts items before the visible window too.
    for row in &doc.rows[..offset.min(doc.rows.len())] {
        if let Row::Item { .. } = row {
            item_no += 1;
        }
    }
    let lines: Vec<Line> = doc.rows[offset.min(doc.rows.len())..]
        .iter()
        .take(height)
        .map(|row| match row {
            Row::Group(g) => {
                let group = &groups[*g];
                let (rated, total) = doc
                    .item_group
                    .iter()
                    .zip(&doc.session.answers)
                    .filter(|(ig, _)| **ig == *g)
                    .fold((0, 0), |(r, t), (_, a)| {
                        (r + usize::from(a.rating.is_rated()), t + 1)
                    });
                Line::styled(
                    fit(&format!("{} {rated}/{total}", group.title.get(lang)), w),
                    bold(),
                )
            }
            Row::Item { item, .. } => {
                item_no += 1;
                let answer = &doc.session.answers[*item];
                let text = doc
                    .item(*item)
                    .map(|i| i.text.get(lang))
                    .unwrap_or_default();
                let note = if answer.manifestation.trim().is_empty() {
                    ' '
                } else {
                    '*'
                };
                let line = fit(
                    &format!("{}{note}{item_no:>2} {text}", marker(answer.rating)),
                    w,
                );
                let selected = *item == app.sel;
                let style = match (selected, app.focus) {
                    (true, Focus::Items) => reversed(),
                    (true, Focus::Actions(_)) => bold(),
                    (false, _) if !answer.rating.is_rated() => Style::default().fg(Color::Yellow),
                    _ => Style::default(),
                };
                Line::styled(line, style)
            }
        })
        .collect();
    super::put_lines(frame, area, &lines);
    // The selected row is highlighted across the whole width, not only under its text.
    let sel_row = sel_row.saturating_sub(offset);
    if app.focus == Focus::Items && sel_row < height {
        let row = Rect {
            y: area.y + sel_row as u16,
            height: 1,
            ..area
        };
        frame.buffer_mut().set_style(row, reversed());
    }
}

/// The scale as one or more lines: `[2 Moderate]` marks the current rating.
fn scale_lines(app: &App, doc: &Doc, answer: &Answer, w: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut tokens: Vec<(String, bool)> = doc
        .session
        .checklist
        .scale
        .iter()
        .map(|l| {
            (
                format!("{} {}", l.value, l.label.get(lang)),
                answer.rating == Rating::Value(l.value),
            )
        })
        .collect();
    tokens.push((
        format!("- {}", m::NOT_APPLICABLE.get(lang)),
        answer.rating == Rating::NotApplicable,
    ));
    let head = format!("{}: ", m::SCALE.get(lang));
    let mut lines = Vec::new();
    let mut spans = vec![Span::styled(head.clone(), bold())];
    let mut used = width(&head);
    for (text, on) in tokens {
        let cell = if on {
            format!("[{text}]")
        } else {
            format!(" {text} ")
        };
        let cw = width(&cell) + 1;
        if used + cw > w && used > 0 {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
            spans.push(Span::raw("  "));
            used += 2;
        }
        spans.push(Span::styled(
            cell,
            if on { reversed() } else { Style::default() },
        ));
        spans.push(Span::raw(" "));
        used += cw;
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}

/// "上次:3 较突出  会议偏多…": last time's rating and note of the selected item, as a reference,
/// when the session was carried forward from one that rated or described it.
fn previous_line(app: &App, doc: &Doc, w: usize) -> Option<Line<'static>> {
    let lang = app.lang;
    let (prev, answer) = doc.previous_answer(app.sel)?;
    let note = answer
        .manifestation
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !answer.rating.is_rated() && note.is_empty() {
        return None;
    }
    let rating = match answer.rating {
        Rating::Unrated => m::UNRATED.get(lang).to_string(),
        Rating::NotApplicable => m::NOT_APPLICABLE.get(lang).to_string(),
        Rating::Value(v) => match prev.checklist.level(v) {
            Some(l) => format!("{v} {}", l.label.get(lang)),
            None => v.to_string(),
        },
    };
    let text = m::PREVIOUS.fmt(lang, &[("rating", &rating), ("note", &note)]);
    Some(Line::styled(fit(text.trim_end(), w), dim()))
}

/// "责任人:张三;目标:…;进展 2 条;佐证 1 项", or `None` when no ledger field is set.
fn ledger_line(app: &App, a: &crate::session::Action) -> Option<String> {
    let lang = app.lang;
    let any = a.owner.is_some()
        || a.target.is_some()
        || a.outcome.is_some()
        || !a.progress.is_empty()
        || !a.evidence.is_empty()
        || a.verified_on.is_some()
        || a.verified_by.is_some();
    if !any {
        return None;
    }
    let none = m::EMPTY_FIELD.get(lang);
    let verified = match (a.verified_on, &a.verified_by) {
        (None, None) => String::new(),
        (on, by) => m::LEDGER_VERIFIED.fmt(
            lang,
            &[
                (
                    "date",
                    &on.map_or_else(|| none.to_string(), |d| d.to_string()),
                ),
                ("by", &by.as_deref().unwrap_or(none)),
            ],
        ),
    };
    Some(m::LEDGER_LINE.fmt(
        lang,
        &[
            ("owner", &a.owner.as_deref().unwrap_or(none)),
            ("target", &a.target.as_deref().unwrap_or(none)),
            ("progress", &a.progress.len()),
            ("evidence", &a.evidence.len()),
            ("verified", &verified),
        ],
    ))
}

/// The lines of an item's actions, marking the focused one.
fn action_lines(app: &App, answer: &Answer, w: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let today = app.today();
    let mut lines = vec![Line::styled(
        format!("{} ({})", m::ACTIONS.get(lang), answer.actions.len()),
        bold(),
    )];
    for (i, a) in answer.actions.iter().enumerate() {
        let focused = app.focus == Focus::Actions(i);
        let mark = match a.status {
            ActionStatus::Open if a.is_overdue(today) => "[!]",
            ActionStatus::Open => "[ ]",
            ActionStatus::Done => "[x]",
            ActionStatus::Dropped => "[-]",
        };
        let mut tail = Vec::new();
        if let Some(d) = a.due {
            tail.push(m::DUE.fmt(lang, &[("date", &d)]));
        }
        if a.is_overdue(today) {
            tail.push(m::OVERDUE.get(lang).to_string());
        }
        match a.status {
            ActionStatus::Done => {
                if let Some(d) = a.done_on {
                    tail.push(m::DONE_ON.fmt(lang, &[("date", &d)]));
                }
            }
            ActionStatus::Dropped => tail.push(m::DROPPED.fmt(lang, &[("reason", &a.note)])),
            ActionStatus::Open => {}
        }
        let cursor = if focused { ">" } else { " " };
        let room = w.saturating_sub(5);
        let mut body = wrap(&format!("{cursor}{mark} {}. {}", i + 1, a.text), room);
        if !tail.is_empty() {
            // The due date and status follow the text, or start a line of their own if they do not
            // fit: a bracket is never left alone at the end of a line.
            let tail = format!("({})", tail.join(", "));
            let last = body.last().map(|l| width(l)).unwrap_or(0);
            if last + 2 + width(&tail) <= room {
                if let Some(l) = body.last_mut() {
                    l.push_str("  ");
                    l.push_str(&tail);
                }
            } else {
                body.extend(wrap(&tail, room));
            }
        }
        let style = if focused {
            reversed()
        } else if a.is_overdue(today) {
            Style::default().fg(Color::Yellow)
        } else if a.status != ActionStatus::Open {
            dim()
        } else {
            Style::default()
        };
        for (k, l) in body.into_iter().enumerate() {
            let indent = if k == 0 { "" } else { "     " };
            lines.push(Line::styled(format!("{indent}{l}"), style));
        }
        // The focused action's ledger fields, when any is filled in (`i` edits them).
        if focused && let Some(ledger) = ledger_line(app, a) {
            for l in wrap(&ledger, room) {
                lines.push(Line::styled(format!("     {l}"), dim()));
            }
        }
    }
    lines
}

fn detail(app: &App, doc: &Doc, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let w = area.width as usize;
    let h = area.height as usize;
    let Some((group, item)) = doc.session.checklist.items().nth(app.sel) else {
        return;
    };
    let Some(answer) = doc.session.answers.get(app.sel) else {
        return;
    };
    let mut top: Vec<Line> = vec![Line::styled(
        fit(
            &m::ITEM_OF.fmt(
                lang,
                &[
                    ("group", &group.title.get(lang)),
                    ("n", &(app.sel + 1)),
                    ("total", &doc.items()),
                ],
            ),
            w,
        ),
        dim(),
    )];
    top.extend(
        wrap(item.text.get(lang), w)
            .into_iter()
            .map(|l| Line::styled(l, bold())),
    );
    if let Some(hint) = &item.hint {
        top.extend(
            wrap(hint.get(lang), w)
                .into_iter()
                .map(|l| Line::styled(l, dim())),
        );
    }
    top.push(Line::raw(""));
    top.extend(scale_lines(app, doc, answer, w));
    // What the chosen level means, when the checklist says.
    if let Some(desc) = answer
        .rating
        .value()
        .and_then(|v| doc.session.checklist.level(v))
        .and_then(|l| l.description.as_ref())
    {
        top.extend(
            wrap(desc.get(lang), w)
                .into_iter()
                .map(|l| Line::styled(l, dim())),
        );
    }
    if let Some(line) = previous_line(app, doc, w) {
        top.push(line);
    }
    top.push(Line::raw(""));

    let sources: Vec<&str> = answer
        .sources
        .iter()
        .filter_map(|s| doc.session.checklist.finding_source(s))
        .map(|s| s.label.get(lang))
        .collect();
    let sources_text = if sources.is_empty() {
        m::EMPTY_FIELD.get(lang).to_string()
    } else {
        sources.join(", ")
    };
    let mut bottom: Vec<Line> = vec![Line::raw("")];
    // The key in brackets only where it works (not on a read-only view).
    let key = |k: &str| {
        if doc.read_only() {
            String::new()
        } else {
            format!(" ({k})")
        }
    };
    let head = format!("{}{}: ", m::SOURCES.get(lang), key("s"));
    for (k, l) in wrap(&format!("{head}{sources_text}"), w)
        .into_iter()
        .enumerate()
    {
        bottom.push(if k == 0 && l.starts_with(&head) {
            Line::from(vec![
                Span::styled(head.clone(), bold()),
                Span::raw(l[head.len()..].to_string()),
            ])
        } else {
            Line::raw(l)
        });
    }
    let mut actions = action_lines(app, answer, w);
    // The actions may take up to half the pane; the focused one is kept in view.
    // ... and never more than what is left under the item, its scale, the sources and two lines of
    // the manifestation, so that the focused action is never cut off at the bottom.
    let left = h.saturating_sub(top.len() + bottom.len() + 2);
    let max_actions = (h / 2).max(2).min(left.max(2));
    if actions.len() > max_actions {
        let focused = match app.focus {
            Focus::Actions(i) => actions
                .iter()
                .position(|l| l.spans.first().is_some_and(|s| s.content.starts_with('>')))
                .unwrap_or(i),
            Focus::Items => 0,
        };
        // `focused` counts the heading line; the window shows `shown` lines ending at it.
        let shown = max_actions - 1;
        let head = actions.remove(0);
        actions = std::iter::once(head)
            .chain(
                actions
                    .into_iter()
                    .skip(focused.saturating_sub(shown))
                    .take(shown),
            )
            .collect();
    }
    bottom.extend(actions);

    // The manifestation gets what is left between the two.
    let room = h.saturating_sub(top.len() + bottom.len()).max(2);
    let mut middle: Vec<Line> = vec![Line::styled(
        format!("{}{}", m::MANIFESTATION.get(lang), key("m")),
        bold(),
    )];
    if answer.manifestation.trim().is_empty() {
        middle.push(Line::styled(m::EMPTY_FIELD.get(lang), dim()));
    } else {
        let lines = wrap(&answer.manifestation, w);
        let fits = room.saturating_sub(1);
        if lines.len() > fits && fits > 0 {
            let more = lines.len() - (fits - 1);
            middle.extend(lines.into_iter().take(fits - 1).map(Line::raw));
            middle.push(Line::styled(
                fit(&m::MORE.fmt(lang, &[("n", &more)]), w),
                dim(),
            ));
        } else {
            middle.extend(lines.into_iter().map(Line::raw));
        }
    }
    while top.len() + middle.len() + bottom.len() < h {
        middle.push(Line::raw(""));
    }
    let all: Vec<Line> = top
        .into_iter()
        .chain(middle)
        .chain(bottom)
        .take(h)
        .collect();
    super::put_lines(frame, area, &all);
}
