//! The text editor of the text popups: a line buffer whose cost per keystroke does not grow with the
//! note (issue 16).
//!
//! `ratatui-textarea` re-wrapped the whole text after every edit and on every draw, so one keystroke in
//! a 200,000-character note took ≈ 19 ms. Here the wrap of each line is cached; an edit inside a line
//! re-wraps only from the row before it until the rows fall back in step with the old ones, and a draw
//! wraps only the lines it shows. The wrap is the one `ratatui-textarea` drew (`WordOrGlyph`: break
//! at word bounds, split a word wider than the field between graphemes; Chinese breaks between any
//! two characters), with widths from `unicode-width`, so CJK takes two columns. The key bindings are
//! the widget's (Emacs-style plus the usual keys), undo / redo included (`Ctrl-U` / `Ctrl-R`).
//!
//! The caret is a byte offset into its line, always on a character boundary.

use std::cell::{Cell, RefCell};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

use super::text::{no_line_end, no_line_start};

const TAB: usize = 4;
/// Undo steps kept; older ones are dropped.
const MAX_UNDO: usize = 10_000;

/// Where a row of a wrapped line starts, and whether wrapping can restart there with a fresh state
/// (a word bound; rows inside a word split between graphemes are not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Start {
    at: usize,
    clean: bool,
}

/// The wrapped rows of each line at one width; `None` until a draw needs it.
#[derive(Default)]
struct Wraps {
    width: usize,
    lines: Vec<Option<Vec<Start>>>,
}

/// One undo step: at `at`, `inserted` replaced `removed`; the caret was at `before`.
#[derive(Clone, Debug)]
struct Step {
    at: (usize, usize),
    removed: String,
    inserted: String,
    before: (usize, usize),
}

pub struct Editor {
    lines: Vec<String>,
    row: usize,
    col: usize,
    /// The display column vertical moves aim for (kept across a run of Up / Down).
    goal: Option<usize>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    yank: String,
    wraps: RefCell<Wraps>,
    /// First row shown: (line, row within the line). Kept from draw to draw, as the widget did.
    top: Cell<(usize, usize)>,
    /// The field's size at the last draw (for page moves and wrapping before the first draw).
    size: Cell<(usize, usize)>,
}

fn char_width(c: char, col: usize) -> usize {
    if c == '\t' {
        TAB - col % TAB
    } else {
        c.width().unwrap_or(0)
    }
}

fn width_from(text: &str, start: usize) -> usize {
    text.chars().fold(start, |col, c| col + char_width(c, col)) - start
}

/// The word-bound chunks of `line` from byte `from`, as byte ranges of the whole line.
fn chunks_from(
    line: &str,
    from: usize,
) -> std::iter::Peekable<impl Iterator<Item = (usize, usize)>> {
    line[from..]
        .split_word_bound_indices()
        .map(move |(i, t)| (from + i, from + i + t.len()))
        .peekable()
}

/// How many chunks may move down to keep a closing mark off a row's start (`。」）` in a row).
const CARRY_MAX: usize = 3;

/// Where a full row whose chunks start at `row` (and which would end at `end`) should end instead,
/// so that the next row does not start with closing punctuation and this one does not end with an
/// opening bracket (禁则, as `tui::text::wrap` does). A row keeps at least its first chunk; when no
/// break within [`CARRY_MAX`] chunks helps, the row ends at `end`. Costs the row's length at most.
fn break_at(line: &str, row: &[usize], end: usize) -> usize {
    let at = |k: usize| row.get(k).copied().unwrap_or(end);
    let starts_bad = |b: usize| line[b..].chars().next().is_some_and(no_line_start);
    let ends_bad = |b: usize| line[..b].chars().next_back().is_some_and(no_line_end);
    let mut k = row.len();
    while k > 1 && row.len() - k < CARRY_MAX && starts_bad(at(k)) {
        k -= 1;
    }
    if starts_bad(at(k)) {
        k = row.len();
    }
    while k > 1 && ends_bad(at(k)) {
        k -= 1;
    }
    at(k)
}

