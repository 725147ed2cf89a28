//! The unit summary as Markdown: a draft of the team's summary material (班子对照检查汇总) in the usual
//! order: 基本情况; 查摆出的主要问题, most common first, with who and their notes; 整改措施汇总; and an
//! appendix matrix of items × respondents.

use super::model::{NOTES_SHOWN, Unit};
use super::text::{counts, names_of, one_line, sentence_sep};
use crate::i18n::Lang;
use crate::messages::unit as m;
use crate::report::layout::md_inline;
use crate::session::Rating;

/// 一 二 三 … for the (一) numbering of problems; past ten, digits.
pub fn zh_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

/// "（一）" in Chinese (no space after it, as in a 材料), "1. " in English.
fn item_heading(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("（{}）", zh_number(n)),
        Lang::En => format!("{n}. "),
    }
}

pub fn render_markdown(u: &Unit, lang: Lang) -> String {
    let mut out = Vec::new();
    let title = u.title.get(lang);
    out.push(format!(
        "# {}",
        md_inline(&m::MD_TITLE.fmt(lang, &[("title", &title)]))
    ));
    out.push(String::new());
    if let Some(l) = &u.label {
        out.push(md_inline(&m::LABEL_LINE.fmt(lang, &[("label", l)])));
        out.push(String::new());
    }
    if let Some(unit) = &u.unit {
        out.push(md_inline(&m::UNIT_LINE.fmt(lang, &[("unit", unit)])));
        out.push(String::new());
    }

    out.push(format!("## {}", m::MD_BASICS.get(lang)));
    out.push(String::new());
    let flagged_total: usize = u.items.iter().map(|i| i.flagged).sum();
    let flagged_items = u.flagged_items().count();
    let mut basics = m::MD_BASICS_TEXT.fmt(
        lang,
        &[
            ("title", &title),
            ("items", &u.items.len()),
            ("counts", &counts(u, lang)),
        ],
    );
    basics.push_str(sentence_sep(lang));
    basics.push_str(
        &m::MD_BASICS_FLAGGED.fmt(lang, &[("n", &flagged_total), ("items", &flagged_items)]),
    );
    out.push(md_inline(&basics));
    if !u.missing.is_empty() {
        out.push(String::new());
        out.push(md_inline(
            &m::MISSING.fmt(lang, &[("names", &u.missing.join(m::NAME_SEP.get(lang)))]),
        ));
    }
    out.push(String::new());

    out.push(format!("## {}", m::MD_PROBLEMS.get(lang)));
    out.push(String::new());
    if flagged_items == 0 {
        out.push(m::NONE_FLAGGED.get(lang).to_string());
        out.push(String::new());
    }
    for (rank, item) in u.flagged_items().enumerate() {
        out.push(format!(
            "### {}{}",
            item_heading(rank + 1, lang),
            md_inline(&one_line(item.text.get(lang)))
        ));
        out.push(String::new());
        out.push(md_inline(&m::MD_PROBLEM.fmt(
            lang,
            &[("n", &item.flagged), ("who", &names_of(u, &item.who, lang))],
        )));
        out.push(String::new());
        let notes: Vec<_> = u.notes(item).collect();
        for (who, note) in notes.iter().take(NOTES_SHOWN) {
            let who = u.names.get(*who).map_or("", String::as_str);
            out.push(format!(
                "- {}",
                md_inline(&m::NOTE.fmt(lang, &[("who", &who), ("note", note)]))
            ));
        }
        if notes.len() > NOTES_SHOWN {
            out.push(format!(
                "- {}",
                md_inline(&m::MORE_NOTES.fmt(lang, &[("n", &(notes.len() - NOTES_SHOWN))]))
            ));
        }
        if !notes.is_empty() {
            out.push(String::new());
        }
    }

    out.push(format!("## {}", m::MD_MEASURES.get(lang)));
    out.push(String::new());
    out.push(m::MD_MEASURES_TEXT.fmt(
        lang,
        &[("open", &u.open_count()), ("overdue", &u.overdue_count())],
    ));
    out.push(String::new());
    if u.overdue_count() > 0 {
        out.push(format!("### {}", m::OVERDUE.get(lang)));
        out.push(String::new());
        out.push(format!(
            "| {} | {} | {} | {} | {} |",
            m::COL_WHO.get(lang),
            m::COL_ITEM.get(lang),
            m::COL_MEASURE.get(lang),
            m::COL_DUE.get(lang),
            m::COL_OWNER.get(lang)
        ));
        out.push("| --- | --- | --- | --- | --- |".to_string());
        for (i, o) in u.overdue() {
            out.push(format!(
                "| {} | {} | {} | {} | {} |",
                md_inline(u.names.get(i).map_or("", String::as_str)),
                md_inline(&o.item),
                md_inline(&one_line(&o.text)),
                o.due,
                md_inline(o.owner.as_deref().unwrap_or(""))
            ));
        }
        out.push(String::new());
    }

    out.push(format!("## {}", m::MD_APPENDIX.get(lang)));
    out.push(String::new());
    out.push(m::MD_APPENDIX_NOTE.get(lang).to_string());
    out.push(String::new());
    let mut header = format!("| {} |", m::COL_ITEM.get(lang));
    let mut rule = "| --- |".to_string();
    for name in &u.names {
        header.push_str(&format!(" {} |", md_inline(name)));
        rule.push_str(" ---: |");
    }
    out.push(header);
    out.push(rule);
    let mut in_order: Vec<_> = u.items.iter().collect();
    in_order.sort_by_key(|i| i.number);
    for item in in_order {
        let mut row = format!("| {} |", md_inline(&item.id));
        for cell in &item.cells {
            row.push_str(&format!(" {} |", cell_text(*cell)));
        }
        out.push(row);
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// A matrix cell: the value, `-` for not applicable, blank for unrated.
pub fn cell_text(r: Rating) -> String {
    match r {
        Rating::Value(v) => v.to_string(),
        Rating::NotApplicable => "-".to_string(),
        Rating::Unrated => String::new(),
    }
}
