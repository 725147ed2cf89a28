//! A document laid out the way official Chinese documents are (GB/T 9704), as a value, and its
//! writer: the one Word (.docx) writer of zicha. The self-review (`report::export`) and the unit's
//! summary material (`report::unit`) each build a [`Document`] and hand it to [`docx`]; page setup,
//! fonts, headings, the page-number footer, the 落款 and tables are written here once.
//!
//! The model is plain text (no markup, nothing escaped): a title, a centred header block, body
//! sections of headings, paragraphs and tables, the closing block, then appendices, each on a new
//! page after the closing block as 附件 are, in a landscape section (their tables are wide).

mod write;

use chrono::NaiveDate;

pub(crate) use write::docx;

/// A4 in twentieths of a point.
pub(crate) const PAGE_WIDTH: u32 = 11906;
pub(crate) const PAGE_HEIGHT: u32 = 16838;
/// GB/T 9704 margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (1 mm = 56.69 twips).
pub(crate) const MARGIN_TOP: u32 = 2098;
pub(crate) const MARGIN_BOTTOM: u32 = 1984;
pub(crate) const MARGIN_LEFT: u32 = 1587;
pub(crate) const MARGIN_RIGHT: u32 = 1474;
/// The type area's width: what a table in the body may take.
pub(crate) const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/// Appendices are set on landscape pages (their tables are wide): the margins turn with the page.
pub(crate) const APPENDIX_TEXT_WIDTH: u32 = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
/// 22 lines in the 225 mm type area: 28.95 pt, in twips.
pub(crate) const LINE_PITCH: u32 = 579;

/// A table's text is 小四 (12 pt): a Han character is one em, 240 twips.
const EM: u32 = 240;
/// A cell's left and right margins (85 twips each) and a little air, so a line that fits is not
/// broken by a rounding in the office suite.
const CELL_PAD: u32 = 2 * 85 + 70;

pub(crate) struct Document {
    pub title: String,
    /// The document's author property; "zicha" when none.
    pub author: Option<String>,
    /// Centred lines under the title (label, name, date, …).
    pub meta: Vec<String>,
    /// A centred notice with its list, after the header block ("3 items not rated yet" and which).
    pub notice: Option<(String, Vec<String>)>,
    pub body: Vec<Section>,
    pub closing: Closing,
    /// After the closing block, each on a new page.
    pub appendices: Vec<Section>,
    /// The date of the closing block and of the document's properties.
    pub date: NaiveDate,
}

/// 落款: right-aligned lines above the date, with a signature line first when one is wanted.
pub(crate) struct Closing {
    pub signature: bool,
    pub lines: Vec<String>,
}

pub(crate) struct Section {
    /// The numbered first-level heading ("一、存在的主要问题"); none for a preface.
    pub heading: Option<String>,
    pub blocks: Vec<Block>,
}

pub(crate) enum Block {
    /// A second-level heading, numbered by the writer within its section ((一), (二), …).
    Subheading(String),
    /// A third-level heading that carries its own number ("3. 文山会海").
    Point(String),
    /// One paragraph of body text (a user's line, a label with its value).
    Para(String),
    /// A stand-in for what the user left empty ("(未填写原因剖析)").
    Placeholder(String),
    Table(Table),
}

pub(crate) struct Table {
    pub columns: Vec<String>,
    /// Columns whose cells are centred (numbers, ratings); the others are left-aligned.
    pub centred: Vec<bool>,
    /// Widths in twips chosen by the builder (the unit's matrix, packed to fit), scaled down only
    /// if they add up to more than the page holds; none: sized by content ([`Table::widths`]).
    pub weights: Option<Vec<u32>>,
    /// Each cell is a list of lines.
    pub rows: Vec<Vec<Vec<String>>>,
}

/// How wide `text` is set in a table (小四, 12 pt), in twips: a Han character (or full-width
/// punctuation) is one em (240); a narrow character two thirds of an em (the CJK fonts an office
/// suite falls back to set digits and Latin wider than Times' half em: "2016-02-13" wrapped at half
/// an em, and a bold Arial "Owner" at 0.6); a space half an em; and each change between Han and
/// Latin a third of an em more, for the space Word and LibreOffice put between them ("第1类问题" is
/// set as "第 1 类问题").
pub(crate) fn text_twips(text: &str) -> u32 {
    let mut twips = 0u32;
    let mut prev: Option<bool> = None;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w == 0 {
            continue;
        }
        if c.is_whitespace() {
            twips = twips.saturating_add(EM / 2);
            prev = None;
            continue;
        }
        let wide = w > 1;
        if prev.is_some_and(|p| p != wide) {
            twips = twips.saturating_add(EM / 3);
        }
        twips = twips.saturating_add(if wide { EM } else { EM * 2 / 3 });
        prev = Some(wide);
    }
    twips
}

/// The width in twips a cell needs to show `lines` without wrapping.
pub(crate) fn natural_width<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> u32 {
    let widest = lines
        .into_iter()
        .map(|l| text_twips(l.as_ref()))
        .max()
        .unwrap_or(0);
    widest.saturating_add(CELL_PAD)
}

/// About how many lines `lines` take in a cell `width` twips wide (its margins included).
pub(crate) fn wrapped_lines(lines: &[String], width: u32) -> u32 {
    let room = width.saturating_sub(CELL_PAD).max(EM);
    let n: u32 = lines
        .iter()
        .map(|l| text_twips(l).div_ceil(room).max(1))
        .fold(0u32, u32::saturating_add);
    n.max(1)
}

