//! The self-review as a document model: a header block, then a list of sections made of headings,
//! paragraphs and one table, all plain text (no markup, nothing escaped). Built once from the shared
//! helpers of `export.rs` (entries, numbered actions, ratings, statuses), so the Word document has the
//! Markdown's content and order. A writer walks [`Review::sections`] in order and renders each block;
//! a new section (e.g. the series' "last time's measures") is one more [`SectionKind`] pushed here.

use chrono::NaiveDate;

use super::{
    Entry, Numbered, Standing, entries, is_problem, numbered_actions, rating_text, sources_text,
    status_long, status_short,
};
use crate::i18n::{Lang, Msg};
use crate::messages::export as m;
use crate::report::last_time::{self, LastTime, Measure, State};
pub(crate) use crate::report::word::{Block, Table};
use crate::session::{Rating, Session};

/// The whole review, in reading order.
pub(crate) struct Review {
    /// `{checklist title} 对照检查材料`.
    pub title: String,
    /// Label, name, unit (when set), date, checklist, progress: one line each.
    pub meta: Vec<String>,
    /// "N items not rated yet" and the items, when any are.
    pub unrated: Option<(String, Vec<String>)>,
    pub sections: Vec<Section>,
    /// The closing block (落款).
    pub name: Option<String>,
    pub unit: Option<String>,
    pub date: NaiveDate,
}

/// What a section is, so that a writer can lay some out specially (the appendix on its own page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SectionKind {
    Preface,
    /// 一、上次整改措施落实情况, when the session was carried forward from another.
    LastTime,
    Problems,
    Causes,
    Measures,
    Appendix,
}

pub(crate) struct Section {
    pub kind: SectionKind,
    /// The numbered first-level heading ("一、存在的主要问题"); none for the preface.
    pub heading: Option<String>,
    pub blocks: Vec<Block>,
}

