//! The Trend screen: one checklist over its sessions. A ratatui `Chart` of each group's total score
//! per session (a gap where nothing was rated), a legend by group title, and below it a scrolling table
//! of the items whose rating moved (sparkline, first -> last), biggest move first.
//!
//! The chart's axes are redrawn in ASCII after rendering: ratatui draws them with box-drawing
//! characters, which are ambiguous width and two columns wide in CJK terminals. The plotted lines use
//! Braille dots, which are narrow everywhere.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType};

use super::{bold, boxed, dim, title};
use crate::i18n::Lang;
use crate::messages::tui as m;
use crate::report::trend::{Trend, chart_points};
use crate::tui::app::{App, TrendView};
use crate::tui::layout::{self, Chrome};
use crate::tui::text::{fit, pad, width};

/// Line colours, one per group in order (then again from the start).
const COLOURS: [Color; 6] = [
    Color::Cyan,
    Color::Magenta,
    Color::Yellow,
    Color::Green,
    Color::Blue,
    Color::Red,
];

/// The sparkline column shows at most this many sessions (the newest).
const SPARK_MAX: usize = 24;

fn colour(group: usize) -> Color {
    COLOURS[group % COLOURS.len()]
}

pub fn draw(app: &App, view: &TrendView, frame: &mut Frame, chrome: Chrome) {
    let t = &view.trend;
    let lang = app.lang;
    let msg = if t.sessions.len() == 1 {
        &m::TREND_TITLE_ONE
    } else {
        &m::TREND_TITLE
    };
    let name = msg.fmt(
        lang,
        &[("title", &t.title.get(lang)), ("n", &t.sessions.len())],
    );
    title(frame, chrome.title, &name, "");
    let areas = layout::trend(chrome.body);
    chart(t, lang, frame, areas.chart);
    legend(t, lang, frame, areas.legend);
    table(t, lang, view.scroll, frame, areas.table);
}

/// An axis label for session `i`: its number and the day it was made.
fn session_label(t: &Trend, i: usize, lang: Lang) -> String {
    let day = t
        .sessions
        .get(i)
        .map(|s| s.created.format("%m-%d").to_string())
        .unwrap_or_default();
    match lang {
        Lang::Zh => format!("{}（{day}）", i + 1),
        Lang::En => format!("{} ({day})", i + 1),
    }
}

fn chart(t: &Trend, lang: Lang, frame: &mut Frame, area: Rect) {
    let n = t.sessions.len();
    let points: Vec<Vec<(f64, f64)>> = t.groups.iter().map(|g| chart_points(&g.scores)).collect();
    let datasets: Vec<Dataset> = t
        .groups
        .iter()
        .zip(&points)
        .enumerate()
        .map(|(i, (g, data))| {
            Dataset::default()
                .name(g.title.get(lang).to_string())
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::default().fg(colour(i)))
                .data(data)
        })
        .collect();
    let last = n.saturating_sub(1);
    let mut x_labels = vec![session_label(t, 0, lang)];
    // A middle label only where a session sits exactly under it.
    if last >= 2 && last.is_multiple_of(2) {
        x_labels.push(session_label(t, last / 2, lang));
    }
    // A chart axis needs two labels; one session stands alone at the left.
    x_labels.push(if last >= 1 {
        session_label(t, last, lang)
    } else {
        String::new()
    });
    let scores = t.groups.iter().flat_map(|g| g.scores.iter().flatten());
    let low = scores.clone().copied().min().unwrap_or(0).min(0);
    let high = scores.copied().max().unwrap_or(1).max(low + 1);
    let mut y_labels = vec![low.to_string()];
    if (high - low) % 2 == 0 && high - low >= 4 {
        y_labels.push(((low + high) / 2).to_string());
    }
    y_labels.push(high.to_string());
    let chart = Chart::new(datasets)
        .block(boxed(m::TREND_CHART.get(lang).to_string()))
        .legend_position(None)
        .x_axis(
            Axis::default()
                .bounds([0.0, last.max(1) as f64])
                .labels(x_labels)
                .style(dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([low as f64, high as f64])
                .labels(y_labels)
                .style(dim()),
        );
    frame.render_widget(chart, area);
    letters(
        t,
        frame,
        area,
        (last.max(1) as f64, low as f64, high as f64),
    );
    if super::ascii_borders() {
        ascii_axes(frame, area);
    }
}

/// The letter that marks group `i` on the chart and in the legend: A, B, C…
fn letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

/// Writes each group's letter at each of its points, so that the lines can be told apart without
/// colour (`NO_COLOR`, a monochrome terminal, a printout). The plot area is found from where the
/// chart drew its axes' corner; `x_max`, `low` and `high` are the chart's bounds.
fn letters(t: &Trend, frame: &mut Frame, area: Rect, (x_max, low, high): (f64, f64, f64)) {
    let buf = frame.buffer_mut();
    let inner = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
    .intersection(buf.area);
    let corner = (inner.top()..inner.bottom())
        .flat_map(|y| (inner.left()..inner.right()).map(move |x| (x, y)))
        .find(|&(x, y)| buf[(x, y)].symbol() == "└");
    let Some((cx, cy)) = corner else { return };
    let (left, right) = (cx + 1, inner.right().saturating_sub(1));
    let (top, bottom) = (inner.top(), cy.saturating_sub(1));
    if right < left || bottom < top {
        return;
    }
    let (w, h) = (f64::from(right - left), f64::from(bottom - top));
    for (i, g) in t.groups.iter().enumerate() {
        let style = Style::default()
            .fg(colour(i))
            .add_modifier(ratatui::style::Modifier::BOLD);
        for (x, y) in chart_points(&g.scores) {
            let col = left + ((x / x_max) * w).round() as u16;
            let frac = if high > low {
                (y - low) / (high - low)
            } else {
                0.0
            };
            let row = bottom - (frac.clamp(0.0, 1.0) * h).round() as u16;
            let cell = &mut buf[(col.min(right), row.max(top))];
            cell.set_char(letter(i));
            cell.set_style(style);
        }
    }
}

