//! One table of a return: fixed columns, rows of text, and where each row came
//! from. Values are kept as written so that reading then writing gives back the
//! same file; rules parse what they compare.

/// A table with a known column list. Column `i` of every row is the value of
/// `columns[i]`; a column missing from the file reads as blank.
///
/// The cells' text is kept in one buffer per table, each cell a range of it,
/// rather than a `String` per cell: a national return has millions of cells,
/// and a string each cost several times the text itself in memory and an
/// allocation each to read. A cell that is changed after it was added (the
/// XML readers fill rows in as elements close) gets its new text appended.
#[derive(Debug, Clone)]
pub struct Table {
    /// The table's name in findings (`Episodes`, `ChildIdentifiers`, ...).
    pub name: &'static str,
    pub columns: &'static [&'static str],
    /// Every cell's text, as written.
    text: String,
    /// Where each cell's text ends in `text`, row after row,
    /// `columns.len()` to a row. A cell starts where the one before it ends
    /// until a cell is changed (see `starts`): four bytes a cell.
    ends: Vec<u32>,
    /// Where each cell starts, once a cell has been changed and the cells
    /// are no longer end to end; `None` while they are (all CSV input).
    starts: Option<Vec<u32>>,
    /// The line (CSV) or element position (XML) each row was read from, for
    /// messages that point into the file.
    pub lines: Vec<u64>,
    /// Whether the return had this table at all. Rules that need a table the
    /// return did not have are not run, rather than flagging every child.
    pub present: bool,
}

/// The most text one table holds (the cells' ranges are 32-bit). Readers
/// refuse larger files, far beyond any council's return.
pub const MAX_TABLE_TEXT: usize = u32::MAX as usize;

impl PartialEq for Table {
    /// Tables are equal when they hold the same values, however those are
    /// laid out in the buffer.
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.columns == other.columns
            && self.lines == other.lines
            && self.present == other.present
            && self.len() == other.len()
            && (0..self.len()).all(|r| self.row(r).eq(other.row(r)))
    }
}

impl Eq for Table {}

impl Table {
    pub fn new(name: &'static str, columns: &'static [&'static str]) -> Self {
        Table {
            name,
            columns,
            text: String::new(),
            ends: Vec::new(),
            starts: None,
            lines: Vec::new(),
            present: false,
        }
    }

    /// The value in row `row`, column `col` (a column constant), trimmed.
    /// Blank when the row or column does not exist.
    #[inline]
    pub fn get(&self, row: usize, col: usize) -> &str {
        trim(self.raw(row, col))
    }

    /// The value in row `row`, column `col` as written (untrimmed). Blank
    /// when the row or column does not exist.
    #[inline]
    pub fn raw(&self, row: usize, col: usize) -> &str {
        if col >= self.columns.len() {
            return "";
        }
        let i = row * self.columns.len() + col;
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = match &self.starts {
            None if i == 0 => 0,
            None => self.ends.get(i - 1).copied().unwrap_or(0),
            Some(starts) => starts.get(i).copied().unwrap_or(end),
        };
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// Row `row`'s values as written, one per column (none when there is no
    /// such row).
    pub fn row(&self, row: usize) -> impl ExactSizeIterator<Item = &str> + '_ {
        let n = if row < self.len() {
            self.columns.len()
        } else {
            0
        };
        (0..n).map(move |c| self.raw(row, c))
    }

    /// Every row's values as written, for tests and tools that compare
    /// whole tables (the rules read single cells with [`Table::get`]).
    pub fn rows(&self) -> Vec<Vec<&str>> {
        (0..self.len()).map(|r| self.row(r).collect()).collect()
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
    }

    /// Appends `value` to the buffer and gives where it starts and ends.
    /// Text past [`MAX_TABLE_TEXT`] is not kept (the readers refuse such
    /// files first), so the value reads as blank.
    fn add_text(&mut self, value: &str) -> (u32, u32) {
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let start = self.text.len();
        if start + value.len() <= MAX_TABLE_TEXT {
            self.text.push_str(value);
        }
        (at(start), at(self.text.len()))
    }

    /// Adds one cell at the end.
    fn push_cell(&mut self, value: &str) {
        let (start, end) = self.add_text(value);
        self.ends.push(end);
        if let Some(starts) = &mut self.starts {
            starts.push(start);
        }
    }

    /// Adds a row (padded or cut to the column count) read from `line`.
    pub fn push(&mut self, row: Vec<String>, line: u64) {
        self.push_values(row.iter().map(String::as_str), line);
    }

    /// Adds a row from its values (padded with blanks or cut to the column
    /// count) read from `line`.
    pub fn push_values<'v>(&mut self, values: impl IntoIterator<Item = &'v str>, line: u64) {
        let n = self.columns.len();
        let mut added = 0;
        for v in values.into_iter().take(n) {
            self.push_cell(v);
            added += 1;
        }
        for _ in added..n {
            self.push_cell("");
        }
        self.lines.push(line);
        self.present = true;
    }

