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

/// A table's text is 小四 (12 pt): one display column (half a Han character) is 6 pt, 120 twips.
const TABLE_COLUMN: u32 = 120;
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
    /// Each cell is a list of lines.
    pub rows: Vec<Vec<Vec<String>>>,
}

/// Display width: a Han character (or full-width punctuation) is two columns; each change between
/// wide and narrow characters counts one more, for the space Word and LibreOffice put between Han
/// and Latin text ("第1类问题" is set as "第 1 类问题").
pub(crate) fn display_width(text: &str) -> u32 {
    let mut width = 0usize;
    let mut prev: Option<bool> = None;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w == 0 {
            continue;
        }
        width += w;
        if c.is_whitespace() {
            prev = None;
            continue;
        }
        let wide = w > 1;
        if prev.is_some_and(|p| p != wide) {
            width += 1;
        }
        prev = Some(wide);
    }
    u32::try_from(width).unwrap_or(u32::MAX)
}

/// The width in twips a cell needs to show `lines` without wrapping.
pub(crate) fn natural_width<'a>(lines: impl IntoIterator<Item = &'a String>) -> u32 {
    let widest = lines
        .into_iter()
        .map(|l| display_width(l))
        .max()
        .unwrap_or(0);
    widest.saturating_mul(TABLE_COLUMN).saturating_add(CELL_PAD)
}

impl Table {
    /// Each column's width in twips, adding up to `width`, sized by the display width of
    /// what it holds: a column whose widest line fits its fair share gets just that (so 形式主义 or
    /// 比较突出 stay on one line), and the columns that would need more share what is left equally
    /// (max-min fair). When everything fits, the spare width goes to the columns in proportion.
    pub(crate) fn widths(&self, width: u32) -> Vec<u32> {
        let n = self.columns.len();
        if n == 0 {
            return Vec::new();
        }
        let natural: Vec<u32> = (0..n)
            .map(|c| {
                let header = natural_width(std::iter::once(&self.columns[c]));
                let cells = self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|lines| natural_width(lines))
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
                    for f in fixed.iter_mut().filter(|f| f.is_none()) {
                        *f = Some(share);
                    }
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
        assert!(w[1] >= 8 * TABLE_COLUMN + 2 * 85, "{w:?}");
        assert!(w[3] >= 8 * TABLE_COLUMN + 2 * 85, "{w:?}");
        assert!(
            w[4].abs_diff(w[5]) <= 1,
            "the two long columns share equally: {w:?}"
        );
        assert!(w[4] > w[1], "{w:?}");
    }

    #[test]
    fn a_change_between_han_and_latin_counts_one_more_column() {
        assert_eq!(display_width("形式主义"), 8);
        assert_eq!(display_width("第1类问题"), 11);
        assert_eq!(display_width("Group 1"), 7);
        assert_eq!(display_width("第 1 类"), 7);
    }

    #[test]
    fn a_narrow_table_is_stretched_to_the_text_width() {
        let w = table(&["条目", "张三"], &[&["文山会海", "3"]]).widths(TEXT_WIDTH);
        assert_eq!(w.iter().sum::<u32>(), TEXT_WIDTH);
        assert!(w[0] > w[1]);
    }
}
