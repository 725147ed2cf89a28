//! The trend of one checklist across many sessions (SPEC §6): per group the total score of each
//! session, per item its ratings as a sparkline, open and overdue actions. Pure: sessions and "today"
//! in, a [`Trend`] out; [`lines`] (text, and what a TUI Trend screen shows), [`render_text`],
//! [`render_markdown`] and [`render_json`] read that one value.
//!
//! Sessions are put in time order by `created` (then id), whatever order they come in. Items and
//! groups follow the newest session's checklist; ones only older checklists had come after them.
//! A session without a rating for an item (unrated, not applicable, or an item its checklist lacked)
//! is a gap in the sparkline, never a zero.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use super::diff::SessionRef;
use super::layout::{Align, columns, md_inline};
use crate::checklist::Text;
use crate::i18n::Lang;
use crate::messages::compare as m;
use crate::session::{Rating, Session};

/// The blocks of a sparkline, lowest to highest level. Five steps keep neighbouring levels apart.
pub const BARS: [char; 5] = ['▁', '▂', '▄', '▆', '█'];
/// An unrated point (or an item the session's checklist did not have).
pub const GAP_UNRATED: char = ' ';
/// A "not applicable" point.
pub const GAP_NOT_APPLICABLE: char = '-';

#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    pub checklist: String,
    pub title: Text,
    /// Sessions in time order; every per-session vector below has one entry per session, same order.
    pub sessions: Vec<SessionRef>,
    /// How many sessions of the checklist there were before `--last` kept the newest ones.
    pub total_sessions: usize,
    pub groups: Vec<GroupTrend>,
    /// The sum over groups per session; `None` where nothing at all is rated.
    pub total: Vec<Option<i64>>,
    pub items: Vec<ItemTrend>,
    pub open_actions: Vec<usize>,
    pub overdue_actions: Vec<usize>,
    /// The scale of the newest session's checklist, lowest and highest value with their labels.
    pub scale: Option<(ScalePoint, ScalePoint)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScalePoint {
    pub value: i64,
    pub label: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupTrend {
    pub id: String,
    pub title: Text,
    /// Sum of the rated values of the group's items in each session; `None` if none is rated.
    pub scores: Vec<Option<i64>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ItemTrend {
    pub id: String,
    pub group: String,
    pub text: Text,
    /// One rating per session; an item missing from a session's checklist is `Unrated` there.
    pub ratings: Vec<Rating>,
}

impl Trend {
    /// The sparkline of one item, one character per session.
    pub fn sparkline(&self, item: &ItemTrend) -> String {
        let (low, high) = self
            .scale
            .as_ref()
            .map_or((0, 0), |(l, h)| (l.value, h.value));
        sparkline(&item.ratings, low, high)
    }
}

/// An item whose rating moved between its first and its last rated session, for a "what moved"
/// table (the TUI Trend screen). `first` and `last` are values, never gaps.
#[derive(Clone, Debug, PartialEq)]
pub struct Moved<'a> {
    pub item: &'a ItemTrend,
    pub first: i64,
    pub last: i64,
}

impl Trend {
    /// The items whose value moved, the biggest move first (then in report order).
    pub fn moved(&self) -> Vec<Moved<'_>> {
        let mut out: Vec<Moved> = self
            .items
            .iter()
            .filter_map(|item| {
                let mut values = item.ratings.iter().filter_map(|r| r.value());
                let first = values.next()?;
                let last = values.next_back()?;
                (first != last).then_some(Moved { item, first, last })
            })
            .collect();
        out.sort_by_key(|m| std::cmp::Reverse(m.last.abs_diff(m.first)));
        out
    }
}

/// `(session index, score)` points of one group's line for a chart (ratatui `Dataset::data`),
/// leaving out sessions with nothing rated so that the line has a gap there instead of a zero.
pub fn chart_points(scores: &[Option<i64>]) -> Vec<(f64, f64)> {
    scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|v| (i as f64, v as f64)))
        .collect()
}

/// One character per rating: a bar scaled from `low` to `high`, or a gap for unrated / not applicable.
pub fn sparkline(ratings: &[Rating], low: i64, high: i64) -> String {
    ratings
        .iter()
        .map(|r| match r {
            Rating::Unrated => GAP_UNRATED,
            Rating::NotApplicable => GAP_NOT_APPLICABLE,
            Rating::Value(v) => BARS[bar_index(*v, low, high)],
        })
        .collect()
}

