//! The family network as the pictures see it: the people the viewer may see,
//! the relationships between them, who lives together now and the team
//! around the family. The genogram and the ecomap are both drawn from this
//! one value, which the pages build from the same records as the family
//! page, so nothing is typed twice.

use hearth_core::codes::Sex;
use hearth_core::ids::PersonId;
use hearth_core::model::{RelationshipKind, RelationshipQuality};
use time::Date;

/// One person in the network.
#[derive(Clone, Debug, PartialEq)]
pub struct Someone {
    pub id: PersonId,
    pub given_names: String,
    pub family_name: String,
    pub sex: Option<Sex>,
    pub date_of_birth: Option<Date>,
    pub date_of_death: Option<Date>,
    /// A child rather than an adult.
    pub child: bool,
    /// One of the children the service works with (the "index" child of
    /// the genogram, at the centre of the ecomap).
    pub index: bool,
}

impl Someone {
    pub fn name(&self) -> String {
        format!("{} {}", self.given_names.trim(), self.family_name.trim())
            .trim()
            .to_string()
    }

    /// Age in words now, or at death: "9 years", "Died aged 80".
    pub fn age(&self, today: Date) -> Option<String> {
        let dob = self.date_of_birth?;
        Some(match self.date_of_death {
            Some(died) => format!("Died aged {}", crate::views::age_words(Some(dob), died)),
            None => crate::views::age_words(Some(dob), today),
        })
    }

    /// How the person is drawn, in words.
    pub fn sex_words(&self) -> &'static str {
        match self.sex {
            Some(Sex::Male) => "male",
            Some(Sex::Female) => "female",
            Some(Sex::Unknown) => "sex unknown or indeterminate",
            None => "sex not recorded",
        }
    }
}

/// A relationship between two people in the network. Directional kinds
/// read "from is the ... of to".
#[derive(Clone, Debug, PartialEq)]
pub struct Tie {
    pub from: PersonId,
    pub to: PersonId,
    pub kind: RelationshipKind,
    pub quality: Option<RelationshipQuality>,
    pub parental_responsibility: bool,
    /// The relationship has ended (a partnership that ended is a separation).
    pub ended: Option<Date>,
}

impl Tie {
    pub fn involves(&self, p: PersonId) -> bool {
        self.from == p || self.to == p
    }
    pub fn other(&self, p: PersonId) -> Option<PersonId> {
        if self.from == p {
            Some(self.to)
        } else if self.to == p {
            Some(self.from)
        } else {
            None
        }
    }
}

/// A household now: an address and the people living there today.
#[derive(Clone, Debug, PartialEq)]
pub struct Home {
    pub address: String,
    pub residents: Vec<PersonId>,
}

/// A practitioner working with the family, and their role in words
/// ("Lead practitioner", "School", "Adult specialist: domestic abuse").
#[derive(Clone, Debug, PartialEq)]
pub struct Professional {
    pub name: String,
    pub role: String,
}

/// Everything the genogram and ecomap draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FamilyNetwork {
    pub family_name: String,
    pub people: Vec<Someone>,
    pub ties: Vec<Tie>,
    pub homes: Vec<Home>,
    pub team: Vec<Professional>,
}

impl FamilyNetwork {
    pub fn person(&self, id: PersonId) -> Option<&Someone> {
        self.people.iter().find(|p| p.id == id)
    }

    pub fn name_of(&self, id: PersonId) -> String {
        self.person(id)
            .map(Someone::name)
            .unwrap_or_else(|| "Someone".into())
    }

    /// Relationships between people who are both in the picture; any other
    /// (say, to a restricted record the viewer may not see) is left out.
    pub fn drawable_ties(&self) -> impl Iterator<Item = &Tie> {
        self.ties.iter().filter(|t| {
            t.from != t.to && self.person(t.from).is_some() && self.person(t.to).is_some()
        })
    }

    /// Sentences saying each relationship in words, for text alternatives:
    /// "Marigoldia Testington is the parent of Zephyrine Testington
    /// (supportive; has parental responsibility)".
    pub fn tie_sentence(&self, t: &Tie) -> String {
        let (a, b) = (self.name_of(t.from), self.name_of(t.to));
        let what = match t.kind {
            RelationshipKind::Other => format!("{a} has another relationship with {b}"),
            RelationshipKind::Partner if t.ended.is_some() => {
                format!("{a} and {b} were partners")
            }
            RelationshipKind::Partner => format!("{a} and {b} are partners"),
            RelationshipKind::ExPartner => format!("{a} and {b} are ex-partners"),
            RelationshipKind::Sibling => format!("{a} and {b} are siblings"),
            RelationshipKind::HalfSibling => format!("{a} and {b} are half-siblings"),
            RelationshipKind::Friend => format!("{a} and {b} are friends"),
            k => format!("{a} is the {} of {b}", k.forward_label().to_lowercase()),
        };
        let mut notes = Vec::new();
        if let Some(q) = t.quality {
            notes.push(format!("{} relationship", q.label().to_lowercase()));
        }
        if t.parental_responsibility {
            notes.push(format!("{a} has parental responsibility"));
        }
        if let Some(end) = t.ended {
            notes.push(format!("ended {}", crate::views::date(end)));
        }
        if notes.is_empty() {
            what
        } else {
            format!("{what} ({})", notes.join("; "))
        }
    }

    /// A household in words: "1 Synthetic Street, Exampleton: A, B and C".
    pub fn home_sentence(&self, h: &Home) -> String {
        let names: Vec<String> = h
            .residents
            .iter()
            .filter(|r| self.person(**r).is_some())
            .map(|r| self.name_of(*r))
            .collect();
        if names.is_empty() {
            format!("{}: nobody in the picture lives here now", h.address)
        } else {
            format!("{}: {}", h.address, and_list(&names))
        }
    }

    /// A person in words, for the list of people.
    pub fn person_sentence(&self, p: &Someone, today: Date) -> String {
        let mut parts = vec![if p.child { "child" } else { "adult" }.to_string()];
        if let Some(age) = p.age(today) {
            parts.push(age.to_lowercase());
        }
        parts.push(p.sex_words().into());
        if let Some(d) = p.date_of_death {
            parts.push(format!("died {}", crate::views::date(d)));
        }
        if p.index {
            parts.push("a child the service is working with".into());
        }
        format!("{}: {}", p.name(), parts.join(", "))
    }
}

/// "A", "A and B", "A, B and C".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