/// Wraps `line` from the clean row start `from`, calling `emit` with each row start after `from`
/// (and the row's cleanness); `emit` returns false to stop early. Same rows as `ratatui-textarea`'s
/// `WordOrGlyph` for the whole line when `from` is 0, except that a row never starts with closing
/// punctuation where moving a character or two down avoids it (see [`break_at`]).
fn wrap_from(line: &str, from: usize, width: usize, mut emit: impl FnMut(Start) -> bool) {
    let width = width.max(1);
    let mut seg_start = from;
    let mut seg_end = from;
    let mut seg_width = 0usize;
    // Starts of the chunks in the row being filled.
    let mut row: Vec<usize> = Vec::new();
    // Each row start is emitted when the row before it is complete.
    let mut push = |next: Start, seg_start: &mut usize| -> bool {
        *seg_start = next.at;
        next.at >= line.len() || emit(next)
    };
    let mut chunks = chunks_from(line, from);
    while let Some(&(start, end)) = chunks.peek() {
        if seg_end == seg_start {
            seg_start = start;
        }
        let w = width_from(&line[start..end], seg_width);
        if seg_width + w <= width {
            seg_end = end;
            seg_width += w;
            row.push(start);
            chunks.next();
            continue;
        }
        if seg_end > seg_start {
            let at = break_at(line, &row, seg_end);
            if !push(Start { at, clean: true }, &mut seg_start) {
                return;
            }
            seg_width = 0;
            row.clear();
            if at < seg_end {
                // The chunks after the break start the next row.
                seg_end = at;
                chunks = chunks_from(line, at);
            }
            continue;
        }
        // A word wider than the field: split it between graphemes.
        let mut piece = start;
        let mut piece_width = 0usize;
        for (i, g) in line[start..end].grapheme_indices(true) {
            let g_start = start + i;
            let gw = width_from(g, piece_width);
            if g_start != piece && piece_width + gw > width {
                if !push(
                    Start {
                        at: g_start,
                        clean: false,
                    },
                    &mut seg_start,
                ) {
                    return;
                }
                piece = g_start;
                piece_width = 0;
            }
            piece_width += width_from(g, piece_width);
        }
        chunks.next();
        row.clear();
        if end < line.len()
            && !push(
                Start {
                    at: end,
                    clean: true,
                },
                &mut seg_start,
            )
        {
            return;
        }
        seg_end = end;
        seg_start = end;
        seg_width = 0;
    }
}

fn wrap_line(line: &str, width: usize) -> Vec<Start> {
    let mut starts = vec![Start { at: 0, clean: true }];
    wrap_from(line, 0, width, |s| {
        starts.push(s);
        true
    });
    starts
}

/// Where the text `text` ends when inserted at `at`.
fn end_of(at: (usize, usize), text: &str) -> (usize, usize) {
    match text.rfind('\n') {
        None => (at.0, at.1 + text.len()),
        Some(i) => (at.0 + text.matches('\n').count(), text.len() - i - 1),
    }
}

