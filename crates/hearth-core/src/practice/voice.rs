//! The child's own views, in their own words and pictures: the "three
//! houses" style of direct work (a house of worries, a house of good things,
//! a house of dreams), what the child wants people to know, and drawings
//! they chose to share.

use crate::ids::PersonId;
use serde::{Deserialize, Serialize};

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
