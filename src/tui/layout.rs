//! Where things go on screen. Pure functions of the terminal size, shared by `view` (to draw) and
//! `update` (to know what a mouse click hit), so the two cannot disagree.

use ratatui::layout::Rect;

/// The frame every screen shares: a title line, a banner (a read-only view's explanation, usually
/// no rows), the body, a status line and a key-hint line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chrome {
    pub title: Rect,
    pub banner: Rect,
    pub body: Rect,
    pub status: Rect,
    pub hints: Rect,
}

pub fn chrome(area: Rect) -> Chrome {
    frame(area, 0, 1)
}

/// The frame with `banner` rows under the title, taken from the body (which keeps at least a row).
pub fn with_banner(area: Rect, banner: u16) -> Chrome {
    frame(area, banner, 1)
}

/// The frame with a status area of `status` rows (a long message wraps over up to three; the body
/// gives them up).
pub fn chrome_with(area: Rect, status: u16) -> Chrome {
    frame(area, 0, status)
}

/// The frame with both: `banner` rows under the title (a read-only view's explanation) and a
/// status area of `status` rows (1 to 3), both taken from the body, which keeps at least a row.
pub fn frame(area: Rect, banner: u16, status: u16) -> Chrome {
    let h = area.height;
    let status = status.clamp(1, 3).min(h.saturating_sub(3).max(1));
    let body_h = h.saturating_sub(2 + status);
    let banner = banner.min(body_h.saturating_sub(1));
    let row = |y: u16, height: u16| Rect {
        x: area.x,
        y: area.y + y,
        width: area.width,
        height,
    };
    Chrome {
        title: row(0, 1.min(h)),
        banner: row(1.min(h), banner),
        body: row(1.min(h) + banner, body_h - banner),
        status: row(h.saturating_sub(1 + status), status.min(h)),
        hints: row(h.saturating_sub(1), 1.min(h)),
    }
}

/// The fill screen's body: the item list, a one-column gap, the selected item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FillAreas {
    pub list: Rect,
    pub detail: Rect,
}

pub fn fill(body: Rect) -> FillAreas {
    let list_w = (body.width * 2 / 5).clamp(24.min(body.width), 44.min(body.width));
    let gap = 2.min(body.width - list_w);
    FillAreas {
        list: Rect {
            width: list_w,
            ..body
        },
        detail: Rect {
            x: body.x + list_w + gap,
            width: body.width - list_w - gap,
            ..body
        },
    }
}

/// The trend screen's body: the chart, its legend (up to two rows) and the table of items that moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrendAreas {
    pub chart: Rect,
    pub legend: Rect,
    pub table: Rect,
}

/// Half the body for the chart (at least 6 rows), so that at 80x24 the table still shows eight items.
pub fn trend(body: Rect) -> TrendAreas {
    let chart_h = (body.height / 2).max(6).min(body.height);
    let legend_h = 2.min(body.height - chart_h);
    let table_h = body.height - chart_h - legend_h;
    let row = |y: u16, height: u16| Rect {
        y: body.y + y,
        height,
        ..body
    };
    TrendAreas {
        chart: row(0, chart_h),
        legend: row(chart_h, legend_h),
        table: row(chart_h + legend_h, table_h),
    }
}

/// The first row shown of a list of `total` rows in `height` rows, keeping `selected` in view a third
/// of the way down. Stateless, so a resize can never leave the selection off screen.
pub fn list_offset(selected: usize, total: usize, height: usize) -> usize {
    if total <= height || height == 0 {
        return 0;
    }
    selected.saturating_sub(height / 3).min(total - height)
}

/// The first row shown of a list that was scrolled to `prev`: the same, as long as `selected` is still
/// in view, so that a click never scrolls the list under the pointer. A step just past an edge scrolls
/// by that much (a heading right above comes along, `heading(i)` says which rows are); a jump further
/// away puts the selection a third of the way down ([`list_offset`]).
pub fn keep_in_view(
    prev: usize,
    selected: usize,
    total: usize,
    height: usize,
    heading: impl Fn(usize) -> bool,
) -> usize {
    if total <= height || height == 0 {
        return 0;
    }
    let max = total - height;
    let prev = prev.min(max);
    if selected >= prev && selected < prev + height {
        return prev;
    }
    let near = 2;
    if selected < prev && prev - selected <= near {
        return selected - usize::from(selected > 0 && heading(selected - 1));
    }
    if selected >= prev + height && selected - (prev + height) < near {
        return (selected + 1 - height).min(max);
    }
    list_offset(selected, total, height)
}

/// A popup of `width` x `height` centred in `area`, shrunk to fit.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_keeps_the_selection_visible() {
        for total in 0..60 {
            for height in 1..30 {
                for sel in 0..total {
                    let off = list_offset(sel, total, height);
                    assert!(off <= sel && sel < off + height, "{sel} {total} {height}");
                }
            }
        }
    }

    #[test]
    fn layouts_stay_inside_tiny_areas() {
        for w in 0..100 {
            for h in 0..30 {
                let area = Rect::new(0, 0, w, h);
                let c = with_banner(area, 3);
                assert!(
                    c.banner.bottom() <= c.body.y && c.body.bottom() <= c.status.y.max(c.body.y)
                );
                let c = chrome(area);
                for s in 1..4 {
                    let c = chrome_with(area, s);
                    let b = frame(area, 3, s);
                    if h < 6 {
                        continue;
                    }
                    assert!(c.body.bottom() <= c.status.y && c.status.bottom() <= c.hints.y);
                    assert!(b.banner.bottom() <= b.body.y && b.body.height >= 1);
                    assert!(b.body.bottom() <= b.status.y && b.status.bottom() <= b.hints.y);
                }
                let f = fill(c.body);
                assert!(f.detail.right() <= area.right() && f.list.right() <= area.right());
                assert!(c.hints.bottom() <= area.bottom());
                let t = trend(c.body);
                assert!(t.table.bottom() <= c.body.bottom() && t.legend.bottom() <= t.table.y);
                let p = centered(area, 60, 10);
                assert!(p.right() <= area.right() && p.bottom() <= area.bottom());
            }
        }
    }
}
