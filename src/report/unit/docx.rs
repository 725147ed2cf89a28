//! The unit summary as a Word document: the draft of the team's summary material (班子对照检查汇总材料)
//! in the order of the Markdown (基本情况; 查摆出的主要问题, most flagged first, with who and a few
//! notes; 整改措施汇总, person by person and the overdue ones; the appendix matrix of items ×
//! respondents), laid out by the same GB/T 9704 writer as the single review ([`crate::report::word`]).
//!
//! The matrix is a real table with its header row repeated on every page, on landscape pages (as
//! every appendix of the writer is), which hold about a dozen respondents' columns beside the
//! item's: with more, the matrix is split into tables of as many respondents as fit, each with the
//! number and item columns again, so that it stays readable at 300 members.

use super::md::cell_text;
use super::model::{ItemRow, NOTES_SHOWN, Unit};
use super::text::{counts, names_of, one_line, sentence_sep};
use crate::error::Result;
use crate::i18n::Lang;
use crate::messages::unit as m;
use crate::report::word::{self, APPENDIX_TEXT_WIDTH, Block, Closing, Document, Section, Table};

/// The summary of `u` in `lang` as the bytes of a .docx file; dated `u.today`.
pub fn render_docx(u: &Unit, lang: Lang) -> Result<Vec<u8>> {
    word::docx(&document(u, lang), lang)
}

fn document(u: &Unit, lang: Lang) -> Document {
    let title = one_line(u.title.get(lang));
    let mut meta = Vec::new();
    if let Some(l) = &u.label {
        meta.push(m::LABEL_LINE.fmt(lang, &[("label", &one_line(l))]));
    }
    if let Some(unit) = &u.unit {
        meta.push(m::UNIT_LINE.fmt(lang, &[("unit", &one_line(unit))]));
    }
    meta.push(m::DATE_LINE.fmt(lang, &[("date", &u.today)]));
    Document {
        title: m::MD_TITLE.fmt(lang, &[("title", &title)]),
        author: None,
        meta,
        notice: None,
        body: vec![basics(u, lang), problems(u, lang), measures(u, lang)],
        closing: Closing {
            signature: false,
            lines: u.unit.iter().map(|x| one_line(x)).collect(),
        },
        appendices: vec![appendix(u, lang)],
        date: u.today,
    }
}

/// 一、基本情况: the checklist, who handed in and who did not, how much was flagged.
fn basics(u: &Unit, lang: Lang) -> Section {
    let flagged_total: usize = u.items.iter().map(|i| i.flagged).sum();
    let mut text = m::MD_BASICS_TEXT.fmt(
        lang,
        &[
            ("title", &one_line(u.title.get(lang))),
            ("items", &u.items.len()),
            ("counts", &counts(u, lang)),
        ],
    );
    text.push_str(sentence_sep(lang));
    text.push_str(&m::MD_BASICS_FLAGGED.fmt(
        lang,
        &[("n", &flagged_total), ("items", &u.flagged_items().count())],
    ));
    let all: Vec<usize> = (0..u.respondents.len()).collect();
    let mut blocks = vec![
        Block::Para(text),
        Block::Para(m::HANDED_IN.fmt(lang, &[("names", &names_of(u, &all, lang))])),
    ];
    if !u.missing.is_empty() {
        blocks.push(Block::Para(
            m::MISSING.fmt(lang, &[("names", &u.missing.join(m::NAME_SEP.get(lang)))]),
        ));
    }
    Section {
        heading: Some(m::MD_BASICS.get(lang).to_string()),
        blocks,
    }
}

/// 二、查摆出的主要问题: each flagged item, most flagged first, with who and a few of their notes.
fn problems(u: &Unit, lang: Lang) -> Section {
    let mut blocks = Vec::new();
    for item in u.flagged_items() {
        blocks.push(Block::Subheading(one_line(item.text.get(lang))));
        blocks.push(Block::Para(m::MD_PROBLEM.fmt(
            lang,
            &[("n", &item.flagged), ("who", &names_of(u, &item.who, lang))],
        )));
        let notes: Vec<_> = u.notes(item).collect();
        for (who, note) in notes.iter().take(NOTES_SHOWN) {
            let who = u.names.get(*who).map_or("", String::as_str);
            blocks.push(Block::Para(
                m::NOTE.fmt(lang, &[("who", &who), ("note", &one_line(note))]),
            ));
        }
        if notes.len() > NOTES_SHOWN {
            blocks.push(Block::Para(
                m::MORE_NOTES.fmt(lang, &[("n", &(notes.len() - NOTES_SHOWN))]),
            ));
        }
    }
    if blocks.is_empty() {
        blocks.push(Block::Para(m::NONE_FLAGGED.get(lang).to_string()));
    }
    Section {
        heading: Some(m::MD_PROBLEMS.get(lang).to_string()),
        blocks,
    }
}

/// "3. 文山会海", the item as the review numbers it; its id when no checklist has it.
fn item_label(u: &Unit, id: &str, lang: Lang) -> String {
    u.items.iter().find(|i| i.id == id).map_or_else(
        || id.to_string(),
        |i| format!("{}. {}", i.number, one_line(i.text.get(lang))),
    )
}

