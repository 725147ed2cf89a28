//! The trend as a value: each session's group scores and every item's ratings over time.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::checklist::{Checklist, Text};
use crate::error::Result;
use crate::report::diff::SessionRef;
use crate::session::model::label_of;
use crate::session::{Rating, Respondent, Session, Summary};

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
    /// Whose sessions these are, when the caller chose them by respondent (SPEC §10). Set by the
    /// caller: the trend itself takes the sessions it is given.
    pub respondent: Option<Respondent>,
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

pub(super) fn bar_index(v: i64, low: i64, high: i64) -> usize {
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
    pub(super) fn of(c: &crate::checklist::Checklist) -> Shape {
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

    pub(super) fn item_count(&self) -> usize {
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

/// Trend points of `sessions` from their summaries: ratings and action dates come from the index;
/// `load` gives the embedded checklist of one session, called once per distinct checklist (by
/// fingerprint), so 1,000 sessions of one checklist cost one parse. Shared by `zicha trend` and the
/// TUI's Trend screen; the caller decides where a checklist comes from (the store).
pub fn points_of_summaries(
    sessions: Vec<Summary>,
    today: NaiveDate,
    mut load: impl FnMut(&str) -> Result<Checklist>,
) -> Result<Vec<Point>> {
    let mut shapes = Shapes::default();
    let mut by_fingerprint: HashMap<u64, Arc<Shape>> = HashMap::new();
    let mut points = Vec::with_capacity(sessions.len());
    for s in sessions {
        let shape = match by_fingerprint.get(&s.fingerprint) {
            Some(shape) => Arc::clone(shape),
            None => {
                let shape = shapes.get(&load(&s.id)?);
                by_fingerprint.insert(s.fingerprint, Arc::clone(&shape));
                shape
            }
        };
        let progress = s.progress(today);
        points.push(Point {
            session: SessionRef {
                id: s.id,
                label: label_of(s.label.as_deref()).map(str::to_string),
                created: s.created,
            },
            shape,
            ratings: s.ratings,
            open_actions: progress.open_actions,
            overdue_actions: progress.overdue_actions,
        });
    }
    Ok(points)
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
        respondent: None,
    }
}
