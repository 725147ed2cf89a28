//! The fill screen: the item list on the left, the selected item on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::{bold, dim, reversed, title};
use crate::messages::tui as m;
use crate::session::{ActionStatus, Answer, Rating};
use crate::tui::app::{App, Doc, Focus, Popup, Row};
use crate::tui::itemlist;
use crate::tui::layout::{self, Chrome};
use crate::tui::text::{fit, pad, width, wrap};

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
    // With a filter on, the first row says which and how many items it shows.
    if let Some(f) = app.filter {
        let shown = itemlist::visible(app).len();
        let banner = m::FILTER_BANNER.fmt(
            lang,
            &[
                ("name", &f.name().get(lang)),
                ("n", &shown),
                ("total", &doc.items()),
            ],
        );
        super::put_lines(frame, area, &[Line::styled(pad(&banner, w), reversed())]);
    }
    let area = itemlist::body(app, area);
    let height = area.height as usize;
    let rows = itemlist::rows(app);
    let offset = itemlist::offset(app, &rows, height);
    let groups = &doc.session.checklist.groups;
    // The number column is as wide as the largest number, so 100 items and more stay aligned.
    let digits = doc.items().max(1).to_string().len().max(2);
    let lines: Vec<Line> = rows[offset.min(rows.len())..]
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
                    &format!(
                        "{}{note}{:>digits$} {text}",
                        marker(answer.rating),
                        item + 1
                    ),
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
    let sel_row = rows
        .iter()
        .position(|r| matches!(r, Row::Item { item, .. } if *item == app.sel))
        .unwrap_or(0);
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

/// Where a level of the scale is drawn in the item pane: row (counted from the pane's top), first
/// column, width, and the rating a click there gives.
type ScaleCell = (usize, usize, usize, Rating);

