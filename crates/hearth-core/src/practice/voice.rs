//! The child's own views, in their own words and pictures: the "three
//! houses" style of direct work (a house of worries, a house of good things,
//! a house of dreams), what the child wants people to know, and drawings
//! they chose to share.
//!
//! A drawing's file lives in the attachment store under its SHA-256; the
//! record holds the hash, the type the file was found to be (sniffed from
//! its first bytes, never taken from the upload) and the child's description
//! of it, which is the picture's text alternative.

use crate::ids::PersonId;
use serde::{Deserialize, Serialize};

/// The largest drawing accepted: a photo of a drawing from a phone fits.
pub const MAX_DRAWING_BYTES: usize = 5 * 1024 * 1024;

/// A picture the child made, stored once by its content hash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Drawing {
    /// SHA-256 of the file, hex: the attachment store's key.
    pub sha256: String,
    pub media_type: String,
    /// What the child said the picture shows: the picture's text alternative.
    pub description: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChildsViews {
    pub child: Option<PersonId>,
    /// The house of worries, in the child's words.
    pub worries: String,
    /// The house of good things.
    pub good_things: String,
    /// The house of dreams.
    pub dreams: String,
    /// Anything else the child wants people to know, word for word.
    pub in_their_words: String,
    /// How the views were gathered (alone, with an advocate, using pictures).
    pub how_gathered: String,
    #[serde(default)]
    pub drawings: Vec<Drawing>,
}

impl ChildsViews {
    /// The three houses and the child's own words: (field, heading, hint).
    pub const SECTIONS: &'static [(&'static str, &'static str, &'static str)] = &[
        (
            "worries",
            "House of worries",
            "What the child is worried about, in their words.",
        ),
        (
            "good_things",
            "House of good things",
            "What is good in their life, in their words.",
        ),
        (
            "dreams",
            "House of dreams",
            "What they would like to happen, in their words.",
        ),
        (
            "in_their_words",
            "Anything else, in their words",
            "What the child wants people to know, word for word.",
        ),
    ];

    pub fn section(&self, field: &str) -> &str {
        match field {
            "worries" => &self.worries,
            "good_things" => &self.good_things,
            "dreams" => &self.dreams,
            "in_their_words" => &self.in_their_words,
            "how_gathered" => &self.how_gathered,
            _ => "",
        }
    }

    pub fn set_section(&mut self, field: &str, value: String) {
        let slot = match field {
            "worries" => &mut self.worries,
            "good_things" => &mut self.good_things,
            "dreams" => &mut self.dreams,
            "in_their_words" => &mut self.in_their_words,
            "how_gathered" => &mut self.how_gathered,
            _ => return,
        };
        *slot = value;
    }

    /// Whether the child said anything or shared a drawing.
    pub fn is_empty(&self) -> bool {
        Self::SECTIONS
            .iter()
            .all(|(f, _, _)| self.section(f).trim().is_empty())
            && self.drawings.is_empty()
    }

    pub fn check(&self) -> Result<(), String> {
        if self.child.is_none() {
            return Err("Select the child whose views these are".into());
        }
        if self.is_empty() {
            return Err("Write what the child said, or add a drawing they shared".into());
        }
        for d in &self.drawings {
            if !is_sha256(&d.sha256) || image_type(&d.media_type).is_none() {
                return Err("A drawing is not a stored PNG or JPEG picture".into());
            }
            if d.description.trim().is_empty() {
                return Err("Describe what each drawing shows, in the child's words".into());
            }
        }
        Ok(())
    }
}

/// Whether `s` is a SHA-256 in lower-case hex, as attachments are keyed.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The picture types a drawing may be.
fn image_type(media_type: &str) -> Option<&'static str> {
    ["image/png", "image/jpeg"]
        .into_iter()
        .find(|t| *t == media_type)
}

/// The type of a picture from its first bytes (PNG or JPEG), or `None` for
/// anything else. What the browser said the file was is never trusted.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(PNG) {
        Some("image/png")
    } else if bytes.len() > 3 && bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_told_by_their_bytes_not_their_name() {
        assert_eq!(
            sniff_image(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("image/png")
        );
        assert_eq!(
            sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some("image/jpeg")
        );
        assert_eq!(
            sniff_image(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            None
        );
        assert_eq!(sniff_image(b"GIF89a"), None);
        assert_eq!(sniff_image(b""), None);
    }

    #[test]
    fn views_need_a_child_and_words_or_a_described_drawing() {
        let mut v = ChildsViews::default();
        assert!(v.check().unwrap_err().contains("Select the child"));
        v.child = Some(PersonId::new());
        assert!(v.check().unwrap_err().contains("Write what the child said"));
        v.drawings.push(Drawing {
            sha256: "a".repeat(64),
            media_type: "image/png".into(),
            description: " ".into(),
        });
        assert!(v
            .check()
            .unwrap_err()
            .contains("Describe what each drawing"));
        v.drawings[0].description = "Me and my dog in the park".into();
        assert!(v.check().is_ok());
        v.drawings[0].media_type = "image/svg+xml".into();
        assert!(v.check().is_err());
        assert!(!is_sha256("../etc/passwd"));
    }
}