/// Replaces the box-drawing characters of the chart's axes with ASCII (see the module header).
fn ascii_axes(frame: &mut Frame, area: Rect) {
    let buf = frame.buffer_mut();
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            let ascii = match cell.symbol() {
                "│" => "|",
                "─" => "-",
                "└" => "+",
                _ => continue,
            };
            cell.set_symbol(ascii);
        }
    }
}

/// One `A title` per group in its line's colour (the letter marks its points on the chart), then
/// what the axes are, wrapped over the legend's rows.
fn legend(t: &Trend, lang: Lang, frame: &mut Frame, area: Rect) {
    let max = area.width as usize;
    let mut lines: Vec<Vec<Span>> = vec![vec![Span::raw(" ")]];
    let mut used = 1;
    let axes = m::TREND_AXES.get(lang).to_string();
    let entries = t
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (format!("{} {}", letter(i), g.title.get(lang)), Some(i)))
        .chain(std::iter::once((axes, None)));
    for (entry, group) in entries {
        let w = width(&entry) + 2;
        if used + w > max && used > 1 {
            lines.push(vec![Span::raw(" ")]);
            used = 1;
        }
        let style = group.map_or_else(dim, |i| Style::default().fg(colour(i)));
        if let Some(line) = lines.last_mut() {
            line.push(Span::styled(fit(&entry, max.saturating_sub(used)), style));
            line.push(Span::raw("  "));
        }
        used += w;
    }
    let lines: Vec<Line> = lines.into_iter().map(Line::from).collect();
    super::put_lines(frame, area, &lines);
}

fn table(t: &Trend, lang: Lang, scroll: usize, frame: &mut Frame, area: Rect) {
    let moved = t.moved();
    let cols = area.width as usize;
    let rows = (area.height as usize).saturating_sub(2);
    let offset = scroll.min(moved.len().saturating_sub(rows));
    let mut heading = format!(" {}", m::TREND_MOVED.fmt(lang, &[("n", &moved.len())]));
    if moved.len() > rows && rows > 0 {
        heading.push_str("   ");
        heading.push_str(&m::SCROLL_POS.fmt(
            lang,
            &[
                ("from", &(offset + 1)),
                ("to", &(offset + rows).min(moved.len())),
                ("total", &moved.len()),
            ],
        ));
    }
    let mut lines = vec![Line::styled(fit(&heading, cols), bold())];
    if moved.is_empty() {
        let note = match t.sessions.as_slice() {
            // One session cannot move: say what would make the trend useful.
            [only] => crate::messages::compare::TREND_SPAN_ONE
                .fmt(lang, &[("date", &only.created.format("%Y-%m-%d"))]),
            _ => m::TREND_NONE_MOVED.get(lang).to_string(),
        };
        let wrapped = crate::tui::text::wrap(&note, cols.saturating_sub(2).max(1));
        lines.extend(
            wrapped
                .into_iter()
                .map(|l| Line::styled(format!("  {l}"), dim())),
        );
        super::put_lines(frame, area, &lines);
        return;
    }
    // With more sessions than the column holds, it shows the newest and says so.
    let ratings_head = if t.sessions.len() > SPARK_MAX {
        m::TREND_COL_RATINGS_LAST.fmt(lang, &[("n", &SPARK_MAX)])
    } else {
        m::TREND_COL_RATINGS.get(lang).to_string()
    };
    let spark_w = t.sessions.len().min(SPARK_MAX).max(width(&ratings_head));
    let change_w = width(m::TREND_COL_CHANGE.get(lang)).max(8);
    let item_w = cols.saturating_sub(2 + spark_w + 2 + change_w + 2);
    lines.push(Line::styled(
        format!(
            "  {}  {}  {}",
            pad(&ratings_head, spark_w),
            pad(m::TREND_COL_CHANGE.get(lang), change_w),
            fit(m::TREND_COL_ITEM.get(lang), item_w)
        ),
        dim(),
    ));
    for mv in moved.iter().skip(offset).take(rows) {
        let spark: Vec<char> = t.sparkline(mv.item).chars().collect();
        let spark: String = spark[spark.len().saturating_sub(SPARK_MAX)..]
            .iter()
            .collect();
        let better = mv.last < mv.first;
        let change_style = Style::default().fg(if better { Color::Green } else { Color::Red });
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::raw(pad(&spark, spark_w)),
            Span::raw("  "),
            Span::styled(
                pad(&format!("{} -> {}", mv.first, mv.last), change_w),
                change_style,
            ),
            Span::raw("  "),
            Span::raw(fit(mv.item.text.get(lang), item_w)),
        ]));
    }
    super::put_lines(frame, area, &lines);
}
