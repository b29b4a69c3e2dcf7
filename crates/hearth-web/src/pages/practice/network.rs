//! The people around the family's children, read from the relationship
//! graph: everyone connected to a child (parents living elsewhere,
//! grandparents, aunts and uncles, siblings) and everyone connected to those
//! people (a parent's friend or partner), with how they are connected. The
//! conference invitees and the safety network are offered from here, so
//! nothing about the family's network is typed twice.
//!
//! Restricted people the practitioner is not named on are left out, as they
//! are everywhere else; their ids are kept so records naming them are not
//! shown or overwritten.

use super::FamilyWork;
use crate::error::WebError;
use crate::AppState;
use hearth_core::ids::PersonId;
use hearth_core::model::{Person, PersonKind};
use std::collections::{BTreeMap, HashSet};

/// One person in the network, as a form offers them.
#[derive(Clone, Debug)]
pub struct Connection {
    pub person: PersonId,
    pub name: String,
    /// How they are connected, in words: "Parent of Zephyrine and Quillon".
    pub connection: String,
}

/// How one person is connected: the step they were found at, and each way
/// they are connected with the people they are that to ("Parent" of "Jay").
type Found = (usize, Vec<(String, Vec<String>)>);

/// The network around a family's children, as one practitioner may see it.
pub struct Network {
    pub people: Vec<Connection>,
    /// Connected people left out because their record is restricted.
    pub hidden: Vec<PersonId>,
}

impl Network {
    pub fn get(&self, id: PersonId) -> Option<&Connection> {
        self.people.iter().find(|c| c.person == id)
    }

    /// Whether a record naming `id` must be kept from this practitioner.
    pub fn is_hidden(&self, work: &FamilyWork, id: PersonId) -> bool {
        self.hidden.contains(&id) || work.hidden.contains(&id)
    }

    /// Reads the network around `work`'s current children: two steps out
    /// along recorded relationships, then any current adult in the family
    /// not reached that way.
    pub async fn around(
        state: &AppState,
        s_user: hearth_core::ids::UserId,
        work: &FamilyWork,
    ) -> Result<Self, WebError> {
        let children: Vec<&Person> = work.children();
        let first = |p: &Person| {
            p.details
                .given_names
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string()
        };
        // person -> (label -> the people they are that to), in order found.
        let mut found: BTreeMap<PersonId, Found> = BTreeMap::new();
        let mut people: BTreeMap<PersonId, Person> = BTreeMap::new();
        let mut hidden = Vec::new();
        let mut seen: HashSet<PersonId> = HashSet::new();
        let mut frontier: Vec<Person> = children.iter().map(|p| (*p).clone()).collect();
        for p in &frontier {
            seen.insert(p.id);
            people.insert(p.id, p.clone());
            found.insert(p.id, (0, vec![("Child in the family".into(), vec![])]));
        }
        for step in 1..=2 {
            let mut next = Vec::new();
            for from in &frontier {
                for r in state
                    .store
                    .relationships_where("person", &from.id.to_string())
                    .await?
                {
                    if r.end.is_some() {
                        continue;
                    }
                    let Some((other, label)) = r.seen_from(from.id) else {
                        continue;
                    };
                    if hidden.contains(&other) {
                        continue;
                    }
                    let o = match people.get(&other) {
                        Some(o) => o.clone(),
                        None => match state.store.person(other).await? {
                            Some(o) => o,
                            None => continue,
                        },
                    };
                    if o.restricted && !o.grants.contains(&s_user) {
                        hidden.push(other);
                        continue;
                    }
                    let entry = found.entry(other).or_insert((step, Vec::new()));
                    // A child's own entry stays "child"; others gather labels
                    // from the nearest step only.
                    if entry.0 == step {
                        match entry.1.iter_mut().find(|(l, _)| l == label) {
                            Some((_, of)) => {
                                let n = first(from);
                                if !of.contains(&n) {
                                    of.push(n);
                                }
                            }
                            None => entry.1.push((label.to_string(), vec![first(from)])),
                        }
                    }
                    people.entry(other).or_insert_with(|| o.clone());
                    if seen.insert(other) {
                        next.push(o);
                    }
                }
            }
            frontier = next;
        }
        for p in work.adults() {
            if let std::collections::btree_map::Entry::Vacant(e) = found.entry(p.id) {
                e.insert((3, vec![("Adult in the family".into(), vec![])]));
                people.insert(p.id, p.clone());
            }
        }
        let mut out: Vec<(usize, bool, String, Connection)> = found
            .into_iter()
            .filter_map(|(id, (step, labels))| {
                let p = people.get(&id)?;
                let connection = labels
                    .iter()
                    .map(|(label, of)| {
                        if of.is_empty() {
                            label.clone()
                        } else {
                            format!("{label} of {}", and_list(of))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                Some((
                    step,
                    p.kind == PersonKind::Child,
                    p.details.full_name(),
                    Connection {
                        person: id,
                        name: p.details.full_name(),
                        connection,
                    },
                ))
            })
            .collect();
        out.sort_by(|a, b| (a.0, !a.1, &a.2).cmp(&(b.0, !b.1, &b.2)));
        Ok(Self {
            people: out.into_iter().map(|x| x.3).collect(),
            hidden,
        })
    }
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_read_as_english() {
        let s = |v: &[&str]| super::and_list(&v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(s(&["Jay"]), "Jay");
        assert_eq!(s(&["Jay", "Amy"]), "Jay and Amy");
        assert_eq!(s(&["Jay", "Amy", "Sam"]), "Jay, Amy and Sam");
    }
}
