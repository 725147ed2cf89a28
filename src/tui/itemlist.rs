//! What the fill screen's item list shows: the filter (problems, unrated, overdue actions), the rows
//! it leaves, where the list is scrolled to, and search over items, notes and actions.
//!
//! Pure functions of the app, shared by `update` (moving, clicks) and `view` (drawing), so that what
//! is drawn is what a click hits. The selected item is always shown, even when the filter would hide
//! it: an item rated out of "unrated" stays where it is until the user moves on.

use ratatui::layout::Rect;

use super::app::{App, Doc, Row};
use crate::i18n::Msg;
use crate::messages::tui as m;
use crate::report::export::is_problem;

/// Which items the list shows; `None` in `App::filter` shows all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    /// Rated above the lowest level of the scale.
    Problems,
    Unrated,
    /// With an open action past its due date.
    Overdue,
}

impl Filter {
    /// The order `f` steps through them.
    pub const ALL: [Filter; 3] = [Filter::Problems, Filter::Unrated, Filter::Overdue];

    pub fn name(self) -> &'static Msg {
        match self {
            Filter::Problems => &m::FILTER_PROBLEMS,
            Filter::Unrated => &m::FILTER_UNRATED,
            Filter::Overdue => &m::FILTER_OVERDUE,
        }
    }

    /// Whether item `i` of `doc` passes.
    pub fn keeps(self, doc: &Doc, i: usize, today: chrono::NaiveDate) -> bool {
        let Some(answer) = doc.session.answers.get(i) else {
            return false;
        };
        match self {
            Filter::Problems => is_problem(&doc.session.checklist, answer.rating),
            Filter::Unrated => !answer.rating.is_rated(),
            Filter::Overdue => answer.actions.iter().any(|a| a.is_overdue(today)),
        }
    }

    /// How many items pass.
    pub fn count(self, doc: &Doc, today: chrono::NaiveDate) -> usize {
        (0..doc.items())
            .filter(|&i| self.keeps(doc, i, today))
            .count()
    }
}

/// The items the list shows, in order: those the filter keeps, and the selected one.
pub fn visible(app: &App) -> Vec<usize> {
    let Some(doc) = &app.doc else {
        return Vec::new();
    };
    let today = app.today();
    (0..doc.items())
        .filter(|&i| i == app.sel || app.filter.is_none_or(|f| f.keeps(doc, i, today)))
        .collect()
}

/// The rows of the list: each group heading with at least one shown item, then its shown items.
pub fn rows(app: &App) -> Vec<Row> {
    let Some(doc) = &app.doc else {
        return Vec::new();
    };
    if app.filter.is_none() {
        return doc.rows.clone();
    }
    let shown = visible(app);
    let mut rows = Vec::with_capacity(shown.len() * 2);
    let mut last_group = None;
    for item in shown {
        let group = doc.item_group[item];
        if last_group != Some(group) {
            rows.push(Row::Group(group));
            last_group = Some(group);
        }
        rows.push(Row::Item { item, group });
    }
    rows
}

/// The part of the list area that holds rows: all of it, or all but the first row, which says that a
/// filter is on.
pub fn body(app: &App, list: Rect) -> Rect {
    if app.filter.is_some() && list.height > 1 {
        Rect {
            y: list.y + 1,
            height: list.height - 1,
            ..list
        }
    } else {
        list
    }
}

/// The first row shown: the one shown before, as long as the selection is still in view, so that a
/// click never scrolls the list under the pointer. A step just past an edge scrolls by that much (a
/// group heading above comes along); a jump further away puts the selection a third of the way down.
pub fn scroll(prev: usize, rows: &[Row], selected: usize, height: usize) -> usize {
    super::layout::keep_in_view(prev, selected, rows.len(), height, |i| {
        matches!(rows.get(i), Some(Row::Group(_)))
    })
}

/// Where the list is scrolled to now: `App::list_top` kept up to date by `update`, checked again
/// here so that a resize never draws the selection off screen.
pub fn offset(app: &App, rows: &[Row], height: usize) -> usize {
    let sel_row = rows
        .iter()
        .position(|r| matches!(r, Row::Item { item, .. } if *item == app.sel))
        .unwrap_or(0);
    scroll(app.list_top, rows, sel_row, height)
}

/// Items whose text or hint (either language), note, finding sources or actions contain `query`,
/// ignoring case.
pub fn search(doc: &Doc, query: &str) -> Vec<usize> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let has = |s: &str| s.to_lowercase().contains(&q);
    let checklist = &doc.session.checklist;
    checklist
        .items()
        .zip(&doc.session.answers)
        .enumerate()
        .filter(|(_, ((_, item), answer))| {
            item.text.contains_ignore_case(&q)
                || item
                    .hint
                    .as_ref()
                    .is_some_and(|h| h.contains_ignore_case(&q))
                || has(&answer.manifestation)
                || answer.sources.iter().any(|s| {
                    checklist
                        .finding_source(s)
                        .is_some_and(|f| f.label.contains_ignore_case(&q))
                })
                || answer
                    .actions
                    .iter()
                    .any(|a| has(&a.text) || has(&a.note) || a.outcome.as_deref().is_some_and(has))
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize) -> Vec<Row> {
        (0..n).map(|item| Row::Item { item, group: 0 }).collect()
    }

    #[test]
    fn the_list_does_not_move_while_the_selection_is_in_view() {
        let r = rows(50);
        assert_eq!(scroll(10, &r, 12, 20), 10);
        assert_eq!(scroll(10, &r, 29, 20), 10);
        // One step past the bottom scrolls one row; a jump puts it a third down.
        assert_eq!(scroll(10, &r, 30, 20), 11);
        assert_eq!(scroll(10, &r, 45, 20), 30);
        assert_eq!(scroll(10, &r, 9, 20), 9);
        assert_eq!(scroll(10, &r, 0, 20), 0);
        for prev in 0..50 {
            for sel in 0..50 {
                for h in 1..25 {
                    let top = scroll(prev, &r, sel, h);
                    assert!(top <= sel && sel < top + h, "{prev} {sel} {h}");
                    assert_eq!(
                        scroll(top, &r, sel, h),
                        top,
                        "not settled: {prev} {sel} {h}"
                    );
                }
            }
        }
    }

    #[test]
    fn scrolling_up_to_a_first_item_shows_its_heading() {
        let mut r = vec![Row::Group(0)];
        r.extend(rows(5));
        r.push(Row::Group(1));
        r.extend((5..40).map(|item| Row::Item { item, group: 1 }));
        // Row 7 is item 5, first of group 1, under its heading at row 6.
        assert_eq!(scroll(8, &r, 7, 10), 6);
    }
}