    /// Sets the value of row `row`, column `col` (nothing when there is no
    /// such cell).
    pub fn set(&mut self, row: usize, col: usize, value: &str) {
        if col >= self.columns.len() || row >= self.len() || self.raw(row, col) == value {
            return;
        }
        let i = row * self.columns.len() + col;
        // The cells stop being end to end: note where each starts.
        self.starts.get_or_insert_with(|| {
            std::iter::once(0)
                .chain(self.ends.iter().copied())
                .take(self.ends.len())
                .collect()
        });
        let (start, end) = self.add_text(value);
        if let (Some(s), Some(e)) = (
            self.starts.as_mut().and_then(|s| s.get_mut(i)),
            self.ends.get_mut(i),
        ) {
            *s = start;
            *e = end;
        }
    }

    /// Adds `other`'s rows (a table of the same kind) after this table's.
    pub fn append(&mut self, other: &Table) {
        for r in 0..other.len() {
            let line = other.lines.get(r).copied().unwrap_or(0);
            self.push_values(other.row(r), line);
        }
        self.present |= other.present;
    }

    /// Makes room for `rows` more rows holding `text` more bytes, so that a
    /// large file is read without the buffers growing (and being copied)
    /// again and again.
    pub fn reserve(&mut self, rows: usize, text: usize) {
        self.text.reserve(text);
        self.ends.reserve(rows * self.columns.len());
        self.lines.reserve(rows);
    }

    /// Gives back memory reserved for rows that never came.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        if let Some(starts) = &mut self.starts {
            starts.shrink_to_fit();
        }
        self.lines.shrink_to_fit();
    }
}

/// `str::trim`, with a fast path for the usual value that neither starts nor
/// ends with whitespace. Rules read cells millions of times on a national
/// return, and the general trim decodes characters from both ends each time.
/// A byte above the ASCII space and below 0x80 is never whitespace, so the
/// result is the same as `trim`.
#[inline]
pub fn trim(v: &str) -> &str {
    let plain = |b: &u8| *b > b' ' && *b < 0x80;
    match (v.as_bytes().first(), v.as_bytes().last()) {
        (Some(a), Some(z)) if plain(a) && plain(z) => v,
        (None, _) => v,
        _ => v.trim(),
    }
}

/// Declares a collection's tables: an enum `$enum` with one variant per
/// table (its `ALL`, `name()` and `columns()`), and for each table a module of
/// column positions named after its columns, so a rule reads
/// `episodes::DECOM` rather than a bare number. A table may also name the
/// file the DfE's CSV upload expects for it (the 903 does, the census has no
/// CSV form); then every table must, and `$enum::file_name()` is declared too.
macro_rules! tables {
    (@common $(#[$doc:meta])* $enum:ident; $( $variant:ident $name:literal $module:ident [ $($col:ident),* ] ),*) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $enum { $($variant),* }

        impl $enum {
            pub const ALL: &'static [$enum] = &[$($enum::$variant),*];
            /// The table's name in findings.
            pub fn name(self) -> &'static str {
                match self { $($enum::$variant => $name),* }
            }
            pub fn columns(self) -> &'static [&'static str] {
                match self { $($enum::$variant => $module::COLUMNS),* }
            }
            /// One empty table of each kind, in the order of `ALL`.
            pub fn empty_tables() -> Vec<$crate::table::Table> {
                Self::ALL
                    .iter()
                    .map(|t| $crate::table::Table::new(t.name(), t.columns()))
                    .collect()
            }
        }

        impl $crate::finding::TableName for $enum {
            fn table_name(self) -> &'static str {
                self.name()
            }
        }

        $(
            /// Column positions of the table of the same name.
            #[allow(non_upper_case_globals, dead_code)]
            pub mod $module {
                pub const COLUMNS: &[&str] = &[$(stringify!($col)),*];
                $crate::table::tables!(@consts 0usize; $($col),*);
            }
        )*
    };
    (@consts $n:expr; $first:ident $(, $rest:ident)*) => {
        pub const $first: usize = $n;
        $crate::table::tables!(@consts $n + 1usize; $($rest),*);
    };
    (@consts $n:expr;) => {};
    ($(#[$doc:meta])* $enum:ident; $( $variant:ident $name:literal $file:literal $module:ident [ $($col:ident),* $(,)? ] ),* $(,)?) => {
        $crate::table::tables!(@common $(#[$doc])* $enum; $( $variant $name $module [ $($col),* ] ),*);

        impl $enum {
            /// The file the DfE's CSV upload expects for it.
            pub fn file_name(self) -> &'static str {
                match self { $($enum::$variant => $file),* }
            }
        }
    };
    ($(#[$doc:meta])* $enum:ident; $( $variant:ident $name:literal $module:ident [ $($col:ident),* $(,)? ] ),* $(,)?) => {
        $crate::table::tables!(@common $(#[$doc])* $enum; $( $variant $name $module [ $($col),* ] ),*);
    };
}
pub(crate) use tables;