impl Editor {
    /// An editor holding `text`, the caret at its end.
    pub fn new(text: &str) -> Editor {
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let row = lines.len() - 1;
        let col = lines[row].len();
        Editor {
            lines,
            row,
            col,
            goal: None,
            undo: Vec::new(),
            redo: Vec::new(),
            yank: String::new(),
            wraps: RefCell::new(Wraps::default()),
            top: Cell::new((0, 0)),
            size: Cell::new((0, 0)),
        }
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// The caret: line and character (not byte) index.
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.lines[self.row][..self.col].chars().count())
    }

    // ---- Editing ----------------------------------------------------------------------------

    /// Replaces the text from `start` to `end` (line, byte) with `text`; returns what was there.
    fn replace(&mut self, start: (usize, usize), end: (usize, usize), text: &str) -> String {
        let (sr, sc) = start;
        let (er, ec) = end;
        let removed = if sr == er {
            self.lines[sr][sc..ec].to_string()
        } else {
            let mut r = self.lines[sr][sc..].to_string();
            for line in &self.lines[sr + 1..er] {
                r.push('\n');
                r.push_str(line);
            }
            r.push('\n');
            r.push_str(&self.lines[er][..ec]);
            r
        };
        let wraps = self.wraps.get_mut();
        if sr == er && !text.contains('\n') {
            let old = std::mem::take(&mut self.lines[sr]);
            let mut new = String::with_capacity(old.len() - (ec - sc) + text.len());
            new.push_str(&old[..sc]);
            new.push_str(text);
            new.push_str(&old[ec..]);
            if let Some(slot) = wraps.lines.get_mut(sr)
                && let Some(starts) = slot.take()
            {
                *slot = Some(rewrap(&new, starts, sc, ec, sc + text.len(), wraps.width));
            }
            self.lines[sr] = new;
        } else {
            let suffix = self.lines[er][ec..].to_string();
            let mut pieces: Vec<String> = text.split('\n').map(str::to_string).collect();
            let mut first = self.lines[sr][..sc].to_string();
            first.push_str(&pieces[0]);
            pieces[0] = first;
            if let Some(last) = pieces.last_mut() {
                last.push_str(&suffix);
            }
            let n = pieces.len();
            self.lines.splice(sr..=er, pieces);
            if wraps.lines.len() > er {
                wraps.lines.splice(sr..=er, std::iter::repeat_n(None, n));
            } else {
                wraps.lines.clear();
            }
        }
        removed
    }

    /// An edit the user made: recorded for undo, the caret after the inserted text.
    fn edit(&mut self, start: (usize, usize), end: (usize, usize), text: &str) -> bool {
        if start == end && text.is_empty() {
            return false;
        }
        let before = (self.row, self.col);
        let removed = self.replace(start, end, text);
        let after = end_of(start, text);
        (self.row, self.col) = after;
        self.redo.clear();
        // Typing a run of characters is one step, as a word is.
        if let Some(last) = self.undo.last_mut()
            && removed.is_empty()
            && last.removed.is_empty()
            && !text.contains('\n')
            && end_of(last.at, &last.inserted) == start
            && text.chars().all(|c| !c.is_whitespace())
            && !last.inserted.ends_with(char::is_whitespace)
            && text.chars().count() == 1
        {
            last.inserted.push_str(text);
            return true;
        }
        self.undo.push(Step {
            at: start,
            removed,
            inserted: text.to_string(),
            before,
        });
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
        true
    }

    /// Inserts `text` at the caret (a paste: one edit, one undo step). Returns whether it changed.
    pub fn insert_str(&mut self, text: &str) -> bool {
        self.goal = None;
        let at = (self.row, self.col);
        self.edit(at, at, text)
    }

    fn undo_step(&mut self, redo: bool) -> bool {
        let step = if redo {
            self.redo.pop()
        } else {
            self.undo.pop()
        };
        let Some(step) = step else { return false };
        if redo {
            let end = end_of(step.at, &step.removed);
            self.replace(step.at, end, &step.inserted);
            (self.row, self.col) = end_of(step.at, &step.inserted);
            self.undo.push(step);
        } else {
            let end = end_of(step.at, &step.inserted);
            self.replace(step.at, end, &step.removed);
            (self.row, self.col) = step.before;
            self.redo.push(step);
        }
        self.col = self.col.min(self.lines[self.row].len());
        true
    }

    fn prev_char(&self) -> Option<(usize, usize)> {
        if self.col > 0 {
            let c = self.lines[self.row][..self.col].chars().next_back()?;
            Some((self.row, self.col - c.len_utf8()))
        } else if self.row > 0 {
            Some((self.row - 1, self.lines[self.row - 1].len()))
        } else {
            None
        }
    }

    fn next_char(&self) -> Option<(usize, usize)> {
        let line = &self.lines[self.row];
        if self.col < line.len() {
            let c = line[self.col..].chars().next()?;
            Some((self.row, self.col + c.len_utf8()))
        } else if self.row + 1 < self.lines.len() {
            Some((self.row + 1, 0))
        } else {
            None
        }
    }

    /// The start of the word before the caret (within the line; at a line start, the line before).
    fn word_back(&self) -> (usize, usize) {
        if self.col == 0 {
            return self.prev_char().unwrap_or((self.row, 0));
        }
        let line = &self.lines[self.row][..self.col];
        let mut chars = line.char_indices().rev().peekable();
        let mut at = self.col;
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_whitespace() {
                break;
            }
            at = i;
            chars.next();
        }
        let class = chars.peek().map(|&(_, c)| c.is_alphanumeric());
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() || Some(c.is_alphanumeric()) != class {
                break;
            }
            at = i;
            chars.next();
        }
        (self.row, at)
    }

    /// The end of the word after the caret.
    fn word_forward(&self) -> (usize, usize) {
        let line = &self.lines[self.row];
        if self.col == line.len() {
            return self.next_char().unwrap_or((self.row, self.col));
        }
        let mut chars = line[self.col..]
            .char_indices()
            .map(|(i, c)| (self.col + i, c))
            .peekable();
        while let Some(&(_, c)) = chars.peek() {
            if !c.is_whitespace() {
                break;
            }
            chars.next();
        }
        let class = chars.peek().map(|&(_, c)| c.is_alphanumeric());
        let mut at = line.len();
        for (i, c) in chars {
            if c.is_whitespace() || Some(c.is_alphanumeric()) != class {
                at = i;
                break;
            }
        }
        (self.row, at)
    }

    fn kill(&mut self, start: (usize, usize), end: (usize, usize)) -> bool {
        if start == end {
            return false;
        }
        self.goal = None;
        let text = self.range_text(start, end);
        self.yank = text;
        self.edit(start, end, "")
    }

    fn range_text(&self, start: (usize, usize), end: (usize, usize)) -> String {
        if start.0 == end.0 {
            return self.lines[start.0][start.1..end.1].to_string();
        }
        let mut r = self.lines[start.0][start.1..].to_string();
        for line in &self.lines[start.0 + 1..end.0] {
            r.push('\n');
            r.push_str(line);
        }
        r.push('\n');
        r.push_str(&self.lines[end.0][..end.1]);
        r
    }

    /// Applies a key; returns whether the text changed.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        if key.kind == KeyEventKind::Release {
            return false;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let at = (self.row, self.col);
        let vertical = matches!(
            (key.code, ctrl, alt),
            (KeyCode::Up | KeyCode::Down, false, false)
                | (KeyCode::Char('p' | 'n'), true, false)
                | (KeyCode::PageUp | KeyCode::PageDown, _, _)
                | (KeyCode::Char('v'), _, _)
        );
        if !vertical {
            self.goal = None;
        }
        let page = self.size.get().1.max(1);
        match (key.code, ctrl, alt) {
            (KeyCode::Enter, _, _) | (KeyCode::Char('m'), true, false) => self.edit(at, at, "\n"),
            (KeyCode::Char(c), false, false) => {
                let mut b = [0; 4];
                self.edit(at, at, c.encode_utf8(&mut b))
            }
            (KeyCode::Tab, false, false) => {
                let col = width_from(&self.lines[self.row][..self.col], 0);
                let spaces = " ".repeat(TAB - col % TAB);
                self.edit(at, at, &spaces)
            }
            (KeyCode::Backspace, false, false) | (KeyCode::Char('h'), true, false) => {
                match self.prev_char() {
                    Some(p) => self.edit(p, at, ""),
                    None => false,
                }
            }
            (KeyCode::Delete, false, false) | (KeyCode::Char('d'), true, false) => {
                match self.next_char() {
                    Some(n) => self.edit(at, n, ""),
                    None => false,
                }
            }
            (KeyCode::Char('k'), true, false) => {
                let end = (self.row, self.lines[self.row].len());
                match (end == at).then(|| self.next_char()).flatten() {
                    Some(n) => self.kill(at, n),
                    None => self.kill(at, end),
                }
            }
            (KeyCode::Char('j'), true, false) => self.kill((self.row, 0), at),
            (KeyCode::Char('w'), true, false)
            | (KeyCode::Char('h'), false, true)
            | (KeyCode::Backspace, false, true) => {
                let w = self.word_back();
                self.kill(w, at)
            }
            (KeyCode::Delete, false, true) | (KeyCode::Char('d'), false, true) => {
                let w = self.word_forward();
                self.kill(at, w)
            }
            (KeyCode::Char('u'), true, false) => self.undo_step(false),
            (KeyCode::Char('r'), true, false) => self.undo_step(true),
            (KeyCode::Char('y'), true, false) => {
                let y = self.yank.clone();
                self.edit(at, at, &y)
            }
            (KeyCode::Right, false, false) | (KeyCode::Char('f'), true, false) => {
                self.go(self.next_char())
            }
            (KeyCode::Left, false, false) | (KeyCode::Char('b'), true, false) => {
                self.go(self.prev_char())
            }
            (KeyCode::Home, _, _) | (KeyCode::Char('a'), true, false) => {
                self.go(Some((self.row, 0)))
            }
            (KeyCode::End, _, _) | (KeyCode::Char('e'), true, false) => {
                self.go(Some((self.row, self.lines[self.row].len())))
            }
            (KeyCode::Right, true, false) | (KeyCode::Char('f'), false, true) => {
                self.go(Some(self.word_forward()))
            }
            (KeyCode::Left, true, false) | (KeyCode::Char('b'), false, true) => {
                self.go(Some(self.word_back()))
            }
            (KeyCode::Char('<'), false, true) | (KeyCode::Up, true, true) => self.go(Some((0, 0))),
            (KeyCode::Char('>'), false, true) | (KeyCode::Down, true, true) => {
                let last = self.lines.len() - 1;
                self.go(Some((last, self.lines[last].len())))
            }
            (KeyCode::Char(']' | 'n'), false, true) | (KeyCode::Down, true, false) => {
                let next = (self.row + 1..self.lines.len())
                    .find(|&r| self.lines[r].is_empty() && r + 1 < self.lines.len())
                    .map(|r| (r + 1, 0));
                let last = self.lines.len() - 1;
                self.go(Some(next.unwrap_or((last, self.lines[last].len()))))
            }
            (KeyCode::Char('[' | 'p'), false, true) | (KeyCode::Up, true, false) => {
                let prev = (1..self.row)
                    .rev()
                    .find(|&r| self.lines[r - 1].is_empty())
                    .unwrap_or(0);
                self.go(Some((prev, 0)))
            }
            (KeyCode::Up, false, false) | (KeyCode::Char('p'), true, false) => self.vertical(-1),
            (KeyCode::Down, false, false) | (KeyCode::Char('n'), true, false) => self.vertical(1),
            (KeyCode::PageDown, _, _) | (KeyCode::Char('v'), true, false) => {
                self.vertical(page as isize)
            }
            (KeyCode::PageUp, _, _) | (KeyCode::Char('v'), false, true) => {
                self.vertical(-(page as isize))
            }
            _ => false,
        }
    }

    fn go(&mut self, to: Option<(usize, usize)>) -> bool {
        if let Some((r, c)) = to {
            self.row = r;
            self.col = c;
        }
        false
    }

    // ---- Wrapping and drawing ------------------------------------------------------------------

    fn width(&self) -> usize {
        match self.size.get().0 {
            0 => usize::MAX / 4,
            w => w,
        }
    }

    /// Runs `f` on the row starts of line `l`, wrapping it first if needed.
    fn with_rows<T>(&self, l: usize, f: impl FnOnce(&[Start]) -> T) -> T {
        let width = self.width();
        let mut wraps = self.wraps.borrow_mut();
        if wraps.width != width || wraps.lines.len() != self.lines.len() {
            wraps.width = width;
            wraps.lines = vec![None; self.lines.len()];
        }
        let slot = &mut wraps.lines[l];
        let rows = slot.get_or_insert_with(|| wrap_line(&self.lines[l], width));
        f(rows)
    }

    fn row_count(&self, l: usize) -> usize {
        self.with_rows(l, <[Start]>::len)
    }

    /// The row of line `l` holding byte `c` (a row's end belongs to the next row, except the last).
    fn row_of(&self, l: usize, c: usize) -> usize {
        self.with_rows(l, |rows| {
            rows.partition_point(|s| s.at <= c).saturating_sub(1)
        })
    }

    /// Byte range of row `r` of line `l`.
    fn row_range(&self, l: usize, r: usize) -> (usize, usize, bool) {
        let len = self.lines[l].len();
        self.with_rows(l, |rows| {
            let start = rows.get(r).map_or(len, |s| s.at);
            let end = rows.get(r + 1).map_or(len, |s| s.at);
            (start, end, r + 1 >= rows.len())
        })
    }

    fn vertical(&mut self, by: isize) -> bool {
        let r = self.row_of(self.row, self.col);
        let (start, _, _) = self.row_range(self.row, r);
        let col = width_from(&self.lines[self.row][start..self.col], 0);
        let goal = *self.goal.get_or_insert(col);
        let (mut l, mut rr) = (self.row, r);
        for _ in 0..by.unsigned_abs() {
            if by < 0 {
                if rr > 0 {
                    rr -= 1;
                } else if l > 0 {
                    l -= 1;
                    rr = self.row_count(l) - 1;
                } else {
                    break;
                }
            } else if rr + 1 < self.row_count(l) {
                rr += 1;
            } else if l + 1 < self.lines.len() {
                l += 1;
                rr = 0;
            } else {
                break;
            }
        }
        let (start, end, last) = self.row_range(l, rr);
        let text = &self.lines[l][start..end];
        let mut at = start;
        let mut w = 0;
        for (i, c) in text.char_indices() {
            let cw = char_width(c, w);
            // A row that continues below cannot hold the caret at its very end.
            let next = start + i + c.len_utf8();
            if w + cw > goal || (!last && next == end) {
                break;
            }
            w += cw;
            at = next;
        }
        self.row = l;
        self.col = at;
        false
    }

    /// Whether the caret is at the end of its line's last row and that row is full at `w` columns:
    /// it is then shown at the start of the row below.
    fn caret_below(&self, w: usize) -> bool {
        let line = &self.lines[self.row];
        if self.col != line.len() {
            return false;
        }
        let r = self.row_of(self.row, self.col);
        let (start, _, _) = self.row_range(self.row, r);
        width_from(&line[start..], 0) >= w
    }

    /// How many rows the text takes at `width` columns. Wraps every line: for one-line fields, whose
    /// popup grows to show all of a long entry (not for the notes, which scroll).
    pub fn rows_at(&self, width: usize) -> usize {
        let (_, h) = self.size.get();
        self.size.set((width.max(1), h));
        let rows: usize = (0..self.lines.len()).map(|l| self.row_count(l)).sum();
        rows + usize::from(self.caret_below(width.max(1)))
    }

    /// Draws the visible rows into `rect` and returns where the caret is on screen.
    pub fn render(&self, buf: &mut Buffer, rect: Rect) -> Position {
        let (w, h) = (rect.width as usize, rect.height as usize);
        self.size.set((w, h));
        if w == 0 || h == 0 {
            return Position::new(rect.x, rect.y);
        }
        // The caret's row, then the first row shown: the same as before unless the caret left it.
        let caret_row = self.row_of(self.row, self.col);
        let caret = (self.row, caret_row);
        // At the end of a row filled to the last column the caret goes to the start of the row below
        // (where the next character will go), not over the last character; that row is kept in view.
        let below = self.caret_below(w);
        let h_shown = if below && h > 1 { h - 1 } else { h };
        let (mut tl, mut tr) = self.top.get();
        if tl >= self.lines.len() || tr >= self.row_count(tl) {
            (tl, tr) = (tl.min(self.lines.len() - 1), 0);
        }
        if caret < (tl, tr) {
            (tl, tr) = caret;
        } else {
            // Walk back h - 1 rows from the caret: if the top is further back, the caret is below.
            let (mut l, mut r) = caret;
            for _ in 1..h_shown {
                if (l, r) <= (tl, tr) {
                    break;
                }
                if r > 0 {
                    r -= 1;
                } else if l > 0 {
                    l -= 1;
                    r = self.row_count(l) - 1;
                }
            }
            if (l, r) > (tl, tr) {
                (tl, tr) = (l, r);
            }
        }
        self.top.set((tl, tr));
        let (mut l, mut r) = (tl, tr);
        let mut pos = Position::new(rect.x, rect.y);
        for y in 0..h {
            if l >= self.lines.len() {
                break;
            }
            let (start, end, last) = self.row_range(l, r);
            let text = &self.lines[l][start..end];
            draw_row(buf, rect.x, rect.y + y as u16, w, text);
            if (l, r) == caret && below && y + 1 < h {
                pos = Position::new(rect.x, rect.y + y as u16 + 1);
                if let Some(cell) = buf.cell_mut(pos) {
                    cell.set_style(Style::default().add_modifier(Modifier::REVERSED));
                }
            } else if (l, r) == caret {
                let col = width_from(&self.lines[l][start..self.col], 0);
                pos = Position::new(rect.x + col.min(w - 1) as u16, rect.y + y as u16);
                if let Some(cell) = buf.cell_mut(pos) {
                    cell.set_style(Style::default().add_modifier(Modifier::REVERSED));
                }
            }
            if last {
                l += 1;
                r = 0;
            } else {
                r += 1;
            }
        }
        pos
    }
}

