//! Systemic hypotheses about the family, as a unit writes them: two or three
//! ideas about what keeps the difficulties going, each held by someone, with
//! evidence for and against, revisited every month or two as the work goes
//! on; some come to be supported, some are set aside.
//!
//! The unit meetings and case discussions that test these hypotheses are
//! generated per unit, after every family exists (see `crate::unit`).

use hearth_core::event::EventBody;
use hearth_core::ids::PracticeId;
use hearth_core::practice::hypothesis::{Hypothesis, HypothesisStatus, Revisit};
use hearth_core::practice::{PracticeRecord, Scope, Tool};

use super::Fam;
use crate::gen::{add_days, Gen};

/// (statement, evidence for, evidence against): invented, generic ideas of
/// the kind units write.
const HYPOTHESES: &[(&str, &str, &str)] = &[
    (
        "The arguments at home follow money worries at the end of each month",
        "Police call-outs and school concerns cluster in the last week of the month",
        "There was an argument mid-month when money was not short",
    ),
    (
        "Mum has been isolated since the move, and the children's behaviour at school is how the family's stress shows",
        "The school's concerns began the term after the move; Mum says she knows no one nearby",
        "The eldest child's behaviour was a worry at the old school too",
    ),
    (
        "The eldest child has taken on caring for the younger ones, which keeps them home from school",
        "Absences fall on days Mum has appointments; the younger children go to the eldest first",
        "",
    ),
    (
        "The family keep professionals at a distance because past involvement felt like blame",
        "Visits are cancelled after meetings with several professionals; Dad says 'you only come when it goes wrong'",
        "The family asked for help themselves this time",
    ),
    (
        "Nan's support steadies the family; when she is unwell, things slip",
        "The last two incidents came while Nan was in hospital",
        "Things were calm during Nan's recent illness",
    ),
    (
        "Dad's drinking is his way of coping with losing his job, and the children try to keep the peace to protect him",
        "The drinking increased after the redundancy; the children describe tidying up before he gets home",
        "",
    ),
    (
        "The parents' disagreements about rules let the teenager play one off against the other",
        "Missing episodes follow arguments between the parents about curfew",
        "The young person went missing when both parents agreed",
    ),
];

const HELD_BY: &[&str] = &[
    "The unit",
    "The social worker",
    "The consultant social worker",
    "Mum",
    "The school",
    "The family therapist",
];

const REVISIT_NOTES: &[(&str, HypothesisStatus)] = &[
    (
        "Discussed in the unit meeting; still fits what we see, keep exploring",
        HypothesisStatus::Open,
    ),
    (
        "The family agreed this fits when we talked it through with them",
        HypothesisStatus::Supported,
    ),
    (
        "School and health visitor describe the same pattern",
        HypothesisStatus::Supported,
    ),
    (
        "Things changed without this changing: it does not explain enough",
        HypothesisStatus::SetAside,
    ),
    (
        "New information from the family points elsewhere; set aside for now",
        HypothesisStatus::SetAside,
    ),
];

impl Gen {
    /// A family's hypotheses: the demo families always have some.
    pub(super) fn hypotheses(&mut self, fam: &Fam) {
        if !(fam.demo || self.chance(0.45)) {
            return;
        }
        let n = self.range(1, 3) as usize;
        let mut used: Vec<usize> = Vec::new();
        for _ in 0..n {
            let k = self.index(HYPOTHESES.len());
            if used.contains(&k) {
                continue;
            }
            used.push(k);
            let on = add_days(fam.open, self.range(10, 45));
            if on > self.today {
                continue;
            }
            let (statement, evidence_for, evidence_against) = HYPOTHESES[k];
            let mut h = Hypothesis {
                statement: statement.into(),
                held_by: self.pick(HELD_BY).into(),
                evidence_for: evidence_for.into(),
                evidence_against: evidence_against.into(),
                status: HypothesisStatus::Open,
                revisits: vec![],
            };
            let mut when = on;
            for _ in 0..self.range(0, 3) {
                when = add_days(when, self.range(28, 60));
                if when > self.today {
                    break;
                }
                let (note, status) = self.pick(REVISIT_NOTES);
                h.revisits.push(Revisit {
                    on: when,
                    by: self.lead_id(fam, when),
                    note: note.into(),
                    status,
                });
                if status == HypothesisStatus::SetAside {
                    break;
                }
            }
            let about: Vec<usize> = fam.main_carer().into_iter().collect();
            let latest = h.latest_revisit().map_or(on, |r| r.on);
            let actor = self.lead_id(fam, on);
            let record = PracticeRecord {
                id: PracticeId::from_u128(self.id()),
                scope: Scope::Family(fam.id),
                about: about.iter().map(|&i| fam.members[i].id).collect(),
                author: actor,
                on,
                version: 1,
                tool: Tool::Hypothesis(h),
                removed: None,
            };
            // Recorded as it stands after its latest revisit.
            let ts = self.ts_at(fam, latest, &about);
            self.push(ts, on, actor, EventBody::PracticeRecorded { record });
        }
    }
}
