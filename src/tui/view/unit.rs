//! The Unit screen: the counts (and who is missing, given a roster) at the top, then the items
//! ranked by how many flagged them; Enter swaps the list for who flagged the selected item and
//! their notes. The same model as `zicha unit` (`report::unit`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{bold, dim, put_lines, reversed, title};
use crate::messages::tui as m;
use crate::report::unit::{Unit, count_lines, names_of};
use crate::tui::app::{App, UnitView};
use crate::tui::layout::{Chrome, list_offset};
use crate::tui::text::{fit, pad, width, wrap};

pub fn draw(app: &App, view: &UnitView, frame: &mut Frame, chrome: Chrome) {
    let u = &view.unit;
    let lang = app.lang;
    let name = m::UNIT_TITLE.fmt(
        lang,
        &[("title", &u.title.get(lang)), ("n", &u.respondents.len())],
    );
    title(frame, chrome.title, &name, "");
    let body = chrome.body;
    let cols = body.width as usize;
    // The counts, wrapped; the heading line is the screen's title.
    let mut head: Vec<Line> = Vec::new();
    for text in count_lines(u, lang).into_iter().skip(1) {
        for part in wrap(&text, cols.saturating_sub(2).max(8)) {
            head.push(Line::raw(format!(" {part}")));
        }
    }
    head.truncate((body.height as usize).saturating_sub(3));
    let head_h = head.len() as u16 + 1;
    put_lines(
        frame,
        Rect {
            height: head_h,
            ..body
        },
        &head,
    );
    let rest = Rect {
        y: body.y + head_h,
        height: body.height.saturating_sub(head_h),
        ..body
    };
    if view.who {
        who(app, u, view.sel, view.scroll, frame, rest);
    } else {
        list(app, u, view.sel, frame, rest);
    }
}

fn list(app: &App, u: &Unit, sel: usize, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let cols = area.width as usize;
    let mut lines = vec![Line::styled(
        format!(" {}", m::UNIT_ITEMS.get(lang)),
        bold(),
    )];
    let rows = (area.height as usize).saturating_sub(1);
    let offset = list_offset(sel, u.items.len(), rows);
    let count_w = u.items.first().map_or(1, |i| i.flagged.to_string().len());
    for (i, item) in u.items.iter().enumerate().skip(offset).take(rows) {
        let lead = format!(" {:>count_w$}  {:<4} ", item.flagged, item.id);
        let text = fit(item.text.get(lang), cols.saturating_sub(width(&lead) + 1));
        let line = pad(&format!("{lead}{text}"), cols);
        let style = if i == sel {
            reversed()
        } else if item.flagged == 0 {
            dim()
        } else {
            Default::default()
        };
        lines.push(Line::styled(line, style));
    }
    put_lines(frame, area, &lines);
}

fn who(app: &App, u: &Unit, sel: usize, scroll: usize, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let Some(item) = u.items.get(sel) else { return };
    let cols = area.width as usize;
    let inner = cols.saturating_sub(4).max(8);
    let mut lines: Vec<Line> = vec![Line::styled(
        format!(
            " {}",
            m::UNIT_WHO_TITLE.fmt(lang, &[("id", &item.id), ("n", &item.flagged)])
        ),
        bold(),
    )];
    for part in wrap(item.text.get(lang), inner) {
        lines.push(Line::raw(format!("   {part}")));
    }
    if item.who.is_empty() {
        lines.push(Line::styled(
            format!("   {}", m::UNIT_NOBODY.get(lang)),
            dim(),
        ));
    }
    let mut body: Vec<Line> = Vec::new();
    for &w in &item.who {
        let member = &u.respondents[w];
        let rating = member
            .answer(&item.id)
            .and_then(|a| a.rating.value())
            .map(|v| v.to_string())
            .unwrap_or_default();
        body.push(Line::from(vec![
            Span::styled(format!(" {}", names_of(u, &[w], lang)), bold()),
            Span::raw(format!("  [{rating}]")),
        ]));
        let note = member
            .answer(&item.id)
            .map(|a| a.manifestation.as_str())
            .unwrap_or("");
        if note.is_empty() {
            body.push(Line::styled(
                format!("   {}", m::UNIT_NO_NOTE.get(lang)),
                dim(),
            ));
        }
        for part in wrap(note, inner) {
            body.push(Line::raw(format!("   {part}")));
        }
    }
    let room = (area.height as usize).saturating_sub(lines.len());
    let scroll = scroll.min(body.len().saturating_sub(room));
    lines.extend(body.into_iter().skip(scroll).take(room));
    put_lines(frame, area, &lines);
}