/// Draws one row: tabs as spaces to the next stop, control characters left out.
fn draw_row(buf: &mut Buffer, x: u16, y: u16, width: usize, text: &str) {
    let mut shown = String::with_capacity(text.len());
    let mut col = 0;
    for c in text.chars() {
        if c == '\t' {
            let n = char_width(c, col);
            shown.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else if !c.is_control() {
            shown.push(c);
            col += char_width(c, col);
        }
    }
    buf.set_stringn(x, y, &shown, width, Style::default());
}

/// The row starts of `line` after bytes `sc..old_end` of the old line became `sc..new_end`, from the
/// old `starts`: rows before the edit are kept, the rest re-wrapped until they fall in step again.
fn rewrap(
    line: &str,
    old: Vec<Start>,
    sc: usize,
    old_end: usize,
    new_end: usize,
    width: usize,
) -> Vec<Start> {
    // Restart at a clean start at least one row before the edited one (deleting may pull a word up).
    let k = old.partition_point(|s| s.at <= sc).saturating_sub(1);
    let mut j = k.saturating_sub(1);
    while j > 0 && !old[j].clean {
        j -= 1;
    }
    let from = old[j].at;
    let mut starts: Vec<Start> = old[..=j].to_vec();
    let shift = |at: usize| at + new_end - old_end;
    let mut tail: Option<usize> = None;
    wrap_from(line, from, width, |s| {
        if s.clean && s.at > new_end {
            // Back in step: an old clean start that lands here after the edit.
            let old_at = s.at + old_end - new_end;
            if let Ok(i) = old.binary_search_by(|o| o.at.cmp(&old_at))
                && old[i].clean
            {
                tail = Some(i);
                return false;
            }
        }
        starts.push(s);
        true
    });
    if let Some(i) = tail {
        starts.extend(old[i..].iter().map(|o| Start {
            at: shift(o.at),
            clean: o.clean,
        }));
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(line: &str, width: usize) -> Vec<&str> {
        let starts = wrap_line(line, width);
        let mut out = Vec::new();
        for (i, s) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(line.len(), |n| n.at);
            out.push(&line[s.at..end]);
        }
        out
    }

    #[test]
    fn wraps_chinese_between_characters_and_english_at_words() {
        assert_eq!(rows("会议多文件多", 4), ["会议", "多文", "件多"]);
        assert_eq!(rows("one two three", 8), ["one two ", "three"]);
        assert_eq!(rows("abcdefghij xy", 4), ["abcd", "efgh", "ij", " xy"]);
        assert_eq!(rows("", 4), [""]);
    }

    #[test]
    fn an_edit_rewraps_to_the_same_rows_as_wrapping_afresh() {
        let base = "会议多、文件多,有的会议开得过长 too long words here、过滥,一些文件照抄照转。"
            .repeat(20);
        let width = 17;
        let mut e = Editor::new(&base);
        e.size.set((width, 10));
        // Prime the cache, then edit in the middle, at the end and at the start.
        e.row_count(0);
        for (at, text) in [(30usize, "查"), (base.len(), "ab c"), (0, "x"), (61, "  ")] {
            let at = (0..=at)
                .rev()
                .find(|&i| e.lines[0].is_char_boundary(i))
                .unwrap_or(0);
            e.col = at.min(e.lines[0].len());
            e.insert_str(text);
            let cached = e.with_rows(0, <[Start]>::to_vec);
            assert_eq!(
                cached,
                wrap_line(&e.lines[0], width),
                "after inserting {text:?} at {at}"
            );
            e.input(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
            let cached = e.with_rows(0, <[Start]>::to_vec);
            assert_eq!(cached, wrap_line(&e.lines[0], width), "after a backspace");
        }
    }

    #[test]
    fn rows_do_not_start_with_closing_punctuation() {
        assert_eq!(rows("一二三。", 6), ["一二", "三。"]);
        assert_eq!(rows("一二三。」四", 6), ["一二", "三。」", "四"]);
        assert_eq!(rows("一二（三", 6), ["一二", "（三"]);
        // Nothing to move: a row of punctuation only is broken where it must be.
        assert_eq!(rows("，，，，", 4), ["，，", "，，"]);
    }

    #[test]
    fn edits_among_punctuation_rewrap_to_the_same_rows_as_wrapping_afresh() {
        let pieces = [
            "会", "议", "，", "。", "」", "（", "、", "ab", " ", "）", "》", "多",
        ];
        for width in [5, 6, 9, 13] {
            let mut e = Editor::new(&"会议多，文件多。「本人」主持（部门）会议、".repeat(8));
            e.size.set((width, 10));
            e.row_count(0);
            // A fixed pseudo-random walk of inserts and backspaces.
            let mut seed = 7u32;
            for step in 0..300 {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let r = (seed >> 8) as usize;
                let len = e.lines[0].len();
                let at = (0..=r % (len + 1))
                    .rev()
                    .find(|&i| e.lines[0].is_char_boundary(i))
                    .unwrap_or(0);
                e.col = at;
                if r.is_multiple_of(3) {
                    e.input(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
                } else {
                    e.insert_str(pieces[r % pieces.len()]);
                }
                let cached = e.with_rows(0, <[Start]>::to_vec);
                assert_eq!(
                    cached,
                    wrap_line(&e.lines[0], width),
                    "step {step} at width {width}: {:?}",
                    e.lines[0]
                );
            }
        }
    }

    #[test]
    fn undo_and_redo_restore_text_and_caret() {
        let mut e = Editor::new("一二");
        e.insert_str("三\n四");
        assert_eq!(e.text(), "一二三\n四");
        e.input(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(e.text(), "一二");
        assert_eq!(e.cursor(), (0, 2));
        e.input(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
        assert_eq!(e.text(), "一二三\n四");
        assert_eq!(e.cursor(), (1, 1));
    }

    #[test]
    fn the_caret_is_drawn_at_its_display_column() {
        let e = Editor::new("会议ab");
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 3));
        let pos = e.render(&mut buf, Rect::new(0, 0, 10, 3));
        assert_eq!(pos, Position::new(6, 0));
    }
}
