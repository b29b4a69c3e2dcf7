#![allow(clippy::unwrap_used)]
use hearth_core::event::EventBody;
use std::collections::HashMap;
fn main() {
    let today = time::macros::date!(2025 - 06 - 16);
    let want = std::env::args().nth(1).unwrap_or_default();
    let nth: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let full = std::env::args().nth(3).is_some();
    let c = hearth_synth::generate(&hearth_synth::Config {
        seed: 1,
        size: 0.2,
        today,
    });
    let mut teams = HashMap::new();
    let mut users = HashMap::new();
    let mut fam_team = vec![];
    for e in &c.events {
        match &e.body {
            EventBody::TeamCreated { team } => {
                teams.insert(team.id, team.name.clone());
            }
            EventBody::PractitionerRegistered { practitioner } => {
                users.insert(
                    practitioner.id,
                    format!(
                        "{} [{}]",
                        practitioner.display_name,
                        practitioner.discipline.code()
                    ),
                );
            }
            EventBody::FamilyAllocatedToTeam {
                family_id, team_id, ..
            } => {
                fam_team.push((*family_id, teams[team_id].clone()));
            }
            _ => {}
        }
    }
    let fam = fam_team
        .iter()
        .filter(|(_, t)| t.contains(&want))
        .map(|(f, _)| *f)
        .nth(nth)
        .unwrap();
    let mut names = HashMap::new();
    let members: Vec<_> = c
        .events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::FamilyMemberAdded {
                family_id,
                person_id,
                ..
            } if *family_id == fam => Some(person_id.0),
            _ => None,
        })
        .collect();
    for e in &c.events {
        let subj = e.body.subjects();
        if !(subj.contains(&fam.0) || subj.iter().any(|s| members.contains(s))) {
            continue;
        }
        let head = format!("{} (rec {})", e.valid_from, e.recorded_at.date());
        match &e.body {
            EventBody::PersonRegistered {
                person_id,
                kind,
                details,
            } => {
                names.insert(*person_id, details.given_names.clone());
                println!("{head} PERSON {:?} {} {} dob {:?} {:?} {:?} lang {:?} rel {:?} dis {:?} comm {:?} imm {:?} upn {:?}", kind, details.given_names, details.family_name, details.date_of_birth, details.sex.map(|s| s.code()), details.ethnicity.map(|s| s.code()), details.first_language, details.religion, details.disabilities, details.communication_needs, details.immigration_status.map(|s| s.code()), details.upn.as_ref().map(|u| u.as_str().to_string()));
            }
            EventBody::RelationshipRecorded { relationship: r } => println!(
                "{head} REL {} -> {} {:?} pr={} {:?}",
                names[&r.from], names[&r.to], r.kind, r.parental_responsibility, r.quality
            ),
            EventBody::HouseholdRecorded { address, .. } => {
                println!("{head} HOUSEHOLD {}", address.one_line())
            }
            EventBody::MovedIn { person_id, .. } => {
                println!("{head} MOVED IN {}", names[person_id])
            }
            EventBody::LeadPractitionerAllocated {
                child,
                user_id,
                reason,
            } => println!(
                "{head} LEAD {} = {} ({reason})",
                names[child], users[user_id]
            ),
            EventBody::FamilyTeamMemberAdded { user_id, role, .. } => {
                println!("{head} TEAM {} as {role}", users[user_id])
            }
            EventBody::FamilyAllocatedToTeam { team_id, .. } => {
                println!("{head} TEAM ALLOC {}", teams[team_id])
            }
            EventBody::CaseRecordFinalised { record }
            | EventBody::CaseRecordCorrected { record, .. } => {
                let corr = if let EventBody::CaseRecordCorrected { reason, .. } = &e.body {
                    format!(" CORRECTION: {reason}")
                } else {
                    String::new()
                };
                println!(
                    "{head} RECORD {:?} '{}' by {} about {:?}{corr}",
                    record.kind,
                    record.title,
                    users[&record.author],
                    record
                        .about
                        .iter()
                        .map(|p| names.get(p).cloned().unwrap_or_default())
                        .collect::<Vec<_>>()
                );
                if full {
                    println!(
                        "    {}\n    WORDS: {}\n    VISIT: {:?}",
                        record.body.replace("\n\n", "\n    "),
                        record.childs_words,
                        record.visit.as_ref().map(|v| (
                            &v.location,
                            &v.present,
                            v.direct_work_minutes,
                            v.seen.len(),
                            v.seen_alone.len()
                        ))
                    );
                }
            }
            EventBody::ChronologyEntryAdded { entry } => {
                println!("{head} CHRONOLOGY {}", entry.summary)
            }
            EventBody::WarningNoteAdded { warning } => println!(
                "{head} WARNING {} review {}",
                warning.category, warning.review_on
            ),
            other => println!("{head} {}", other.kind()),
        }
    }
}