fn bar_index(v: i64, low: i64, high: i64) -> usize {
    let top = (BARS.len() - 1) as i64;
    if high <= low {
        return 0;
    }
    // Values from an older, wider scale are clamped rather than dropped.
    let v = i128::from(v.clamp(low, high));
    let (low, high) = (i128::from(low), i128::from(high));
    // Rounded to the nearest bar; in i128 so that no i64 scale can overflow.
    let idx = ((v - low) * i128::from(top) * 2 + (high - low)) / ((high - low) * 2);
    idx.clamp(0, i128::from(top)) as usize
}

/// The shape of a checklist as the trend shows it: groups and items with their texts, the title and
/// the ends of the scale. Sessions made from the same checklist share one (see [`Shapes`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub checklist: String,
    pub title: Text,
    pub scale: Option<(ScalePoint, ScalePoint)>,
    pub groups: Vec<ShapeGroup>,
}

/// A group of a [`Shape`]: id, title, and its items' ids and texts, in checklist order.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapeGroup {
    pub id: String,
    pub title: Text,
    pub items: Vec<(String, Text)>,
}

impl Shape {
    fn of(c: &crate::checklist::Checklist) -> Shape {
        let point = |l: &crate::checklist::Level| ScalePoint {
            value: l.value,
            label: l.label.clone(),
        };
        let low = c.scale.iter().min_by_key(|l| l.value).map(point);
        let high = c.scale.iter().max_by_key(|l| l.value).map(point);
        Shape {
            checklist: c.id.clone(),
            title: c.title.clone(),
            scale: low.zip(high),
            groups: c
                .groups
                .iter()
                .map(|g| {
                    let items = g
                        .items
                        .iter()
                        .map(|i| (i.id.clone(), i.text.clone()))
                        .collect();
                    ShapeGroup {
                        id: g.id.clone(),
                        title: g.title.clone(),
                        items,
                    }
                })
                .collect(),
        }
    }

    fn item_count(&self) -> usize {
        self.groups.iter().map(|g| g.items.len()).sum()
    }
}

/// Hands out one shared [`Shape`] per distinct checklist, so that 10,000 sessions of one checklist
/// hold one copy of its texts, not 10,000.
#[derive(Default)]
pub struct Shapes(Vec<Arc<Shape>>);

impl Shapes {
    pub fn get(&mut self, c: &crate::checklist::Checklist) -> Arc<Shape> {
        let shape = Shape::of(c);
        if let Some(same) = self.0.iter().find(|s| ***s == shape) {
            return Arc::clone(same);
        }
        let shape = Arc::new(shape);
        self.0.push(Arc::clone(&shape));
        shape
    }
}

/// What the trend needs of one session: who it is, its checklist's shape, its ratings in the shape's
/// item order, and its action counts on `today`. Small, so that a reader can drop each session as
/// soon as it is parsed (memory stays flat however many sessions there are).
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub session: SessionRef,
    pub shape: Arc<Shape>,
    pub ratings: Vec<Rating>,
    pub open_actions: usize,
    pub overdue_actions: usize,
}

impl Point {
    pub fn of(s: &Session, today: NaiveDate, shapes: &mut Shapes) -> Point {
        let shape = shapes.get(&s.checklist);
        let by_id: HashMap<&str, Rating> = s
            .answers
            .iter()
            .map(|a| (a.item.as_str(), a.rating))
            .collect();
        let ratings = shape
            .groups
            .iter()
            .flat_map(|g| g.items.iter())
            .map(|(id, _)| by_id.get(id.as_str()).copied().unwrap_or_default())
            .collect();
        let actions = s.answers.iter().flat_map(|a| a.actions.iter());
        Point {
            session: SessionRef::of(s),
            ratings,
            open_actions: actions.clone().filter(|a| a.is_open()).count(),
            overdue_actions: actions.filter(|a| a.is_overdue(today)).count(),
            shape,
        }
    }
}

