//! The diff as lines of text: the text report, and what the TUI's Compare screen shows.

use crate::checklist::Text;
use crate::i18n::{Lang, Msg};
use crate::messages::compare as m;
use crate::report::layout::{Align, columns};
use crate::session::{ActionStatus, Rating};

use super::model::*;

/// What a line is, so that a screen can style it (a heading bold, worse red, better green).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Title,
    Heading,
    Summary,
    Better,
    Worse,
    Plain,
    Blank,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub text: String,
}

impl Line {
    pub(super) fn new(kind: LineKind, text: impl Into<String>) -> Self {
        Line {
            kind,
            text: text.into(),
        }
    }

    pub(super) fn blank() -> Self {
        Line::new(LineKind::Blank, "")
    }
}

/// The arrow of plain text: `→` is East-Asian ambiguous width and would break columns in CJK terminals.
pub(super) const ARROW: &str = "->";

/// The diff as lines: who is compared, a summary to read aloud, the per-group table, then the detail.
/// The text format is these lines joined; a TUI screen can show them as they are, styled by kind.
pub fn lines(d: &Diff, lang: Lang) -> Vec<Line> {
    let mut out = vec![
        Line::new(
            LineKind::Title,
            m::DIFF_TITLE.fmt(lang, &[("a", &d.a.name()), ("b", &d.b.name())]),
        ),
        Line::new(LineKind::Plain, session_line(lang, "A", &d.a)),
        Line::new(LineKind::Plain, session_line(lang, "B", &d.b)),
        Line::new(LineKind::Plain, checklist_line(lang, &d.checklist)),
        Line::blank(),
    ];
    out.extend(
        summary_sentences(d, lang)
            .into_iter()
            .map(|s| Line::new(LineKind::Summary, s)),
    );

    if d.groups.len() > 1 || d.overall.changed() {
        out.push(Line::blank());
        out.extend(group_table(d, lang));
    }

    for section in detail_sections(d, lang) {
        out.push(Line::blank());
        out.push(Line::new(
            LineKind::Heading,
            m::SECTION.fmt(
                lang,
                &[("title", &section.title), ("n", &section.lines.len())],
            ),
        ));
        out.extend(
            section
                .lines
                .into_iter()
                .map(|t| Line::new(section.kind, format!("  {t}"))),
        );
    }
    out
}

/// The text format: [`lines`] joined, one per row.
pub fn render_text(d: &Diff, lang: Lang) -> String {
    let mut s = String::new();
    for line in lines(d, lang) {
        s.push_str(&line.text);
        s.push('\n');
    }
    s
}

pub(super) fn session_line(lang: Lang, tag: &str, s: &SessionRef) -> String {
    let mut parts = vec![
        tag.to_string(),
        s.created.format("%Y-%m-%d").to_string(),
        s.id.clone(),
    ];
    if let Some(l) = &s.label {
        parts.push(m::QUOTED.fmt(lang, &[("text", l)]));
    }
    format!("  {}", parts.join("  "))
}

pub(super) fn checklist_line(lang: Lang, c: &ChecklistRef) -> String {
    let version = if c.version_a == c.version_b {
        m::VERSION.fmt(lang, &[("v", &c.version_b)])
    } else {
        m::VERSIONS.fmt(lang, &[("a", &c.version_a), ("b", &c.version_b)])
    };
    m::CHECKLIST_LINE.fmt(
        lang,
        &[
            ("title", &c.title.get(lang)),
            ("id", &c.id),
            ("version", &version),
        ],
    )
}

/// Joins the non-zero clauses into one sentence, or `None` if all are zero.
pub(super) fn clauses(lang: Lang, parts: &[(usize, &Msg)]) -> Option<String> {
    let said: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, msg)| msg.fmt(lang, &[("n", n)]))
        .collect();
    (!said.is_empty()).then(|| {
        format!(
            "{}{}",
            said.join(m::LIST_SEP.get(lang)),
            m::SENTENCE_END.get(lang)
        )
    })
}

pub(super) fn score_text(lang: Lang, v: Option<i64>) -> String {
    v.map_or_else(|| m::NO_SCORE.get(lang).to_string(), |v| v.to_string())
}