/// 三、整改措施汇总: the totals, each person's open and overdue measures, then the overdue ones.
fn measures(u: &Unit, lang: Lang) -> Section {
    let mut blocks = vec![Block::Para(m::MD_MEASURES_TEXT.fmt(
        lang,
        &[("open", &u.open_count()), ("overdue", &u.overdue_count())],
    ))];
    let people: Vec<Vec<Vec<String>>> = u
        .respondents
        .iter()
        .enumerate()
        .filter(|(_, r)| r.open_actions > 0)
        .map(|(i, r)| {
            vec![
                vec![u.names.get(i).cloned().unwrap_or_default()],
                vec![
                    r.respondent
                        .unit
                        .as_deref()
                        .map(one_line)
                        .unwrap_or_default(),
                ],
                vec![r.open_actions.to_string()],
                vec![r.overdue.len().to_string()],
            ]
        })
        .collect();
    if !people.is_empty() {
        blocks.push(Block::Subheading(m::BY_PERSON.get(lang).to_string()));
        blocks.push(Block::Table(Table {
            columns: [&m::COL_WHO, &m::CSV_UNIT, &m::COL_OPEN, &m::COL_OVERDUE]
                .iter()
                .map(|c| c.get(lang).to_string())
                .collect(),
            centred: vec![false, false, true, true],
            weights: None,
            rows: people,
        }));
    }
    if u.overdue_count() > 0 {
        blocks.push(Block::Subheading(m::OVERDUE.get(lang).to_string()));
        blocks.push(Block::Table(Table {
            columns: [
                &m::COL_WHO,
                &m::COL_ITEM,
                &m::COL_MEASURE,
                &m::COL_DUE,
                &m::COL_OWNER,
            ]
            .iter()
            .map(|c| c.get(lang).to_string())
            .collect(),
            centred: vec![false, false, false, true, false],
            weights: None,
            rows: u
                .overdue()
                .map(|(i, o)| {
                    vec![
                        vec![u.names.get(i).cloned().unwrap_or_default()],
                        vec![item_label(u, &o.item, lang)],
                        vec![one_line(&o.text)],
                        vec![o.due.to_string()],
                        vec![o.owner.as_deref().map(one_line).unwrap_or_default()],
                    ]
                })
                .collect(),
        }));
    }
    Section {
        heading: Some(m::MD_MEASURES.get(lang).to_string()),
        blocks,
    }
}

/// The item column may take at most this share of the text width; the respondents get the rest.
const ITEM_SHARE: u32 = 40;

/// 附：条目 × 人员评分表: one row per item in checklist order, one column per respondent, split into
/// tables of as many respondents as the page width holds.
fn appendix(u: &Unit, lang: Lang) -> Section {
    let mut items: Vec<&ItemRow> = u.items.iter().collect();
    items.sort_by_key(|i| i.number);
    let number_col = m::COL_NO.get(lang).to_string();
    let item_col = m::COL_ITEM.get(lang).to_string();
    let texts: Vec<[String; 2]> = items
        .iter()
        .map(|i| [i.number.to_string(), one_line(i.text.get(lang))])
        .collect();
    let number_w = word::natural_width(texts.iter().map(|t| &t[0]).chain([&number_col]));
    let item_w = word::natural_width(texts.iter().map(|t| &t[1]).chain([&item_col]))
        .min(APPENDIX_TEXT_WIDTH * ITEM_SHARE / 100);
    let room = APPENDIX_TEXT_WIDTH.saturating_sub(number_w + item_w);
    // Respondents' columns, packed left to right into chunks that fit beside the item columns.
    // As wide as a name of three Han characters (a longer one wraps in the header), and never
    // narrower than two, so that "3" or "-" never squeezes a column to a sliver.
    let name_widths: Vec<u32> = u
        .names
        .iter()
        .map(|name| {
            word::natural_width([name])
                .min(word::natural_width(["三三三"]))
                .max(word::natural_width(["三三"]))
        })
        .collect();
    let mut chunks: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut used = 0;
    for (i, &w) in name_widths.iter().enumerate() {
        if i > start && used + w > room {
            chunks.push(start..i);
            start = i;
            used = 0;
        }
        used += w;
    }
    if start < name_widths.len() || chunks.is_empty() {
        chunks.push(start..u.names.len());
    }
    let first: u32 = chunks
        .first()
        .and_then(|r| name_widths.get(r.clone()))
        .unwrap_or_default()
        .iter()
        .sum();
    let item_fill = item_w.max(APPENDIX_TEXT_WIDTH.saturating_sub(number_w + first));
    let mut blocks = vec![Block::Para(m::MD_APPENDIX_NOTE.get(lang).to_string())];
    let split = chunks.len() > 1;
    for range in chunks {
        if split {
            // Also keeps two tables apart: adjacent tables would merge into one in Word.
            blocks.push(Block::Point(m::MATRIX_PART.fmt(
                lang,
                &[
                    ("from", &(range.start + 1)),
                    ("to", &range.end),
                    ("n", &u.names.len()),
                ],
            )));
        }
        let mut columns = vec![number_col.clone(), item_col.clone()];
        columns.extend(u.names[range.clone()].iter().cloned());
        let mut centred = vec![true, false];
        centred.extend(range.clone().map(|_| true));
        let rows = items
            .iter()
            .zip(&texts)
            .map(|(item, [number, text])| {
                let mut row = vec![vec![number.clone()], vec![text.clone()]];
                let cells = item.cells.get(range.clone()).unwrap_or_default();
                row.extend(cells.iter().map(|c| vec![cell_text(*c)]));
                row
            })
            .collect();
        // The widths the chunks were packed with, the same in every chunk; the item column takes
        // what the first leaves over, so the first fills the page and the last may be narrower.
        let mut weights = vec![number_w, item_fill];
        weights.extend(name_widths.get(range.clone()).unwrap_or_default());
        blocks.push(Block::Table(Table {
            columns,
            centred,
            weights: Some(weights),
            rows,
        }));
    }
    Section {
        heading: Some(m::MD_APPENDIX.get(lang).to_string()),
        blocks,
    }
}