/// The scale as one or more lines: `[2 Moderate]` marks the current rating. Also where each level
/// sits, on rows counted from the first of these lines.
fn scale_lines(
    app: &App,
    doc: &Doc,
    answer: &Answer,
    w: usize,
) -> (Vec<Line<'static>>, Vec<ScaleCell>) {
    let lang = app.lang;
    let mut tokens: Vec<(String, Rating)> = doc
        .session
        .checklist
        .scale
        .iter()
        .map(|l| {
            (
                format!("{} {}", l.value, l.label.get(lang)),
                Rating::Value(l.value),
            )
        })
        .collect();
    tokens.push((
        format!("- {}", m::NOT_APPLICABLE.get(lang)),
        Rating::NotApplicable,
    ));
    let head = m::SCALE_HEAD.get(lang).to_string();
    let mut lines = Vec::new();
    let mut cells = Vec::new();
    let mut spans = vec![Span::styled(head.clone(), bold())];
    let mut used = width(&head);
    for (text, rating) in tokens {
        let on = answer.rating == rating;
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
        cells.push((lines.len(), used, cw - 1, rating));
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
    (lines, cells)
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
        m::ACTIONS_HEAD.fmt(lang, &[("n", &answer.actions.len())]),
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
            let tail = m::ACTION_TAIL.fmt(lang, &[("tail", &tail.join(m::TAIL_SEP.get(lang)))]);
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
    if let Some(pane) = pane(app, doc, area) {
        super::put_lines(frame, area, &pane.lines);
    }
}

/// Where each level of the selected item's scale is on screen, for clicks (the same layout as drawn).
pub fn scale_cells(app: &App, area: Rect) -> Vec<(Rect, Rating)> {
    let Some(pane) = app.doc.as_ref().and_then(|doc| pane(app, doc, area)) else {
        return Vec::new();
    };
    pane.scale
        .into_iter()
        .filter(|(row, ..)| *row < area.height as usize)
        .map(|(row, x, w, rating)| {
            let r = Rect::new(area.x + x as u16, area.y + row as u16, w as u16, 1);
            (r.intersection(area), rating)
        })
        .collect()
}

/// The item pane laid out: its lines, and where the scale's levels are.
struct Pane {
    lines: Vec<Line<'static>>,
    scale: Vec<ScaleCell>,
}

/// At most this many lines of the note are given up for the hint, blank lines and actions: at
/// 80x24, in English, an item with a long hint and three actions still shows three lines of its note.
const NOTE_KEEPS: usize = 3;

/// Lays the item pane out in `area`: the item, its hint, the scale, then the manifestation, then the
/// sources and actions at the bottom. When the pane is short the note keeps [`NOTE_KEEPS`] lines;
/// the hint (cut with `..`), the blank lines and the actions give way first.
fn pane(app: &App, doc: &Doc, area: Rect) -> Option<Pane> {
    let lang = app.lang;
    let w = area.width as usize;
    let h = area.height as usize;
    let (group, item) = doc.session.checklist.items().nth(app.sel)?;
    let answer = doc.session.answers.get(app.sel)?;
    let mut head: Vec<Line> = vec![Line::styled(
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
    head.extend(
        wrap(item.text.get(lang), w)
            .into_iter()
            .map(|l| Line::styled(l, bold())),
    );
    let hint: Vec<String> = item
        .hint
        .as_ref()
        .map(|hint| wrap(hint.get(lang), w))
        .unwrap_or_default();
    let (scale, mut cells) = scale_lines(app, doc, answer, w);
    let mut rating: Vec<Line> = scale;
    // What the chosen level means, when the checklist says.
    if let Some(desc) = answer
        .rating
        .value()
        .and_then(|v| doc.session.checklist.level(v))
        .and_then(|l| l.description.as_ref())
    {
        rating.extend(
            wrap(desc.get(lang), w)
                .into_iter()
                .map(|l| Line::styled(l, dim())),
        );
    }
    if let Some(line) = previous_line(app, doc, w) {
        rating.push(line);
    }

    let sources: Vec<&str> = answer
        .sources
        .iter()
        .filter_map(|s| doc.session.checklist.finding_source(s))
        .map(|s| s.label.get(lang))
        .collect();
    let sources_text = if sources.is_empty() {
        m::EMPTY_FIELD.get(lang).to_string()
    } else {
        sources.join(m::LIST_SEP.get(lang))
    };
    let mut found: Vec<Line> = Vec::new();
    // The key in brackets only where it works (not on a read-only view).
    let label = if doc.read_only() {
        m::SOURCES_HEAD_PLAIN.get(lang)
    } else {
        m::SOURCES_HEAD.get(lang)
    }
    .to_string();
    for (k, l) in wrap(&format!("{label}{sources_text}"), w)
        .into_iter()
        .enumerate()
    {
        found.push(if k == 0 && l.starts_with(&label) {
            Line::from(vec![
                Span::styled(label.clone(), bold()),
                Span::raw(l[label.len()..].to_string()),
            ])
        } else {
            Line::raw(l)
        });
    }
    let actions = action_lines(app, answer, w);
    let note: Vec<String> = if answer.manifestation.trim().is_empty() {
        Vec::new()
    } else {
        wrap(&answer.manifestation, w)
    };

    // What must be there, then what gives way, in this order: the first lines of the actions (the
    // heading and the focused one), two lines of hint, the blank lines, more actions, more hint.
    // While an action is focused, it comes before the note.
    let keeps = match app.focus {
        Focus::Actions(_) => 1,
        Focus::Items => NOTE_KEEPS,
    };
    let note_min = 1 + note.len().clamp(1, keeps);
    let mut room = h.saturating_sub(head.len() + rating.len() + found.len() + note_min);
    let mut take = |want: usize| {
        let n = want.min(room);
        room -= n;
        n
    };
    let mut actions_n = take(actions.len().min(3));
    let mut hint_n = take(hint.len().min(2));
    let blanks = take(3);
    actions_n += take(actions.len().min((h / 2).max(3)) - actions_n);
    hint_n += take(hint.len() - hint_n);

    let mut lines: Vec<Line> = head;
    let hint_cut = hint_n < hint.len();
    for (k, l) in hint.into_iter().take(hint_n).enumerate() {
        let l = match hint_cut && k + 1 == hint_n {
            true if width(&l) + 2 <= w => format!("{l}.."),
            true => fit(&format!("{l}..."), w),
            false => l,
        };
        lines.push(Line::styled(l, dim()));
    }
    if blanks >= 1 {
        lines.push(Line::raw(""));
    }
    let scale_row = lines.len();
    for c in &mut cells {
        c.0 += scale_row;
    }
    lines.extend(rating);
    if blanks >= 2 {
        lines.push(Line::raw(""));
    }

    let mut bottom: Vec<Line> = Vec::new();
    if blanks >= 3 {
        bottom.push(Line::raw(""));
    }
    bottom.extend(found);
    bottom.extend(window(app, actions, actions_n));

    // The manifestation gets what is left between the two.
    let room = h.saturating_sub(lines.len() + bottom.len()).max(2);
    let head = if doc.read_only() {
        m::MANIFESTATION.get(lang)
    } else {
        m::MANIFESTATION_HEAD.get(lang)
    };
    lines.push(Line::styled(head, bold()));
    let fits = room - 1;
    if note.is_empty() {
        lines.push(Line::styled(m::EMPTY_FIELD.get(lang), dim()));
    } else if note.len() > fits {
        let more = note.len() - (fits - 1);
        lines.extend(note.into_iter().take(fits - 1).map(Line::raw));
        lines.push(Line::styled(
            fit(&m::MORE.fmt(lang, &[("n", &more)]), w),
            dim(),
        ));
    } else {
        lines.extend(note.into_iter().map(Line::raw));
    }
    while lines.len() + bottom.len() < h {
        lines.push(Line::raw(""));
    }
    lines.extend(bottom);
    lines.truncate(h);
    Some(Pane {
        lines,
        scale: cells,
    })
}

/// The actions' lines cut to `shown`, keeping the heading and the focused action in view.
fn window(app: &App, mut actions: Vec<Line<'static>>, shown: usize) -> Vec<Line<'static>> {
    if actions.len() <= shown {
        return actions;
    }
    if shown == 0 {
        return Vec::new();
    }
    let focused = match app.focus {
        Focus::Actions(i) => actions
            .iter()
            .position(|l| l.spans.first().is_some_and(|s| s.content.starts_with('>')))
            .unwrap_or(i),
        Focus::Items => 0,
    };
    // `focused` counts the heading line; the window shows `shown - 1` lines ending at it.
    let rest = shown - 1;
    let head = actions.remove(0);
    std::iter::once(head)
        .chain(
            actions
                .into_iter()
                .skip(focused.saturating_sub(rest))
                .take(rest),
        )
        .collect()
}
