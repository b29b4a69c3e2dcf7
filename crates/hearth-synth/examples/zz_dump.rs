use hearth_core::event::EventBody;
fn main() {
    let today = time::macros::date!(2025 - 06 - 16);
    let c = hearth_synth::generate(&hearth_synth::Config {
        seed: 1,
        size: 0.05,
        today,
    });
    let sw = c.demo_logins[0].user_id;
    // find first family with a child allocated to sw
    let mut fam = None;
    let mut child_fam = std::collections::HashMap::new();
    for e in &c.events {
        if let EventBody::FamilyMemberAdded {
            family_id,
            person_id,
            ..
        } = &e.body
        {
            child_fam.insert(*person_id, *family_id);
        }
        if let EventBody::LeadPractitionerAllocated { child, user_id, .. } = &e.body {
            if *user_id == sw && fam.is_none() {
                fam = child_fam.get(child).copied();
            }
        }
    }
    let which: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut fams = vec![];
    for e in &c.events {
        if let EventBody::LeadPractitionerAllocated { child, user_id, .. } = &e.body {
            if *user_id == sw {
                let f = child_fam[child];
                if !fams.contains(&f) {
                    fams.push(f);
                }
            }
        }
    }
    let fam = fams[which.min(fams.len() - 1)];
    let _ = fam;
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
        let relevant = subj.contains(&fam.0) || subj.iter().any(|s| members.contains(s));
        if relevant {
            let j = serde_json::to_string(&e.body).unwrap();
            println!(
                "{} | {} | {}",
                e.valid_from,
                e.recorded_at,
                &j[..j.len().min(1500)]
            );
        }
    }
}
