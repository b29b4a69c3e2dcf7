//! What reading and writing the two collections' XML have in common: line
//! numbers for messages while streaming, and an indented writer. What each
//! collection writes for a blank value differs (the census leaves it out,
//! the 903 writes an empty element), so that stays with each collection.

/// Turns byte offsets into line numbers, counting only the bytes since the
/// last call (offsets only grow while streaming).
pub(crate) struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    /// A counter at the start of `bytes`, line 1.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            pos: 0,
            line: 1,
        }
    }

    /// The line of byte offset `pos`.
    pub(crate) fn at(&mut self, pos: u64) -> u64 {
        let end = usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        if end > self.pos {
            self.line += self.bytes[self.pos..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.pos = end;
        }
        self.line
    }
}

/// An element's name without its namespace prefix.
pub(crate) fn local_name(e: &quick_xml::events::BytesStart) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).to_string()
}

/// Escapes a value for element text.
fn escape(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes XML two spaces an indent, one element a line, after the XML
/// declaration.
pub(crate) struct Writer {
    pub(crate) out: String,
    depth: usize,
}

impl Default for Writer {
    fn default() -> Self {
        Writer {
            out: String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"),
            depth: 0,
        }
    }
}

impl Writer {
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// Opens element `name` on a line of its own.
    pub(crate) fn open(&mut self, name: &str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    /// Closes element `name`.
    pub(crate) fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// A leaf holding `value` as written, or an empty element when `value`
    /// is empty.
    pub(crate) fn element(&mut self, name: &str, value: &str) {
        self.indent();
        if value.is_empty() {
            self.out.push_str(&format!("<{name} />\n"));
        } else {
            self.out
                .push_str(&format!("<{name}>{}</{name}>\n", escape(value)));
        }
    }
}