/// The lines of a user's text, trimmed, blank ones left out ("\r\n" and "\r" are newlines).
pub(crate) fn text_lines(text: &str) -> Vec<String> {
    text.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// One line: the text's lines joined by a space.
fn one_line(text: &str) -> String {
    text_lines(text).join(" ")
}

fn item_ref(e: &Entry, lang: Lang) -> String {
    m::ITEM_REF.fmt(
        lang,
        &[
            ("number", &e.number),
            ("text", &one_line(e.item.text.get(lang))),
        ],
    )
}

fn set(value: Option<&String>) -> Option<String> {
    value.map(|v| one_line(v)).filter(|v| !v.is_empty())
}

/// The review of `session`; when `previous` (the session it was carried forward from) is given, it
/// opens with how last time's measures were carried out, and the sections after it are numbered on
/// from 二, as in the Markdown export.
pub(crate) fn review_with(
    session: &Session,
    previous: Option<&Session>,
    lang: Lang,
    date: NaiveDate,
) -> Review {
    let entries = entries(session);
    let actions = numbered_actions(&entries, date);
    let (meta, unrated) = header(session, &entries, lang, date);
    let mut sections = Vec::new();
    let preface = text_lines(&session.preface);
    if !preface.is_empty() {
        sections.push(Section {
            kind: SectionKind::Preface,
            heading: None,
            blocks: preface.into_iter().map(Block::Para).collect(),
        });
    }
    let headings = match previous {
        Some(previous) => {
            let lt = last_time::last_time(session, previous, date);
            sections.push(last_time_section(&lt, lang));
            [&m::MD_PROBLEMS_2, &m::MD_CAUSES_3, &m::MD_ACTIONS_4]
        }
        None => [&m::MD_PROBLEMS, &m::MD_CAUSES, &m::MD_ACTIONS],
    };
    sections.push(problems(session, &entries, lang, headings[0]));
    sections.push(causes(session, lang, headings[1]));
    sections.push(measures(&entries, &actions, lang, date, headings[2]));
    sections.push(appendix(session, &entries, &actions, lang, date));
    Review {
        title: m::MD_TITLE.fmt(
            lang,
            &[("title", &one_line(session.checklist.title.get(lang)))],
        ),
        meta,
        unrated,
        sections,
        name: set(session.name.as_ref()),
        unit: set(session.unit.as_ref()),
        date,
    }
}

type Header = (Vec<String>, Option<(String, Vec<String>)>);

fn header(session: &Session, entries: &[Entry], lang: Lang, date: NaiveDate) -> Header {
    let mut meta = Vec::new();
    let optional = [
        (&m::MD_LABEL, &session.label),
        (&m::MD_NAME, &session.name),
        (&m::MD_UNIT, &session.unit),
    ];
    for (msg, value) in optional {
        if let Some(v) = set(value.as_ref()) {
            meta.push(msg.fmt(lang, &[("value", &v)]));
        }
    }
    meta.push(m::MD_DATE.fmt(lang, &[("value", &date)]));
    meta.push(m::MD_CHECKLIST.fmt(
        lang,
        &[
            ("id", &session.checklist.id),
            ("version", &session.checklist.version),
        ],
    ));
    let unrated: Vec<&Entry> = entries
        .iter()
        .filter(|e| !e.answer.rating.is_rated())
        .collect();
    meta.push(m::MD_PROGRESS.fmt(
        lang,
        &[
            ("rated", &(entries.len() - unrated.len())),
            ("items", &entries.len()),
        ],
    ));
    let unrated = (!unrated.is_empty()).then(|| {
        (
            m::MD_UNRATED.fmt(lang, &[("count", &unrated.len())]),
            unrated.iter().map(|e| item_ref(e, lang)).collect(),
        )
    });
    (meta, unrated)
}

/// 一、存在的主要问题: per group, problems most serious first.
fn problems(session: &Session, entries: &[Entry], lang: Lang, heading: &Msg) -> Section {
    let checklist = &session.checklist;
    let mut blocks = Vec::new();
    for group in &checklist.groups {
        let mut found: Vec<&Entry> = entries
            .iter()
            .filter(|e| std::ptr::eq(e.group, group) && is_problem(checklist, e.answer.rating))
            .collect();
        if found.is_empty() {
            continue;
        }
        // Stable: equally serious items keep checklist order.
        found.sort_by_key(|e| std::cmp::Reverse(e.answer.rating.value()));
        blocks.push(Block::Subheading(one_line(group.title.get(lang))));
        for e in found {
            blocks.push(Block::Point(item_ref(e, lang)));
            let rating = rating_text(checklist, e.answer.rating, lang);
            blocks.push(Block::Para(m::MD_RATING.fmt(lang, &[("label", &rating)])));
            let lines = text_lines(&e.answer.manifestation);
            if lines.is_empty() {
                blocks.push(Block::Placeholder(
                    m::MD_NO_MANIFESTATION.get(lang).to_string(),
                ));
            }
            blocks.extend(lines.into_iter().map(Block::Para));
            let sources = sources_text(checklist, e.answer, lang);
            blocks.push(Block::Para(if sources.is_empty() {
                m::MD_NO_SOURCES.get(lang).to_string()
            } else {
                m::MD_SOURCES.fmt(lang, &[("sources", &one_line(&sources))])
            }));
        }
    }
    if blocks.is_empty() {
        let lowest = checklist
            .lowest_value()
            .map(|v| rating_text(checklist, Rating::Value(v), lang))
            .unwrap_or_default();
        blocks.push(Block::Para(
            m::MD_NO_PROBLEMS.fmt(lang, &[("level", &lowest)]),
        ));
    }
    Section {
        kind: SectionKind::Problems,
        heading: Some(heading.get(lang).to_string()),
        blocks,
    }
}

/// 二、产生问题的原因: each prompt the user wrote something for.
fn causes(session: &Session, lang: Lang, heading: &Msg) -> Section {
    let mut blocks = Vec::new();
    for prompt in &session.checklist.causes {
        let lines = session
            .causes
            .iter()
            .find(|c| c.prompt == prompt.id)
            .map(|c| text_lines(&c.text))
            .unwrap_or_default();
        if !lines.is_empty() {
            blocks.push(Block::Subheading(one_line(prompt.prompt.get(lang))));
            blocks.extend(lines.into_iter().map(Block::Para));
        }
    }
    if blocks.is_empty() {
        blocks.push(Block::Placeholder(m::MD_NO_CAUSES.get(lang).to_string()));
    }
    Section {
        kind: SectionKind::Causes,
        heading: Some(heading.get(lang).to_string()),
        blocks,
    }
}

/// 三、整改措施: every action, numbered, under 立行立改 / 限期整改 / done / dropped.
fn measures(
    entries: &[Entry],
    actions: &[Numbered],
    lang: Lang,
    date: NaiveDate,
    heading: &Msg,
) -> Section {
    let mut blocks = Vec::new();
    let kinds = [
        (Standing::Immediate, &m::MD_IMMEDIATE),
        (Standing::Scheduled, &m::MD_SCHEDULED),
        (Standing::Done, &m::MD_DONE),
        (Standing::Dropped, &m::MD_DROPPED),
    ];
    for (standing, title) in kinds {
        let mut these = actions.iter().filter(|n| n.standing == standing).peekable();
        if these.peek().is_none() {
            continue;
        }
        blocks.push(Block::Subheading(title.get(lang).to_string()));
        for n in these {
            let mut lines = text_lines(&n.action.text).into_iter();
            let first = lines.next().unwrap_or_default();
            blocks.push(Block::Para(format!("{}. {first}", n.number)));
            blocks.extend(lines.map(Block::Para));
            let due = n
                .action
                .due
                .map_or_else(|| m::NO_DUE.get(lang).to_string(), |d| d.to_string());
            let status = match standing {
                Standing::Immediate | Standing::Scheduled | Standing::Dropped => {
                    status_short(n.action, date, lang).to_string()
                }
                Standing::Done => status_long(n.action, date, lang),
            };
            blocks.push(Block::Para(m::MD_ACTION_DETAIL.fmt(
                lang,
                &[
                    ("item", &item_ref(&entries[n.entry], lang)),
                    ("due", &due),
                    ("status", &one_line(&status)),
                ],
            )));
            for note in text_lines(&n.action.note) {
                blocks.push(Block::Para(m::MD_NOTE.fmt(lang, &[("note", &note)])));
            }
            blocks.extend(tracking_lines(n.action, lang).into_iter().map(Block::Para));
        }
    }
    if blocks.is_empty() {
        blocks.push(Block::Placeholder(m::MD_NO_ACTIONS.get(lang).to_string()));
    }
    Section {
        kind: SectionKind::Measures,
        heading: Some(heading.get(lang).to_string()),
        blocks,
    }
}

/// 一、上次整改措施落实情况: the counts, the repeats (反弹) first, then every measure of last time as
/// it stands now, numbered.
fn last_time_section(lt: &LastTime, lang: Lang) -> Section {
    let label = one_line(lt.previous.display_label());
    let mut blocks = vec![Block::Para(last_time_intro(lt, &label, lang))];
    let checklist = &lt.previous.checklist;
    if !lt.repeats.is_empty() {
        blocks.push(Block::Para(
            m::MD_REPEATS.fmt(lang, &[("count", &lt.repeats.len())]),
        ));
        for r in &lt.repeats {
            let done: Vec<String> = r.done.iter().map(|a| one_line(&a.text)).collect();
            blocks.push(Block::Para(m::MD_REPEAT.fmt(
                lang,
                &[
                    ("item", &one_line(r.item.text.get(lang))),
                    ("rating", &rating_text(checklist, r.rating, lang)),
                    ("done", &done.join(m::LIST_SEP.get(lang))),
                ],
            )));
        }
    }
    for (i, measure) in lt.measures.iter().enumerate() {
        let line = m::MD_MEASURE.fmt(
            lang,
            &[
                ("text", &one_line(&measure.action.text)),
                ("item", &one_line(measure.item.text.get(lang))),
                ("state", &one_line(&measure_state(measure, lang))),
            ],
        );
        blocks.push(Block::Para(format!("{}. {line}", i + 1)));
    }
    Section {
        kind: SectionKind::LastTime,
        heading: Some(m::MD_LAST_TIME.get(lang).to_string()),
        blocks,
    }
}

/// "上次对照检查：{label}（{date}），整改措施 4 项：已完成 2 项，已放弃 1 项。": the counts of last
/// time's measures, the states none is in left out; or that there were none. `label` as it is to be
/// shown (the Markdown export escapes it first). Shared with the Markdown export.
pub(crate) fn last_time_intro(lt: &LastTime, label: &str, lang: Lang) -> String {
    if lt.measures.is_empty() {
        return m::MD_LAST_TIME_NONE.fmt(lang, &[("label", &label)]);
    }
    let parts: Vec<String> = lt
        .counts()
        .iter()
        .zip([
            &m::LT_DONE,
            &m::LT_OPEN,
            &m::LT_OVERDUE,
            &m::LT_DROPPED,
            &m::LT_NOT_CARRIED,
        ])
        .filter(|(n, _)| **n > 0)
        .map(|(n, msg)| msg.fmt(lang, &[("n", n)]))
        .collect();
    m::MD_LAST_TIME_INTRO.fmt(
        lang,
        &[
            ("label", &label),
            ("date", &lt.previous.created.date_naive()),
            ("total", &lt.measures.len()),
            ("counts", &parts.join(m::LT_SEP.get(lang))),
        ],
    )
}

/// Where one of last time's measures stands now, as the review says it. Shared with the Markdown
/// export.
pub(crate) fn measure_state(measure: &Measure, lang: Lang) -> String {
    match &measure.state {
        State::Done(Some(d)) => m::STATUS_DONE_ON.fmt(lang, &[("date", d)]),
        State::Done(None) => m::STATUS_DONE.get(lang).to_string(),
        State::Open => match measure.action.due {
            Some(due) => m::STATE_STILL_OPEN_DUE.fmt(lang, &[("due", &due)]),
            None => m::STATE_STILL_OPEN.get(lang).to_string(),
        },
        State::Overdue(due) => m::STATUS_OVERDUE_DUE.fmt(lang, &[("due", due)]),
        State::Dropped(reason) if reason.is_empty() => m::STATUS_DROPPED.get(lang).to_string(),
        State::Dropped(reason) => m::STATUS_DROPPED_REASON.fmt(lang, &[("reason", reason)]),
        State::NotCarried => m::STATE_NOT_CARRIED.get(lang).to_string(),
    }
}

/// 附表:逐项对照检查情况: one row per item, every item.
fn appendix(
    session: &Session,
    entries: &[Entry],
    actions: &[Numbered],
    lang: Lang,
    date: NaiveDate,
) -> Section {
    let columns = [
        &m::COL_NUMBER,
        &m::COL_GROUP,
        &m::COL_ITEM,
        &m::COL_RATING,
        &m::COL_MANIFESTATION,
        &m::COL_ACTIONS,
    ];
    let mut by_entry: Vec<Vec<&Numbered>> = vec![Vec::new(); entries.len()];
    for n in actions {
        by_entry[n.entry].push(n);
    }
    let rows = entries
        .iter()
        .zip(&by_entry)
        .map(|(e, acts)| {
            vec![
                vec![e.number.to_string()],
                vec![one_line(e.group.title.get(lang))],
                vec![one_line(e.item.text.get(lang))],
                vec![rating_text(&session.checklist, e.answer.rating, lang)],
                text_lines(&e.answer.manifestation),
                acts.iter()
                    .map(|n| {
                        m::ACTION_REF.fmt(
                            lang,
                            &[
                                ("number", &n.number),
                                ("text", &one_line(&n.action.text)),
                                ("status", &one_line(&status_long(n.action, date, lang))),
                            ],
                        )
                    })
                    .collect(),
            ]
        })
        .collect();
    Section {
        kind: SectionKind::Appendix,
        heading: Some(m::MD_APPENDIX.get(lang).to_string()),
        blocks: vec![Block::Table(Table {
            columns: columns.iter().map(|c| c.get(lang).to_string()).collect(),
            centred: vec![true, false, false, false, false, false],
            weights: None,
            rows,
        })],
    }
}

/// The ledger fields an action holds (owner, target, progress, outcome, evidence, who verified it
/// and when), one line each, for the measures of the written review (Markdown and Word alike).
/// Fields not set give no line.
pub(crate) fn tracking_lines(a: &crate::session::Action, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut one = |msg: &Msg, v: &str| {
        let v = one_line(v);
        if !v.is_empty() {
            out.push(msg.fmt(lang, &[("v", &v)]));
        }
    };
    one(&m::MD_OWNER, a.owner.as_deref().unwrap_or(""));
    one(&m::MD_TARGET, a.target.as_deref().unwrap_or(""));
    for p in &a.progress {
        one(
            &m::MD_ACTION_PROGRESS,
            &format!("{} {}", p.on, one_line(&p.text)),
        );
    }
    one(&m::MD_OUTCOME, a.outcome.as_deref().unwrap_or(""));
    let evidence: Vec<String> = a.evidence.iter().map(|e| one_line(e)).collect();
    one(&m::MD_EVIDENCE, &evidence.join(m::LIST_SEP.get(lang)));
    if let Some(on) = a.verified_on {
        let by = a.verified_by.as_deref().map(one_line).unwrap_or_default();
        out.push(if by.is_empty() {
            m::MD_VERIFIED.fmt(lang, &[("date", &on)])
        } else {
            m::MD_VERIFIED_BY.fmt(lang, &[("date", &on), ("by", &by)])
        });
    }
    out
}