/// A few sentences that tell the story: ratings, score, actions.
pub fn summary_sentences(d: &Diff, lang: Lang) -> Vec<String> {
    let c = &d.overall;
    let mut out = Vec::new();
    if !c.changed() {
        out.push(m::NOTHING_CHANGED.get(lang).to_string());
    }
    // Problems that came back are the first thing a reader must hear.
    if c.repeats > 0 {
        out.push(m::SUM_REPEATS.fmt(lang, &[("n", &c.repeats)]));
    }
    let rated = c.improved + c.worsened + c.unchanged;
    if rated > 0 || c.changed() {
        let msg = if c.unrated_both > 0 {
            &m::SUM_RATINGS_UNRATED
        } else {
            &m::SUM_RATINGS
        };
        out.push(msg.fmt(
            lang,
            &[
                ("improved", &c.improved),
                ("worsened", &c.worsened),
                ("unchanged", &c.unchanged),
                ("unrated", &c.unrated_both),
            ],
        ));
    }
    if let Some(s) = clauses(
        lang,
        &[
            (c.newly_rated, &m::SUM_NEWLY_RATED),
            (c.no_longer_rated, &m::SUM_NO_LONGER_RATED),
            (c.now_not_applicable, &m::SUM_NOW_NA),
            (c.now_applicable, &m::SUM_NOW_APPLICABLE),
            (c.manifestation_changed, &m::SUM_MANIFESTATION),
            (c.added, &m::SUM_ADDED),
            (c.removed, &m::SUM_REMOVED),
        ],
    ) {
        out.push(s);
    }
    if d.score_before.is_some() || d.score_after.is_some() {
        out.push(m::SUM_SCORE.fmt(
            lang,
            &[
                ("before", &score_text(lang, d.score_before)),
                ("after", &score_text(lang, d.score_after)),
                ("arrow", &ARROW),
            ],
        ));
    }
    match clauses(
        lang,
        &[
            (c.actions_done, &m::SUM_ACTIONS_DONE),
            (c.actions_open, &m::SUM_ACTIONS_OPEN),
            (c.actions_overdue, &m::SUM_ACTIONS_OVERDUE),
            (c.actions_new, &m::SUM_ACTIONS_NEW),
            (c.actions_dropped, &m::SUM_ACTIONS_DROPPED),
            (c.actions_dropped_before, &m::SUM_ACTIONS_SETTLED_BEFORE),
        ],
    ) {
        Some(s) => out.push(m::SUM_ACTIONS.fmt(lang, &[("list", &s)])),
        None => out.push(m::SUM_NO_ACTIONS.get(lang).to_string()),
    }
    out
}

pub(super) fn group_table(d: &Diff, lang: Lang) -> Vec<Line> {
    let header = vec![
        m::COL_GROUP.get(lang).to_string(),
        m::COL_SCORE.get(lang).to_string(),
        m::COL_IMPROVED.get(lang).to_string(),
        m::COL_WORSENED.get(lang).to_string(),
        m::COL_UNCHANGED.get(lang).to_string(),
        m::COL_OTHER.get(lang).to_string(),
        m::COL_ACTIONS_DONE.get(lang).to_string(),
        m::COL_ACTIONS_OVERDUE.get(lang).to_string(),
    ];
    let row = |title: &str, c: &Counts, before: Option<i64>, after: Option<i64>| {
        vec![
            title.to_string(),
            format!(
                "{} {ARROW} {}",
                score_text(lang, before),
                score_text(lang, after)
            ),
            c.improved.to_string(),
            c.worsened.to_string(),
            c.unchanged.to_string(),
            other_count(c).to_string(),
            c.actions_done.to_string(),
            c.actions_overdue.to_string(),
        ]
    };
    let mut rows = vec![header];
    for g in &d.groups {
        rows.push(row(
            g.title.get(lang),
            &g.counts,
            g.score_before,
            g.score_after,
        ));
    }
    rows.push(row(
        m::TOTAL.get(lang),
        &d.overall,
        d.score_before,
        d.score_after,
    ));
    let mut align = vec![Align::Left];
    align.extend([Align::Right; 7]);
    let last = rows.len() - 1;
    columns(&rows, &align, "  ")
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let kind = if i == 0 {
                LineKind::Heading
            } else if i == last {
                LineKind::Summary
            } else {
                let g = &d.groups[i - 1];
                match g.score_after.unwrap_or(0).cmp(&g.score_before.unwrap_or(0)) {
                    std::cmp::Ordering::Less => LineKind::Better,
                    std::cmp::Ordering::Greater => LineKind::Worse,
                    std::cmp::Ordering::Equal => LineKind::Plain,
                }
            };
            Line::new(kind, text)
        })
        .collect()
}