/// The trend of `checklist` over `sessions` (others are ignored), keeping the newest `last` if given.
pub fn trend<'a>(
    checklist: &str,
    sessions: impl IntoIterator<Item = &'a Session>,
    last: Option<usize>,
    today: NaiveDate,
) -> Trend {
    let mut shapes = Shapes::default();
    let points = sessions
        .into_iter()
        .filter(|s| s.checklist.id == checklist)
        .map(|s| Point::of(s, today, &mut shapes))
        .collect();
    trend_of_points(checklist, points, last)
}

/// [`trend`] from sessions already reduced to [`Point`]s (what `zicha trend` does while reading).
/// Linear in sessions × items: one pass to order the points, one to index the items, one to fill.
pub fn trend_of_points(checklist: &str, points: Vec<Point>, last: Option<usize>) -> Trend {
    let mut chosen: Vec<Point> = points
        .into_iter()
        .filter(|p| p.shape.checklist == checklist)
        .collect();
    chosen.sort_by(|a, b| {
        (a.session.created, &a.session.id).cmp(&(b.session.created, &b.session.id))
    });
    let total_sessions = chosen.len();
    if let Some(n) = last {
        chosen.drain(..chosen.len().saturating_sub(n));
    }
    let n = chosen.len();

    // Groups and items: the newest checklist's order first, then what only older ones had. Each
    // distinct shape is walked once, and mapped to (group, item) indices of the report.
    let mut group_order: Vec<(String, Text, Vec<usize>)> = Vec::new();
    let mut group_at: HashMap<String, usize> = HashMap::new();
    let mut items: Vec<ItemTrend> = Vec::new();
    let mut item_at: HashMap<String, usize> = HashMap::new();
    let mut slots_of: HashMap<*const Shape, Vec<(usize, usize)>> = HashMap::new();
    for p in chosen.iter().rev() {
        let key = Arc::as_ptr(&p.shape);
        if slots_of.contains_key(&key) {
            continue;
        }
        let mut slots = Vec::with_capacity(p.shape.item_count());
        for group in &p.shape.groups {
            let gid = &group.id;
            let gi = *group_at.entry(gid.clone()).or_insert_with(|| {
                group_order.push((gid.clone(), group.title.clone(), Vec::new()));
                group_order.len() - 1
            });
            for (iid, text) in &group.items {
                let ii = *item_at.entry(iid.clone()).or_insert_with(|| {
                    group_order[gi].2.push(items.len());
                    items.push(ItemTrend {
                        id: iid.clone(),
                        group: gid.clone(),
                        text: text.clone(),
                        ratings: vec![Rating::Unrated; n],
                    });
                    items.len() - 1
                });
                slots.push((gi, ii));
            }
        }
        slots_of.insert(key, slots);
    }

    let mut scores = vec![vec![None; n]; group_order.len()];
    let mut total = vec![None; n];
    for (col, p) in chosen.iter().enumerate() {
        let Some(slots) = slots_of.get(&Arc::as_ptr(&p.shape)) else {
            continue;
        };
        // A group's score in a session counts the items that session's checklist puts in it.
        for (&(gi, ii), &rating) in slots.iter().zip(&p.ratings) {
            items[ii].ratings[col] = rating;
            if let Some(v) = rating.value() {
                scores[gi][col] = Some(scores[gi][col].unwrap_or(0i64).saturating_add(v));
                total[col] = Some(total[col].unwrap_or(0i64).saturating_add(v));
            }
        }
    }

    // Items in group order, so that the report reads group by group.
    let mut slots: Vec<Option<ItemTrend>> = items.into_iter().map(Some).collect();
    let items: Vec<ItemTrend> = group_order
        .iter()
        .flat_map(|(_, _, idx)| idx.iter())
        .filter_map(|&i| slots.get_mut(i).and_then(Option::take))
        .collect();
    let groups = group_order
        .into_iter()
        .zip(scores)
        .map(|((id, title, _), scores)| GroupTrend { id, title, scores })
        .collect();
    let newest = chosen.last().map(|p| Arc::clone(&p.shape));
    Trend {
        checklist: checklist.to_string(),
        title: newest
            .as_ref()
            .map_or_else(|| Text::same(checklist), |s| s.title.clone()),
        scale: newest.and_then(|s| s.scale.clone()),
        open_actions: chosen.iter().map(|p| p.open_actions).collect(),
        overdue_actions: chosen.iter().map(|p| p.overdue_actions).collect(),
        sessions: chosen.into_iter().map(|p| p.session).collect(),
        total_sessions,
        groups,
        total,
        items,
    }
}

