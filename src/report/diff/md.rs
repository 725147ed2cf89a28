//! The diff as Markdown: the same summary, a table per group, the detail as lists.

use crate::i18n::Lang;
use crate::messages::compare as m;
use crate::report::layout::md_inline;

use super::model::*;
use super::text::*;

/// The diff as Markdown: the same summary, a table per group, the detail as lists.
pub fn render_markdown(d: &Diff, lang: Lang) -> String {
    let mut s = String::new();
    let arrow = "→";
    s.push_str(&format!(
        "# {}\n\n",
        md_inline(&m::DIFF_TITLE.fmt(lang, &[("a", &d.a.name()), ("b", &d.b.name())]))
    ));
    for (tag, r) in [("A", &d.a), ("B", &d.b)] {
        s.push_str(&format!(
            "- {tag}: `{}` {}{}\n",
            r.id,
            r.created.format("%Y-%m-%d"),
            r.label
                .as_ref()
                .map(|l| format!(" {}", md_inline(&m::QUOTED.fmt(lang, &[("text", l)]))))
                .unwrap_or_default()
        ));
    }
    s.push_str(&format!(
        "- {}\n\n",
        md_inline(&checklist_line(lang, &d.checklist))
    ));
    s.push_str(&format!("## {}\n\n", m::MD_SUMMARY.get(lang)));
    for sentence in summary_sentences(d, lang) {
        s.push_str(&md_inline(&sentence.replace(ARROW, arrow)));
        s.push_str("\n\n");
    }
    s.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
        m::COL_GROUP.get(lang),
        m::COL_SCORE.get(lang),
        m::COL_IMPROVED.get(lang),
        m::COL_WORSENED.get(lang),
        m::COL_UNCHANGED.get(lang),
        m::COL_OTHER.get(lang),
        m::COL_ACTIONS_DONE.get(lang),
        m::COL_ACTIONS_OVERDUE.get(lang),
    ));
    s.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    let md_row = |title: &str, c: &Counts, before: Option<i64>, after: Option<i64>| {
        format!(
            "| {} | {} {arrow} {} | {} | {} | {} | {} | {} | {} |\n",
            title,
            score_text(lang, before),
            score_text(lang, after),
            c.improved,
            c.worsened,
            c.unchanged,
            other_count(c),
            c.actions_done,
            c.actions_overdue
        )
    };
    for g in &d.groups {
        s.push_str(&md_row(
            &md_inline(g.title.get(lang)),
            &g.counts,
            g.score_before,
            g.score_after,
        ));
    }
    s.push_str(&md_row(
        &format!("**{}**", m::TOTAL.get(lang)),
        &d.overall,
        d.score_before,
        d.score_after,
    ));
    let sections = detail_sections(d, lang);
    if !sections.is_empty() {
        s.push_str(&format!("\n## {}\n", m::MD_DETAIL.get(lang)));
    }
    for section in sections {
        s.push_str(&format!(
            "\n### {}\n\n",
            md_inline(&m::SECTION.fmt(
                lang,
                &[("title", &section.title), ("n", &section.lines.len())]
            ))
        ));
        for line in section.lines {
            s.push_str(&format!("- {}\n", md_inline(&line.replace(ARROW, arrow))));
        }
    }
    s
}