/// Rating moves that are neither better, worse nor the same: newly / no longer rated, "not
/// applicable" moves, added and removed items.
pub(super) fn other_count(c: &Counts) -> usize {
    c.newly_rated
        + c.no_longer_rated
        + c.now_not_applicable
        + c.now_applicable
        + c.added
        + c.removed
}

pub(super) struct Section {
    pub(super) title: String,
    pub(super) kind: LineKind,
    pub(super) lines: Vec<String>,
}

pub(super) fn rating_text(lang: Lang, r: Rating, label: Option<&Text>) -> String {
    match (r, label) {
        (Rating::Value(v), Some(l)) => format!("{v} {}", l.get(lang)),
        (Rating::Value(v), None) => v.to_string(),
        (Rating::NotApplicable, _) => m::NOT_APPLICABLE.get(lang).to_string(),
        (Rating::Unrated, _) => m::UNRATED.get(lang).to_string(),
    }
}

pub(super) fn item_move(lang: Lang, i: &ItemDiff, arrow: &str) -> String {
    format!(
        "{} {arrow} {}",
        rating_text(lang, i.before, i.before_label.as_ref()),
        rating_text(lang, i.after, i.after_label.as_ref())
    )
}

pub(super) fn item_name(lang: Lang, g: &GroupDiff, i: &ItemDiff) -> String {
    m::ITEM_IN_GROUP.fmt(
        lang,
        &[
            ("id", &i.id),
            ("text", &i.text.get(lang)),
            ("group", &g.title.get(lang)),
        ],
    )
}

pub(super) fn action_detail(lang: Lang, a: &ActionDiff) -> String {
    let mut extra = Vec::new();
    if let Some(due) = a.due {
        extra.push(m::DUE.fmt(lang, &[("date", &due)]));
    }
    if a.overdue {
        extra.push(m::OVERDUE.get(lang).to_string());
    }
    match (a.status, a.done_on) {
        (Some(ActionStatus::Done), Some(on)) => extra.push(m::DONE_ON.fmt(lang, &[("date", &on)])),
        (Some(ActionStatus::Done), None) => extra.push(m::DONE.get(lang).to_string()),
        (Some(ActionStatus::Dropped), _) if !a.note.trim().is_empty() => {
            extra.push(m::DROPPED_BECAUSE.fmt(lang, &[("note", &a.note.trim())]))
        }
        (Some(ActionStatus::Dropped), _) => extra.push(m::DROPPED.get(lang).to_string()),
        // Dropped already in A: said as A said it, never as removed in B.
        (None, _) if a.before == Some(ActionStatus::Dropped) => {
            if a.note.trim().is_empty() {
                extra.push(m::DROPPED.get(lang).to_string());
            } else {
                extra.push(m::DROPPED_BECAUSE.fmt(lang, &[("note", &a.note.trim())]));
            }
        }
        (None, _) if a.before == Some(ActionStatus::Done) => match a.done_on {
            Some(on) => extra.push(m::DONE_ON.fmt(lang, &[("date", &on)])),
            None => extra.push(m::DONE.get(lang).to_string()),
        },
        (None, _) => extra.push(m::REMOVED_FROM_B.get(lang).to_string()),
        (Some(ActionStatus::Open), _) => {}
    }
    let text = one_line(&a.text);
    if extra.is_empty() {
        text
    } else {
        format!(
            "{text}{}",
            m::PARENS.fmt(lang, &[("list", &extra.join(m::LIST_SEP.get(lang)))])
        )
    }
}

pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Which actions a detail section lists.
pub(super) type ActionFilter = fn(&ActionDiff) -> bool;

