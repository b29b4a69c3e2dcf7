//! One table of a return: fixed columns, rows of text, and where each row came
//! from. Values are kept as written so that reading then writing gives back the
//! same file; rules parse what they compare.

/// A table with a known column list. Column `i` of every row is the value of
/// `columns[i]`; a column missing from the file reads as blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The table's name in findings (`Episodes`, `ChildIdentifiers`, ...).
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
    /// The line (CSV) or element position (XML) each row was read from, for
    /// messages that point into the file.
    pub lines: Vec<u64>,
    /// Whether the return had this table at all. Rules that need a table the
    /// return did not have are not run, rather than flagging every child.
    pub present: bool,
}

impl Table {
    pub fn new(name: &'static str, columns: &'static [&'static str]) -> Self {
        Table {
            name,
            columns,
            rows: Vec::new(),
            lines: Vec::new(),
            present: false,
        }
    }

    /// The value in row `row`, column `col` (a column constant), trimmed.
    /// Blank when the row or column does not exist.
    pub fn get(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", |v| trim(v))
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
    }

    /// Adds a row (padded or cut to the column count) read from `line`.
    pub fn push(&mut self, mut row: Vec<String>, line: u64) {
        row.resize(self.columns.len(), String::new());
        self.rows.push(row);
        self.lines.push(line);
        self.present = true;
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