// ---------------------------------------------------------------------------------------------
// Lines: the text report, and what a TUI Trend screen shows.

pub use super::diff::{Line, LineKind};

fn line(kind: LineKind, text: impl Into<String>) -> Line {
    Line {
        kind,
        text: text.into(),
    }
}

fn cell(v: Option<i64>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

fn date(s: &SessionRef) -> String {
    s.created.format("%Y-%m-%d").to_string()
}

/// Whether the last score is lower (better) or higher than the first, for styling a row.
fn direction(scores: &[Option<i64>]) -> LineKind {
    let mut rated = scores.iter().flatten();
    match (rated.next(), scores.iter().flatten().last()) {
        (Some(first), Some(last)) if last < first => LineKind::Better,
        (Some(first), Some(last)) if last > first => LineKind::Worse,
        _ => LineKind::Plain,
    }
}

fn heading_lines(t: &Trend, lang: Lang) -> Vec<String> {
    let mut out =
        vec![m::TREND_TITLE.fmt(lang, &[("title", &t.title.get(lang)), ("id", &t.checklist)])];
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

fn legend(t: &Trend, lang: Lang) -> Option<String> {
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

fn now_text(lang: Lang, now: Rating) -> String {
    m::PARENS.fmt(
        lang,
        &[(
            "list",
            &m::TREND_NOW.fmt(lang, &[("rating", &rating_text(lang, now))]),
        )],
    )
}

fn rating_text(lang: Lang, r: Rating) -> String {
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

// ---------------------------------------------------------------------------------------------
// Markdown

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
    s.push_str("| # | | |\n| ---: | --- | --- |\n");
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
    s.push_str(&format!("| |{header}\n| --- |{rule}\n"));
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
    s.push_str(&format!("| |{header}\n| --- |{rule}\n"));
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

// ---------------------------------------------------------------------------------------------
// JSON (SPEC §7 contract; fields may be added, none renamed)

#[derive(Serialize)]
struct JsonTrend<'a> {
    checklist: &'a str,
    sessions: Vec<JsonSession<'a>>,
    groups: Vec<JsonGroup<'a>>,
    items: Vec<JsonItem<'a>>,
    open_actions: &'a [usize],
    overdue_actions: &'a [usize],
    total: &'a [Option<i64>],
    total_sessions: usize,
}

#[derive(Serialize)]
struct JsonSession<'a> {
    id: &'a str,
    label: Option<&'a str>,
    created: String,
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    group: &'a str,
    scores: &'a [Option<i64>],
}

#[derive(Serialize)]
struct JsonItem<'a> {
    item: &'a str,
    group: &'a str,
    ratings: &'a [Rating],
}

/// The trend as the JSON of SPEC §7, pretty-printed, ending in a newline.
pub fn render_json(t: &Trend) -> String {
    let doc = JsonTrend {
        checklist: &t.checklist,
        sessions: t
            .sessions
            .iter()
            .map(|s| JsonSession {
                id: &s.id,
                label: s.label.as_deref(),
                created: s.created.to_rfc3339(),
            })
            .collect(),
        groups: t
            .groups
            .iter()
            .map(|g| JsonGroup {
                group: &g.id,
                scores: &g.scores,
            })
            .collect(),
        items: t
            .items
            .iter()
            .map(|i| JsonItem {
                item: &i.id,
                group: &i.group,
                ratings: &i.ratings,
            })
            .collect(),
        open_actions: &t.open_actions,
        overdue_actions: &t.overdue_actions,
        total: &t.total,
        total_sessions: t.total_sessions,
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::*;
    use proptest::prelude::*;

    /// Three quarters: the middle one half done (unrated items are gaps, not zeros).
    fn story() -> Vec<Session> {
        let (a, b) = (story_a(), story_b());
        let mut mid = story_a();
        mid.id = "20260615-four-winds-25".into();
        mid.label = Some("2026年第二季度".into());
        mid.created = at("2026-06-15T09:00:00+08:00");
        for answer in mid.answers.iter_mut().skip(10) {
            answer.rating = Rating::Unrated;
        }
        mid.answer_mut("f1").unwrap().rating = Rating::Value(2);
        vec![b, a, mid]
    }

    #[test]
    fn sessions_come_out_in_time_order_with_gaps_as_gaps() {
        let sessions = story();
        let t = trend("four-winds-25", &sessions, None, today());
        let ids: Vec<&str> = t.sessions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "20260301-four-winds-25",
                "20260615-four-winds-25",
                "20261120-four-winds-25"
            ]
        );
        let spark = |id: &str| t.sparkline(t.items.iter().find(|i| i.id == id).unwrap());
        assert_eq!(spark("f1"), "▆▄▂", "3, 2, 1 on a 0..4 scale");
        assert_eq!(spark("h1"), "- ▂", "not applicable, unrated, 1");
        assert_eq!(
            spark("h2"),
            "  ▁",
            "unrated twice, then 0: a bar, not a gap"
        );
        let formalism = &t.groups[0];
        assert_eq!(formalism.scores, [Some(9), Some(8), Some(5)]);
        let extravagance = &t.groups[3];
        assert_eq!(
            extravagance.scores,
            [Some(0), None, Some(0)],
            "nothing rated is not zero"
        );
        assert_eq!(t.open_actions, [4, 4, 3]);
        assert_eq!(t.overdue_actions, [3, 3, 1], "judged on today");
    }

    #[test]
    fn last_keeps_the_newest_sessions() {
        let sessions = story();
        let t = trend("four-winds-25", &sessions, Some(2), today());
        assert_eq!(t.sessions.len(), 2);
        assert_eq!(t.total_sessions, 3);
        assert_eq!(t.sessions[1].id, "20261120-four-winds-25");
        assert!(render_text(&t, Lang::En).contains("The last 2 of 3 sessions"));
    }

    #[test]
    fn other_checklists_are_ignored_and_items_of_older_versions_are_kept() {
        let mut old = Session::new(
            "old".into(),
            small_checklist(&["x1", "x2"]),
            at("2026-01-01T00:00:00Z"),
        );
        old.answers[1].rating = Rating::Value(4);
        let mut new = Session::new(
            "new".into(),
            small_checklist(&["x1", "y1"]),
            at("2026-02-01T00:00:00Z"),
        );
        new.answers[1].rating = Rating::Value(2);
        let other = story_a();
        let t = trend("small", [&new, &other, &old], None, today());
        assert_eq!(t.sessions.len(), 2);
        let ids: Vec<&str> = t.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(
            ids,
            ["x1", "x2", "y1"],
            "the newest checklist's order, then the dropped x2 in its group"
        );
        assert_eq!(t.items[1].ratings, [Rating::Value(4), Rating::Unrated]);
        assert_eq!(t.total, [Some(4), Some(2)]);
    }

    #[test]
    fn moved_items_and_chart_points_leave_gaps_out() {
        let sessions = story();
        let t = trend("four-winds-25", &sessions, None, today());
        let moved: Vec<(&str, i64, i64)> = t
            .moved()
            .iter()
            .map(|m| (m.item.id.as_str(), m.first, m.last))
            .collect();
        assert_eq!(moved, [("f1", 3, 1), ("f3", 4, 2), ("b1", 1, 3)]);
        assert_eq!(
            chart_points(&t.groups[3].scores),
            [(0.0, 0.0), (2.0, 0.0)],
            "the session with nothing rated is a gap, not a zero"
        );
    }

    #[test]
    fn sparkline_scales_to_five_bars_and_clamps() {
        let r: Vec<Rating> = (0..=4).map(Rating::Value).collect();
        assert_eq!(sparkline(&r, 0, 4), "▁▂▄▆█");
        assert_eq!(
            sparkline(&[Rating::Value(9), Rating::Value(-3)], 0, 4),
            "█▁"
        );
        assert_eq!(sparkline(&[Rating::Value(1)], 1, 2), "▁");
        assert_eq!(sparkline(&[Rating::Value(2)], 1, 2), "█");
        assert_eq!(
            sparkline(&[Rating::Value(i64::MAX)], i64::MIN, i64::MAX),
            "█"
        );
    }

    #[test]
    fn json_follows_the_contract() {
        let sessions = story();
        let t = trend("four-winds-25", &sessions, None, today());
        let v: serde_json::Value = serde_json::from_str(&render_json(&t)).unwrap();
        assert_eq!(v["checklist"], "four-winds-25");
        assert_eq!(v["sessions"][0]["id"], "20260301-four-winds-25");
        assert_eq!(v["sessions"][0]["label"], "2026年第一季度");
        assert_eq!(v["sessions"][0]["created"], "2026-03-01T09:00:00+08:00");
        assert_eq!(v["groups"][3]["group"], "extravagance");
        assert_eq!(v["groups"][3]["scores"], serde_json::json!([0, null, 0]));
        let h1 = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["item"] == "h1")
            .unwrap();
        assert_eq!(h1["ratings"], serde_json::json!(["na", null, 1]));
        assert_eq!(v["open_actions"], serde_json::json!([4, 4, 3]));
        assert_eq!(v["overdue_actions"], serde_json::json!([3, 3, 1]));
    }

    #[test]
    fn snapshots_of_every_format_and_language() {
        let sessions = story();
        let t = trend("four-winds-25", &sessions, None, today());
        insta::assert_snapshot!("trend_text_zh", render_text(&t, Lang::Zh));
        insta::assert_snapshot!("trend_text_en", render_text(&t, Lang::En));
        insta::assert_snapshot!("trend_md_zh", render_markdown(&t, Lang::Zh));
        insta::assert_snapshot!("trend_md_en", render_markdown(&t, Lang::En));
        insta::assert_snapshot!("trend_json", render_json(&t));
    }

    // ---- properties

    fn arb_rating() -> impl Strategy<Value = Rating> {
        prop_oneof![
            Just(Rating::Unrated),
            Just(Rating::NotApplicable),
            (0i64..=4).prop_map(Rating::Value),
        ]
    }

    fn arb_sessions() -> impl Strategy<Value = Vec<Session>> {
        proptest::collection::vec(
            (0i64..400, proptest::collection::vec(arb_rating(), 6)),
            1..8,
        )
        .prop_map(|specs| {
            specs
                .into_iter()
                .enumerate()
                .map(|(n, (days, ratings))| {
                    let created = at("2026-01-01T00:00:00Z") + chrono::Duration::days(days);
                    let mut s = Session::new(
                        format!("s{n}"),
                        small_checklist(&["x1", "x2", "x3", "y1", "y2", "y3"]),
                        created,
                    );
                    for (a, r) in s.answers.iter_mut().zip(ratings) {
                        a.rating = r;
                    }
                    s
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn any_input_order_gives_the_same_time_ordered_trend(
            (sessions, shuffled) in arb_sessions().prop_flat_map(|s| (Just(s.clone()), Just(s).prop_shuffle()))
        ) {
            let t = trend("small", &sessions, None, today());
            let u = trend("small", &shuffled, None, today());
            prop_assert!(t.sessions.windows(2).all(|w| (w[0].created, &w[0].id) <= (w[1].created, &w[1].id)));
            prop_assert_eq!(&t, &u);
        }

        #[test]
        fn gaps_stay_gaps_and_values_stay_bars(sessions in arb_sessions()) {
            let t = trend("small", &sessions, None, today());
            for item in &t.items {
                let line: Vec<char> = t.sparkline(item).chars().collect();
                prop_assert_eq!(line.len(), t.sessions.len());
                for (r, c) in item.ratings.iter().zip(&line) {
                    match r {
                        Rating::Unrated => prop_assert_eq!(*c, GAP_UNRATED),
                        Rating::NotApplicable => prop_assert_eq!(*c, GAP_NOT_APPLICABLE),
                        Rating::Value(_) => prop_assert!(BARS.contains(c)),
                    }
                }
            }
            // A group with nothing rated has no score (null), never 0.
            for (g, scores) in t.groups.iter().map(|g| (g, &g.scores)) {
                for (col, score) in scores.iter().enumerate() {
                    let rated = t.items.iter().filter(|i| i.group == g.id).any(|i| i.ratings[col].value().is_some());
                    prop_assert_eq!(score.is_some(), rated);
                }
            }
        }
    }
}