/// The item-by-item detail, one section per kind of change, empty sections left out.
pub(super) fn detail_sections(d: &Diff, lang: Lang) -> Vec<Section> {
    // Repeats (反弹) come first: the problem is back although its measure was done.
    let mut out = vec![Section {
        title: m::SEC_REPEATS.get(lang).to_string(),
        kind: LineKind::Worse,
        lines: d
            .items()
            .filter(|(_, i)| i.repeat)
            .map(|(g, i)| {
                let done: Vec<String> = g
                    .actions
                    .iter()
                    .filter(|a| a.item == i.id && a.before == Some(ActionStatus::Done))
                    .map(|a| one_line(&a.text))
                    .collect();
                m::DETAIL_LINE.fmt(
                    lang,
                    &[
                        ("item", &item_name(lang, g, i)),
                        (
                            "detail",
                            &m::REPEAT_DETAIL.fmt(
                                lang,
                                &[
                                    (
                                        "rating",
                                        &rating_text(lang, i.after, i.after_label.as_ref()),
                                    ),
                                    ("done", &done.join(m::LIST_SEP.get(lang))),
                                ],
                            ),
                        ),
                    ],
                )
            })
            .collect(),
    }];
    let item_sections: [(Change, &Msg, LineKind); 8] = [
        (Change::Worsened, &m::SEC_WORSENED, LineKind::Worse),
        (Change::Improved, &m::SEC_IMPROVED, LineKind::Better),
        (Change::NewlyRated, &m::SEC_NEWLY_RATED, LineKind::Plain),
        (
            Change::NoLongerRated,
            &m::SEC_NO_LONGER_RATED,
            LineKind::Plain,
        ),
        (Change::NowNotApplicable, &m::SEC_NOW_NA, LineKind::Plain),
        (
            Change::NowApplicable,
            &m::SEC_NOW_APPLICABLE,
            LineKind::Plain,
        ),
        (Change::Added, &m::SEC_ADDED, LineKind::Plain),
        (Change::Removed, &m::SEC_REMOVED, LineKind::Plain),
    ];
    // (the repeats section opened `out` above)
    for (change, title, kind) in item_sections {
        let lines: Vec<String> = d
            .items()
            .filter(|(_, i)| i.change == change)
            .map(|(g, i)| match change {
                Change::Added | Change::Removed => item_name(lang, g, i),
                _ => m::DETAIL_LINE.fmt(
                    lang,
                    &[
                        ("item", &item_name(lang, g, i)),
                        ("detail", &item_move(lang, i, ARROW)),
                    ],
                ),
            })
            .collect();
        out.push(Section {
            title: title.get(lang).to_string(),
            kind,
            lines,
        });
    }
    out.push(Section {
        title: m::SEC_MANIFESTATION.get(lang).to_string(),
        kind: LineKind::Plain,
        lines: d
            .items()
            .filter(|(_, i)| i.manifestation_changed)
            .map(|(g, i)| item_name(lang, g, i))
            .collect(),
    });
    let action_sections: [(&Msg, LineKind, ActionFilter); 6] = [
        (&m::SEC_ACTIONS_OVERDUE, LineKind::Worse, |a| a.overdue),
        (&m::SEC_ACTIONS_DONE, LineKind::Better, |a| {
            a.change == ActionChange::Done
        }),
        // As in the summary, "still open" includes the overdue ones.
        (&m::SEC_ACTIONS_OPEN, LineKind::Plain, |a| {
            matches!(a.change, ActionChange::StillOpen | ActionChange::Overdue)
        }),
        (&m::SEC_ACTIONS_NEW, LineKind::Plain, |a| {
            a.change == ActionChange::New
        }),
        (&m::SEC_ACTIONS_DROPPED, LineKind::Plain, |a| {
            a.change == ActionChange::Dropped
        }),
        (&m::SEC_DROPPED_BEFORE, LineKind::Plain, |a| {
            a.change == ActionChange::Carried && a.before == Some(ActionStatus::Dropped)
        }),
    ];
    for (title, kind, keep) in action_sections {
        out.push(Section {
            title: title.get(lang).to_string(),
            kind,
            lines: d
                .actions()
                .filter(|(_, a)| keep(a))
                .map(|(_, a)| {
                    m::DETAIL_LINE.fmt(
                        lang,
                        &[
                            (
                                "item",
                                &m::ITEM_REF.fmt(
                                    lang,
                                    &[("id", &a.item), ("text", &a.item_text.get(lang))],
                                ),
                            ),
                            ("detail", &action_detail(lang, a)),
                        ],
                    )
                })
                .collect(),
        });
    }
    out.retain(|s| !s.lines.is_empty());
    out
}
