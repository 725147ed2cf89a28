//! The trend as lines of text: the text report, and what the TUI's Trend screen shows.

use super::model::*;
use crate::i18n::Lang;
use crate::messages::compare as m;
use crate::report::diff::SessionRef;
use crate::report::layout::{Align, columns};
use crate::session::Rating;

pub use crate::report::diff::{Line, LineKind};

pub(super) fn line(kind: LineKind, text: impl Into<String>) -> Line {
    Line {
        kind,
        text: text.into(),
    }
}

pub(super) fn cell(v: Option<i64>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

pub(super) fn date(s: &SessionRef) -> String {
    s.created.format("%Y-%m-%d").to_string()
}

/// Whether the last score is lower (better) or higher than the first, for styling a row.
pub(super) fn direction(scores: &[Option<i64>]) -> LineKind {
    let mut rated = scores.iter().flatten();
    match (rated.next(), scores.iter().flatten().last()) {
        (Some(first), Some(last)) if last < first => LineKind::Better,
        (Some(first), Some(last)) if last > first => LineKind::Worse,
        _ => LineKind::Plain,
    }
}

pub(super) fn heading_lines(t: &Trend, lang: Lang) -> Vec<String> {
    let mut out =
        vec![m::TREND_TITLE.fmt(lang, &[("title", &t.title.get(lang)), ("id", &t.checklist)])];
    if let Some(who) = &t.respondent {
        let who = crate::error::who_text(who, lang);
        out.push(m::TREND_RESPONDENT.fmt(lang, &[("who", &who)]));
    }
    match (t.sessions.first(), t.sessions.last()) {
        (Some(first), Some(last)) if t.sessions.len() > 1 => {
            let args: [(&str, &dyn std::fmt::Display); 4] = [
                ("n", &t.sessions.len()),
                ("total", &t.total_sessions),
                ("first", &date(first)),
                ("last", &date(last)),
            ];
            let span = if t.total_sessions > t.sessions.len() {
                m::TREND_SPAN_LAST.fmt(lang, &args)
            } else {
                m::TREND_SPAN.fmt(lang, &args)
            };
            out.push(span);
        }
        (Some(only), _) => out.push(m::TREND_SPAN_ONE.fmt(lang, &[("date", &date(only))])),
        _ => {}
    }
    out
}

/// The trend as lines: sessions, group scores (one column per session), actions, item sparklines.
pub fn lines(t: &Trend, lang: Lang) -> Vec<Line> {
    let mut out: Vec<Line> = heading_lines(t, lang)
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            line(
                if i == 0 {
                    LineKind::Title
                } else {
                    LineKind::Summary
                },
                s,
            )
        })
        .collect();

    out.push(line(LineKind::Blank, ""));
    out.push(line(LineKind::Heading, m::TREND_SESSIONS.get(lang)));
    let rows: Vec<Vec<String>> = t
        .sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut row = vec![(i + 1).to_string(), date(s), s.id.clone()];
            if let Some(l) = &s.label {
                row.push(m::QUOTED.fmt(lang, &[("text", l)]));
            }
            row
        })
        .collect();
    out.extend(
        columns(&rows, &[Align::Right], "  ")
            .into_iter()
            .map(|s| line(LineKind::Plain, s)),
    );

    // Score table: a header of session numbers, one row per group, the total, then the actions.
    let numbers = (1..=t.sessions.len()).map(|i| i.to_string());
    let mut rows: Vec<Vec<String>> = vec![
        std::iter::once(String::new())
            .chain(numbers.clone())
            .collect(),
    ];
    let mut kinds = vec![LineKind::Heading];
    for g in &t.groups {
        rows.push(
            std::iter::once(g.title.get(lang).to_string())
                .chain(g.scores.iter().map(|v| cell(*v)))
                .collect(),
        );
        kinds.push(direction(&g.scores));
    }
    rows.push(
        std::iter::once(m::TOTAL.get(lang).to_string())
            .chain(t.total.iter().map(|v| cell(*v)))
            .collect(),
    );
    kinds.push(LineKind::Summary);
    let mut align = vec![Align::Left];
    align.extend(std::iter::repeat_n(Align::Right, t.sessions.len()));
    out.push(line(LineKind::Blank, ""));
    out.push(line(LineKind::Heading, m::TREND_SCORES.get(lang)));
    out.extend(
        columns(&rows, &align, "  ")
            .into_iter()
            .zip(kinds)
            .map(|(s, k)| line(k, s)),
    );

    let action_rows = vec![
        std::iter::once(String::new()).chain(numbers).collect(),
        std::iter::once(m::TREND_OPEN.get(lang).to_string())
            .chain(t.open_actions.iter().map(usize::to_string))
            .collect(),
        std::iter::once(m::TREND_OVERDUE.get(lang).to_string())
            .chain(t.overdue_actions.iter().map(usize::to_string))
            .collect::<Vec<_>>(),
    ];
    out.push(line(LineKind::Blank, ""));
    out.push(line(LineKind::Heading, m::TREND_ACTIONS.get(lang)));
    out.extend(
        columns(&action_rows, &align, "  ")
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                line(
                    if i == 0 {
                        LineKind::Heading
                    } else {
                        LineKind::Plain
                    },
                    s,
                )
            }),
    );

    out.push(line(LineKind::Blank, ""));
    out.push(line(LineKind::Heading, m::TREND_ITEMS.get(lang)));
    if let Some(legend) = legend(t, lang) {
        out.push(line(LineKind::Plain, legend));
    }
    for g in &t.groups {
        out.push(line(LineKind::Heading, format!("  {}", g.title.get(lang))));
        for item in t.items.iter().filter(|i| i.group == g.id) {
            let now = item.ratings.last().copied().unwrap_or_default();
            out.push(line(
                direction(&item.ratings.iter().map(|r| r.value()).collect::<Vec<_>>()),
                format!(
                    "    |{}|  {} {}{}",
                    t.sparkline(item),
                    item.id,
                    item.text.get(lang),
                    now_text(lang, now)
                ),
            ));
        }
    }
    out
}

pub(super) fn legend(t: &Trend, lang: Lang) -> Option<String> {
    let (low, high) = t.scale.as_ref()?;
    Some(format!(
        "  {}",
        m::TREND_LEGEND.fmt(
            lang,
            &[
                ("low", &format!("{} {}", low.value, low.label.get(lang))),
                ("high", &format!("{} {}", high.value, high.label.get(lang))),
            ],
        )
    ))
}

pub(super) fn now_text(lang: Lang, now: Rating) -> String {
    m::PARENS.fmt(
        lang,
        &[(
            "list",
            &m::TREND_NOW.fmt(lang, &[("rating", &rating_text(lang, now))]),
        )],
    )
}

pub(super) fn rating_text(lang: Lang, r: Rating) -> String {
    match r {
        Rating::Value(v) => v.to_string(),
        Rating::NotApplicable => m::NOT_APPLICABLE.get(lang).to_string(),
        Rating::Unrated => m::UNRATED.get(lang).to_string(),
    }
}

/// The text format: [`lines`] joined, one per row.
pub fn render_text(t: &Trend, lang: Lang) -> String {
    let mut s = String::new();
    for l in lines(t, lang) {
        s.push_str(&l.text);
        s.push('\n');
    }
    s
}
