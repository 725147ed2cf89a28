//! The trend as Markdown: a sessions table, a score table with one column per session, the items
//! with their sparklines in code spans (so that gaps keep their width).

use super::model::*;
use super::text::*;
use crate::i18n::Lang;
use crate::messages::compare as m;
use crate::report::layout::md_inline;

/// The trend as Markdown: a sessions table, a score table with one column per session, the items
/// with their sparklines in code spans (so that gaps keep their width).
pub fn render_markdown(t: &Trend, lang: Lang) -> String {
    let mut s = String::new();
    let head = heading_lines(t, lang);
    if let Some(title) = head.first() {
        s.push_str(&format!("# {}\n\n", md_inline(title)));
    }
    for extra in head.iter().skip(1) {
        s.push_str(&format!("{}\n\n", md_inline(extra)));
    }
    s.push_str(&format!("## {}\n\n", m::TREND_SESSIONS.get(lang)));
    s.push_str(&format!(
        "| # | {} | {} |\n| ---: | --- | --- |\n",
        m::TREND_COL_DATE.get(lang),
        m::TREND_COL_SESSION.get(lang)
    ));
    for (i, r) in t.sessions.iter().enumerate() {
        s.push_str(&format!(
            "| {} | {} | `{}`{} |\n",
            i + 1,
            date(r),
            r.id,
            r.label
                .as_ref()
                .map(|l| format!(" {}", md_inline(l)))
                .unwrap_or_default()
        ));
    }

    let header: String = (1..=t.sessions.len()).map(|i| format!(" {i} |")).collect();
    let rule: String = " ---: |".repeat(t.sessions.len());
    let row = |title: &str, values: Vec<String>| {
        let cells: String = values.iter().map(|v| format!(" {v} |")).collect();
        format!("| {title} |{cells}\n")
    };
    s.push_str(&format!(
        "\n## {}\n\n",
        md_inline(m::TREND_SCORES.get(lang))
    ));
    s.push_str(&format!(
        "| {} |{header}\n| --- |{rule}\n",
        m::TREND_COL_GROUP.get(lang)
    ));
    for g in &t.groups {
        s.push_str(&row(
            &md_inline(g.title.get(lang)),
            g.scores.iter().map(|v| cell(*v)).collect(),
        ));
    }
    s.push_str(&row(
        &format!("**{}**", m::TOTAL.get(lang)),
        t.total.iter().map(|v| cell(*v)).collect(),
    ));

    s.push_str(&format!("\n## {}\n\n", m::TREND_ACTIONS.get(lang)));
    s.push_str(&format!(
        "| {} |{header}\n| --- |{rule}\n",
        m::TREND_COL_ACTIONS.get(lang)
    ));
    s.push_str(&row(
        m::TREND_OPEN.get(lang),
        t.open_actions.iter().map(usize::to_string).collect(),
    ));
    s.push_str(&row(
        m::TREND_OVERDUE.get(lang),
        t.overdue_actions.iter().map(usize::to_string).collect(),
    ));

    s.push_str(&format!("\n## {}\n\n", m::TREND_ITEMS.get(lang)));
    if let Some(legend) = legend(t, lang) {
        s.push_str(&format!("{}\n\n", md_inline(&legend)));
    }
    for g in &t.groups {
        s.push_str(&format!("### {}\n\n", md_inline(g.title.get(lang))));
        for item in t.items.iter().filter(|i| i.group == g.id) {
            let now = item.ratings.last().copied().unwrap_or_default();
            // Framed like the text, so that a sparkline starting and ending with a gap keeps it
            // (a code span would strip one space from each end).
            s.push_str(&format!(
                "- `|{}|` {} {}{}\n",
                t.sparkline(item),
                item.id,
                md_inline(item.text.get(lang)),
                md_inline(&now_text(lang, now))
            ));
        }
        s.push('\n');
    }
    s
}