/// The columns still open (each wider than an equal share) split what is left in proportion to
/// the square root of what they would need: the notes get more room than the item's title without
/// starving it; a column that would get more than it needs gets just that, and the rest share again.
fn share_long(fixed: &mut [Option<u32>], natural: &[u32], width: u32) {
    loop {
        let used: u32 = fixed.iter().flatten().sum();
        let left = f64::from(width.saturating_sub(used));
        let weight = |w: u32| f64::from(w).sqrt();
        let total: f64 = fixed
            .iter()
            .zip(natural)
            .filter(|(f, _)| f.is_none())
            .map(|(_, &w)| weight(w))
            .sum();
        if total <= 0.0 {
            return;
        }
        let share = |w: u32| (left * weight(w) / total).floor() as u32;
        let mut changed = false;
        for (f, &w) in fixed.iter_mut().zip(natural) {
            if f.is_none() && w <= share(w) {
                *f = Some(w);
                changed = true;
            }
        }
        if !changed {
            for (f, &w) in fixed.iter_mut().zip(natural) {
                if f.is_none() {
                    *f = Some(share(w));
                }
            }
            return;
        }
    }
}

impl Table {
    /// Each column's width in twips, adding up to `width`, sized by the display width of
    /// what it holds: a column whose widest line fits its fair share gets just that (so 形式主义 or
    /// 比较突出 stay on one line), and the columns that would need more share what is left by
    /// [`share_long`]. When everything fits, the spare width goes to the columns in proportion.
    pub(crate) fn widths(&self, width: u32) -> Vec<u32> {
        let n = self.columns.len();
        if n == 0 {
            return Vec::new();
        }
        if let Some(weights) = self.weights.as_ref().filter(|w| w.len() == n) {
            let total: u64 = weights.iter().map(|&w| u64::from(w)).sum::<u64>().max(1);
            if total <= u64::from(width) {
                return weights.clone();
            }
            let mut widths: Vec<u32> = weights
                .iter()
                .map(|&w| u32::try_from(u64::from(w) * u64::from(width) / total).unwrap_or(0))
                .collect();
            let sum: u32 = widths.iter().sum();
            if let Some(last) = widths.last_mut() {
                *last = (*last + width).saturating_sub(sum);
            }
            return widths;
        }
        let natural: Vec<u32> = (0..n)
            .map(|c| {
                // Headings are bold (in English) and in the heading font: half an em of slack, or
                // "Owner" broke in LibreOffice's wide fallback for Arial.
                let header = natural_width(std::iter::once(&self.columns[c])) + EM / 2;
                let cells = self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(natural_width)
                    .max()
                    .unwrap_or(0);
                header.max(cells)
            })
            .collect();
        let total: u64 = natural.iter().map(|&w| u64::from(w)).sum();
        let mut widths = if total <= u64::from(width) {
            natural
                .iter()
                .map(|&w| {
                    let share = u64::from(w) * u64::from(width) / total.max(1);
                    u32::try_from(share).unwrap_or(w)
                })
                .collect()
        } else {
            let mut fixed: Vec<Option<u32>> = vec![None; n];
            loop {
                let used: u32 = fixed.iter().flatten().sum();
                let open = fixed.iter().filter(|f| f.is_none()).count();
                if open == 0 {
                    break;
                }
                let share = width.saturating_sub(used) / u32::try_from(open).unwrap_or(1);
                let mut changed = false;
                for (f, &w) in fixed.iter_mut().zip(&natural) {
                    if f.is_none() && w <= share {
                        *f = Some(w);
                        changed = true;
                    }
                }
                if !changed {
                    share_long(&mut fixed, &natural, width);
                    break;
                }
            }
            fixed
                .into_iter()
                .map(|f| f.unwrap_or(0))
                .collect::<Vec<u32>>()
        };
        // Rounding leftovers go to the last column, so the table is exactly the text width.
        let sum: u32 = widths.iter().sum();
        if let Some(last) = widths.last_mut() {
            *last = (*last + width).saturating_sub(sum);
        }
        widths
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(columns: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            centred: vec![false; columns.len()],
            weights: None,
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| vec![c.to_string()]).collect())
                .collect(),
        }
    }

    #[test]
    fn short_columns_keep_their_text_on_one_line_and_long_ones_share_the_rest() {
        let long = "会议多、文件多，调研走过场".repeat(6);
        let t = table(
            &["序号", "类别", "条目", "评定", "具体表现", "整改措施"],
            &[&["25", "形式主义", "文山会海", "比较突出", &long, &long]],
        );
        let w = t.widths(TEXT_WIDTH);
        assert_eq!(w.iter().sum::<u32>(), TEXT_WIDTH);
        // 形式主义: 8 columns of 120 twips, plus the cell's margins.
        assert!(w[1] >= 4 * EM + 2 * 85, "{w:?}");
        assert!(w[3] >= 4 * EM + 2 * 85, "{w:?}");
        assert!(
            w[4].abs_diff(w[5]) <= 1,
            "the two long columns share equally: {w:?}"
        );
        assert!(w[4] > w[1], "{w:?}");
    }

    #[test]
    fn latin_is_reckoned_wider_than_half_an_em_and_set_apart_from_han() {
        assert_eq!(text_twips("形式主义"), 960);
        assert_eq!(text_twips("第1类问题"), 960 + 160 + 160);
        assert_eq!(text_twips("Group 1"), 6 * 160 + 120);
        assert_eq!(text_twips("第 1 类"), 480 + 160 + 240);
    }

    #[test]
    fn a_narrow_table_is_stretched_to_the_text_width() {
        let w = table(&["条目", "张三"], &[&["文山会海", "3"]]).widths(TEXT_WIDTH);
        assert_eq!(w.iter().sum::<u32>(), TEXT_WIDTH);
        assert!(w[0] > w[1]);
    }
}
