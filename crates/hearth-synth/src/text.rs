//! What practitioners write: templates for visits, case notes, the child's own
//! words, chronology entries and warning notes. A template names the people
//! it mentions with `{placeholders}` that [`Ctx::render`] fills in.

/// The names a template may mention.
#[derive(Clone, Debug, Default)]
pub struct Ctx {
    /// The child the record is mainly about.
    pub child: String,
    /// All the children seen, as a list ("Amira and Leo").
    pub children: String,
    /// The main carer at home (or the foster carers, for a child in care).
    pub parent: String,
    /// A grandparent, or "Nan".
    pub nan: String,
    /// The ex-partner the worries are about, if any.
    pub ex: String,
    pub school: String,
    pub carer: String,
    pub date: String,
    pub percent: String,
    /// What the children call their main carer ("Mum", "Dad", "Nan").
    pub carer_word: String,
    /// The meeting that reviews the plan ("{meeting}", "child in need meeting").
    pub meeting: String,
    /// The child is old enough for school to come into it.
    pub school_age: bool,
}

impl Ctx {
    /// Whether a template makes sense for these people: it mentions a
    /// grandparent only if there is one, and school only for a child of
    /// school age.
    pub fn fits(&self, template: &str) -> bool {
        (!self.nan.is_empty() || !(template.contains("{nan}") || template.contains("Nan")))
            && (self.school_age || !template.contains("school"))
    }

    pub fn render(&self, template: &str, out: &mut String) {
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return;
            };
            let key = &after[..end];
            let value = match key {
                "child" => Some(&self.child),
                "children" => Some(&self.children),
                "parent" => Some(&self.parent),
                "nan" => Some(&self.nan),
                "ex" => Some(&self.ex),
                "school" | "nursery" => Some(&self.school),
                "carer" => Some(&self.carer),
                "date" => Some(&self.date),
                "percent" => Some(&self.percent),
                "mum" => Some(&self.carer_word),
                "meeting" => Some(&self.meeting),
                _ => None,
            };
            match value {
                Some(v) => out.push_str(v),
                // Left as written, so a mistyped placeholder shows up.
                None => out.push_str(&rest[start..start + end + 2]),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
    }
}

/// Join names as "A", "A and B" or "A, B and C".
pub fn list(names: &[&str]) -> String {
    match names {
        [] => "the children".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

pub mod home {
    pub const STRENGTHS: &[&str] = &[
        "The home was warm and tidy, and there was food in the fridge and cupboards. {parent} was cooking tea for the children when I arrived.",
        "{parent} spoke openly about how the last few weeks have gone and could name what has helped: the routine, and support from {nan}.",
        "The warmth between {child} and {parent} was clear to see; they laughed together about the weekend.",
        "{parent} has kept every appointment this month, including the parenting group on Tuesday mornings.",
        "{nan} has been collecting the children from school three days a week, which {parent} says has made evenings calmer.",
        "The children's bedroom has been decorated since my last visit, and {child} proudly showed me the new bedding.",
        "{parent} has set up a bedtime routine with a chart on the fridge and says bedtimes are much calmer.",
        "{parent} has started a volunteering placement at the food bank and seemed proud of it.",
    ];
    pub const WORRIES: &[&str] = &[
        "{parent} said money is very tight and the electricity meter was on emergency credit. We talked about the household support fund and I have made a referral.",
        "There were empty cans in the kitchen, and {parent} agreed that drinking has increased since the review. We agreed to talk to the substance use worker about it together.",
        "{child}'s attendance at school has dropped to {percent}% this term, with several unexplained absences on Mondays.",
        "The kitchen was cluttered and there was a strong smell of damp in the back bedroom. {parent} says the landlord has not replied to repeated requests for repairs.",
        "{parent} looked tired and low and said they are not sleeping. I encouraged an appointment with the GP and offered to help make it.",
        "{child} has missed two dental appointments and a hearing test. {parent} has now rebooked them.",
        "Neighbours have reported shouting late at night. {parent} said there had been an argument with a friend who no longer visits.",
        "The children's clothes were too small and there was little clean bedding. {parent} accepted help from the clothing bank.",
    ];
    pub const EX_STRENGTHS: &[&str] = &[
        "{parent} has been working with the domestic abuse specialist and has a safety plan that the children know about.",
        "{parent} has changed the locks and the children know who to ring if {ex} comes to the house.",
    ];
    pub const EX_WORRIES: &[&str] = &[
        "{parent} told me {ex} has been sending messages again. This breaches the non-molestation order and I have advised {parent} to tell the police; I will check that this has happened.",
        "{child} said {ex} came to the house at the weekend. {parent} says she did not let him in. This needs to be discussed at the {meeting}.",
        "{parent} is worried that {ex} knows where the children go to school. I have spoken to the school about who can collect the children.",
    ];
    pub const PRIMARY: &[&str] = &[
        "I spoke to {child}'s class teacher at {school}, who said {child} is settled, has friends and is making expected progress in reading.",
        "{school} say {child} is often hungry in the mornings and now goes to breakfast club. Attendance this half term is {percent}%.",
        "{child} told me about a topic on the Romans at {school} and showed me a model shield.",
        "{child} has a key adult at {school} and spends lunchtimes in the nurture room, which {child} says is the best bit of the day.",
    ];
    pub const SECONDARY: &[&str] = &[
        "The designated safeguarding lead at {school} said {child} has been more withdrawn in lessons and has fallen out with friends twice this month.",
        "{school} have put {child} on a reduced timetable for two weeks after a suspension; this ends on {date}.",
        "{child}'s attendance at {school} is {percent}% this term. {child} says maths is hard but likes art and PE.",
        "{child} has a mentor at {school} and meets them every Tuesday; {child} says it helps to have someone to talk to.",
    ];
    pub const COLLEGE: &[&str] = &[
        "{child} is at {school} on a level 2 course and says the tutors are supportive. Attendance is {percent}%.",
        "{child} has been missing some days at {school} and is worried about falling behind; we talked about asking for help from the tutor.",
    ];
    pub const EARLY_YEARS: &[&str] = &[
        "{child} is meeting milestones; the health visitor saw {child} last month and had no worries about weight or development.",
        "{child} goes to {nursery} three mornings a week using the funded hours, and staff say {child} is settling well.",
        "{child} was babbling and crawling around the living room, and reached for the toys I brought.",
        "{child} is not yet talking much for their age; the health visitor has referred to speech and language therapy.",
    ];
    pub const HEALTH: &[&str] = &[
        "{child} is registered with a GP and a dentist, and is up to date with immunisations.",
        "{child} is waiting for an appointment with the community paediatrician about sleep; {parent} has chased it.",
        "{child} had a cold but was otherwise well. {parent} is giving the inhaler as prescribed.",
        "The school nurse has offered {child} sessions on healthy relationships, which {child} has agreed to.",
    ];
    pub const WISHES: &[&str] = &[
        "{child} said they want things to stay calm at home and that the best bit of the week is Friday tea with {nan}.",
        "{child} drew a picture of the family and put {nan} and the dog right next to them. {child} said home feels safe when everyone is kind.",
        "We did the three houses together. {child} put football and {nan}'s house in the house of good things, and 'when {mum} is sad' in the house of worries.",
        "{child} said they do not want to move schools and want to keep their bedroom the way it is.",
        "{child} used the feelings cards and picked 'happy' for school and 'worried' for weekends.",
    ];
    pub const WISHES_YOUNG: &[&str] = &[
        "{child} is too young to share their views in words. I watched {child} play for twenty minutes; {child} went to {parent} when unsettled and was comforted quickly.",
        "{child} is pre-verbal. {child} was alert, smiled at {parent} and fed well during the visit.",
    ];
    /// For a child whose father lives elsewhere.
    pub const WISHES_DAD_AWAY: &[&str] = &[
        "{child} said they would like to see their dad more often and asked if he could come to the next meeting.",
    ];
    pub const NEXT_STEPS: &[&str] = &[
        "Overall {parent} is making progress and the worries about home conditions have reduced. The plan will be reviewed at the {meeting} on {date}.",
        "I will visit again within ten working days and speak to school before then.",
        "I will share this record with {parent} and talk it through at the next visit.",
        "Actions: I will chase the housing repair; {parent} will book the GP appointment; school will update me on attendance by {date}.",
        "I will bring the family to the unit meeting this week to think together about what is getting in the way of change.",
        "Next visit booked for {date}. {parent} knows to ring the duty desk if things become difficult before then.",
    ];
}

pub mod care {
    pub const STRENGTHS: &[&str] = &[
        "{child} has settled well with {carer} and talks about them warmly. There are photos of {child} on the fridge.",
        "{carer} said {child} has been sleeping through and is eating well. {child} has joined a swimming club.",
        "Family time with mum has gone ahead every week this month, and the contact supervisor says it was warm and well managed.",
        "{child} and {carer} have an easy, joking relationship, and {child} was relaxed throughout.",
    ];
    pub const WORRIES: &[&str] = &[
        "{child} was missing overnight twice this month, returning of their own accord. A return home interview was offered and completed.",
        "{carer} reported that {child} has been angry and tearful after family time and is not sleeping well afterwards.",
        "{child} has been talking to older young people online that {carer} does not know. We talked about staying safe online.",
        "{child}'s personal education plan targets have slipped this term and attendance is {percent}%.",
    ];
    pub const SCHOOL: &[&str] = &[
        "The virtual school report that {child}'s personal education plan targets are on track at {school}.",
        "{child} is doing well in maths at {school} and has a designated teacher they trust.",
        "{child} has joined the school choir at {school} and has a performance on {date}.",
    ];
    pub const HEALTH: &[&str] = &[
        "{child}'s review health assessment is due next month and has been booked.",
        "{child} is seeing a CAMHS practitioner fortnightly and says it is helping a bit.",
        "{child} has had a dental check and needs a filling, which {carer} has booked.",
    ];
    pub const WISHES: &[&str] = &[
        "{child} would like more time with their brother and asked whether they can have a phone.",
        "{child} said they want to stay with {carer} 'for ever' and asked what a special guardianship order is.",
        "{child} wants to go back home to mum but understands why that is not happening yet.",
        "{child} would like to choose what happens at the review, and wants to chair part of it.",
    ];
    pub const NEXT_STEPS: &[&str] = &[
        "I will raise {child}'s request at the looked-after review with the independent reviewing officer.",
        "Next statutory visit due by {date}. I will speak to the virtual school before then.",
        "I will update the care plan and the placement plan with what {child} told me today.",
    ];
}

pub mod leaving {
    pub const STRENGTHS: &[&str] = &[
        "{child} has kept the flat clean and is managing the budget well, with a weekly shop plan.",
        "{child} has started at {school} on a level 2 course and has not missed a day.",
        "{child} has a part-time job at a supermarket and is proud of the first payslip.",
    ];
    pub const WORRIES: &[&str] = &[
        "{child} is in rent arrears and has a letter from the housing provider. We made a repayment plan together.",
        "{child} has been lending money to friends who come round late at night. We talked about staying safe at home and who to call.",
        "{child} has lost weight and says they are skipping meals to save money. I gave a food bank voucher and we talked about the leaving care grant.",
    ];
    pub const HEALTH: &[&str] = &[
        "{child} is registered with a GP and has an appointment about anxiety next week.",
        "{child} has a copy of their health history, as agreed in the pathway plan.",
    ];
    pub const WISHES: &[&str] = &[
        "{child} wants to stay in the area near friends and would like to learn to drive.",
        "{child} wants to go to university and asked about the care leaver bursary.",
        "{child} would like to see their younger siblings more often.",
    ];
    pub const NEXT_STEPS: &[&str] = &[
        "Pathway plan review due on {date}. I will check the arrears have been paid down.",
        "I will refer {child} to the employment support worker and follow up by text.",
    ];
}

/// The child's own words, for children of 5 to 10.
pub const WORDS_YOUNG: &[&str] = &[
    "I like it when Nan picks me up from school.",
    "{mum} shouts sometimes but then says sorry.",
    "My favourite thing is Lego. I made a police station.",
    "I'm in the top group for reading now.",
    "I want my own bedroom because my brother snores.",
    "School dinners are yummy on Fridays because it's fish fingers.",
    "When I feel worried I squeeze my teddy.",
    "Home is better now. Nobody is shouting.",
    "I got star of the week!",
    "I don't like the dark. Mum leaves the landing light on now.",
    "Our dog is called Biscuit and he sleeps on my bed.",
    "I help {mum} make pancakes on Saturdays.",
];

/// The child's own words, for children of 11 to 17.
pub const WORDS_OLDER: &[&str] = &[
    "It's alright at home at the moment. {mum}'s trying.",
    "I just want everyone to stop asking me the same questions.",
    "I don't want to move school, all my mates are there.",
    "I'm doing GCSE art and I want to go to college for it.",
    "I'd rather talk in the car than in the house.",
    "I want to get a job at the garage when I leave school.",
    "Sometimes I look after the little ones when {mum}'s not well. I don't mind.",
    "Football keeps me out of trouble, that's what coach says.",
    "I don't like it when people talk about me in meetings and I'm not there.",
];

/// Words of a child whose father lives elsewhere.
pub const WORDS_DAD_AWAY: &[&str] = &[
    "I miss Dad. Can he come to my birthday?",
    "I don't like it when Dad doesn't come when he says he will.",
    "Dad said he'd take me to the football but he didn't.",
];

/// Words of a child who has lived with domestic abuse.
pub const WORDS_ABUSE: &[&str] = &[
    "I feel safer now he's not around.",
    "I don't want him to know where we live.",
    "When there's shouting I go upstairs and put my headphones on.",
];

/// Words of a child in care.
pub const WORDS_CARE: &[&str] = &[
    "Can I see my little brother more? It's been ages.",
    "I like my foster carers, they're chill. I still want to see Mum though.",
    "Can I stay here? I don't want to move again.",
    "I want a phone like everyone else in my class.",
    "Family time was good. Mum brought my favourite sweets.",
    "I don't get why I can't go home yet.",
    "I like having my own room with my own things in it.",
];

/// Words of a care leaver.
pub const WORDS_LEAVING: &[&str] = &[
    "I like having my own place but it gets lonely.",
    "I need help with the gas bill, I don't understand it.",
    "College is going alright. I'm on time most days now.",
    "I want to learn to drive.",
    "You're the only one who actually rings me back.",
];

/// A kind of visit: its title, where it happens and how a record of it opens.
pub struct VisitKind {
    pub title: &'static str,
    pub location: &'static str,
    pub openings: &'static [&'static str],
}

const PLANNED: &[&str] = &[
    "Planned home visit to see {children} and {parent} and to review how the plan is going.",
    "Visit to see {children} at home after school, as agreed at the last {meeting}.",
    "Home visit to follow up the worries school raised last week.",
    "Visit arranged with {parent} by text the day before. {parent} had tidied up and made a drink for us both.",
    "Home visit after the family network meeting, to check the safety plan is working day to day.",
];
const UNANNOUNCED: &[&str] = &[
    "Unannounced visit to the family home. {parent} answered the door and let me in straight away.",
    "Unannounced visit early in the evening. {parent} was surprised to see me but let me in.",
];
const DIRECT_WORK: &[&str] = &[
    "Visit to do direct work with {child} and to talk with {parent} about the plan.",
    "Direct work session with {child} at home, using the three houses and the feelings cards.",
];
const AT_SCHOOL: &[&str] = &[
    "Visit to see {child} at {school} in a quiet room, away from home.",
    "Saw {child} at {school} at lunchtime, as agreed with the designated safeguarding lead.",
];
const ASSESSING: &[&str] = &[
    "Assessment visit to meet {children} and {parent} and to explain what the assessment involves.",
    "Second assessment visit. I saw {children} and drew a genogram with {parent}.",
];
const FOSTER_HOME: &[&str] = &[
    "Statutory visit to {child} at the foster home. {carer} was there at the start of the visit.",
    "Visit to see {child} in placement. We went for a walk to the park so {child} could talk away from the house.",
    "Visit to {child} ahead of the looked-after review, to gather {child}'s views.",
];
const OUT_AND_ABOUT: &[&str] = &[
    "Statutory visit. I collected {child} from school and we talked in the car and over a hot chocolate.",
];
const FLAT: &[&str] = &[
    "Pathway plan visit at {child}'s flat.",
    "Visit to {child}'s supported accommodation with the key worker there for part of the visit.",
];
const CAFE: &[&str] = &["Met {child} in a cafe in town, as {child} prefers not to meet at home."];

const fn kind(
    title: &'static str,
    location: &'static str,
    openings: &'static [&'static str],
) -> VisitKind {
    VisitKind {
        title,
        location,
        openings,
    }
}

pub const HOME_VISITS: &[VisitKind] = &[
    kind("Home visit", "Family home", PLANNED),
    kind("Home visit", "Family home", PLANNED),
    kind("Unannounced home visit", "Family home", UNANNOUNCED),
    kind("School visit", "School", AT_SCHOOL),
    kind("Direct work session", "Family home", DIRECT_WORK),
];
pub const CARE_VISITS: &[VisitKind] = &[
    kind("Statutory visit", "Foster home", FOSTER_HOME),
    kind("Statutory visit", "Foster home", FOSTER_HOME),
    kind(
        "Statutory visit",
        "Out with the child (car and cafe)",
        OUT_AND_ABOUT,
    ),
    kind("School visit", "School", AT_SCHOOL),
];
pub const LEAVING_VISITS: &[VisitKind] = &[
    kind("Pathway plan visit", "Young person's flat", FLAT),
    kind("Pathway plan visit", "Young person's flat", FLAT),
    kind("Visit", "Cafe in town", CAFE),
];
pub const ASSESSMENT_VISITS: &[VisitKind] = &[
    kind("Assessment visit", "Family home", ASSESSING),
    kind("Home visit", "Family home", PLANNED),
    kind("Visit to see the child at school", "School", AT_SCHOOL),
];

/// Case notes: (title, body, youngest and oldest age of the child the note
/// is mainly about). `{child}`, `{parent}`, `{school}` and `{date}` are
/// filled in.
pub const NOTES: &[(&str, &str, i64, i64)] = &[
    ("Phone call with school", "Spoke to the designated safeguarding lead at {school}. {child}'s attendance is {percent}% this term. No new worries; school will ring if {child} is absent without explanation.", 5, 16),
    ("Call from {parent}", "{parent} rang to say the washing machine has broken and asked about help. I explained how to apply to the local welfare scheme and will check on {date} whether it has been sorted.", 0, 17),
    ("Information from health visitor", "The health visitor saw {child} at the clinic. Weight is following the centile line and immunisations are up to date. No new worries.", 0, 4),
    ("Email from school", "{school} emailed to say {child} arrived late and without a coat three times this week. I will talk to {parent} about mornings at the next visit.", 5, 16),
    ("GP information received", "The GP surgery confirmed {parent} has been seen and started on medication for low mood, and has been referred to talking therapies.", 0, 17),
    ("Housing update", "Spoke to the housing officer. The repair to the damp in the back bedroom is booked for {date}. I have told {parent}.", 0, 17),
    ("Text messages with {parent}", "Exchanged texts with {parent} to confirm the next visit and the {meeting} date. {parent} replied promptly and confirmed.", 0, 17),
    ("Call with {child}", "{child} rang me after college to say the bus pass has not arrived. I have chased it with the transport team and texted {child} back.", 16, 25),
];
/// Case notes for a child in care: (title, body).
pub const CARE_NOTES: &[(&str, &str)] = &[
    ("Call with the foster carers", "{carer} rang to say {child} has had a good week and went to a friend's birthday party. Family time on Saturday went ahead; {child} was quiet afterwards but settled by bedtime."),
    ("Family time update", "The contact supervisor's notes say family time with {parent} was warm. {parent} arrived on time and brought a snack; {child} asked to stay longer."),
    ("Looked-after review", "Looked-after review chaired by the independent reviewing officer. {child}'s views were shared by {child}. The care plan continues; the placement meets {child}'s needs. Next review on {date}."),
    ("Personal education plan meeting", "PEP meeting with the designated teacher and the virtual school. Targets set for reading and attendance; pupil premium plus agreed for tutoring."),
    ("Health assessment received", "The review health assessment has been received. {child} is up to date with immunisations and dental checks. Recommendations added to the care plan."),
];

/// Case notes for a care leaver: (title, body).
pub const LEAVING_NOTES: &[(&str, &str)] = &[
    ("Call with {child}", "{child} rang to say the bus pass has not arrived. I have chased it with the transport team and texted {child} back."),
    ("Pathway plan review", "Pathway plan reviewed with {child}. Accommodation is stable; the focus for the next six months is work and managing money. Next review on {date}."),
    ("Leaving care grant", "Approved the purchase of a washing machine and bedding from {child}'s setting-up-home allowance."),
    ("Text messages with {child}", "Exchanged texts with {child} to rearrange this week's visit because of a job interview. {child} was upbeat about it."),
];

pub const OVERSIGHT: &[&str] = &[
    "Management oversight. I have read the recent records and talked with the lead practitioner. Visits are happening as the plan says and {child} is being seen alone. The worries about home conditions are reducing. Next steps agreed: review at the {meeting} on {date}; continue fortnightly visits.",
    "Management oversight. The plan is not yet making enough difference: school attendance remains low and {parent} has missed two appointments. Agreed to hold a family network meeting and to consider whether the threshold for the public law outline is met. Review in four weeks.",
    "Management oversight. Case discussed in supervision. {child}'s voice is clear in the records. Agreed the plan can step down to child in need at the next review if progress holds.",
];
/// Oversight of a child in care or a care leaver.
pub const CARE_OVERSIGHT: &[&str] = &[
    "Management oversight. Statutory visits are within timescale and {child} is seen alone. The care plan is being followed; the next {meeting} is on {date}. No change to the plan.",
    "Management oversight. I have read the records since the last review. {child}'s wishes are clear and are being acted on. Agreed actions: update the plan with {child}'s views on family time; check the health assessment is booked.",
];

pub const UNIT_DISCUSSIONS: &[&str] = &[
    "Discussed at the unit meeting. Hypotheses: (1) {parent}'s low mood is driving the drift in routines; (2) the children are caring for {parent} more than we know. Decision: the family practitioner will start weekly sessions on routines and I will see the children alone at school to test hypothesis 2.",
    "Unit case discussion. We mapped what we are worried about, what is working well and what needs to happen, and scaled safety at 5 out of 10 (last month 4). Actions: the lead practitioner to speak to {nan} about a network plan; consultant to join the next visit.",
    "Unit case discussion. The unit thought about the pattern of cancelled visits. Agreed to offer visits after school, when {parent} is more available, and to check this with {parent}.",
];
pub const PA_NOTES: &[(&str, &str)] = &[
    ("Transport arranged for family time", "Booked a taxi for {child} to family time at the contact centre on {date}, with an escort. Confirmed with the carers and with the contact centre."),
    ("Appointment booked", "Booked the review health assessment for {child} for {date} and sent the letter to the carers and to {parent}."),
    ("Minutes sent", "Typed and circulated the minutes of the {meeting} to the family and professionals. {parent} has a copy in large print, as asked."),
];
pub const SPECIALIST_NOTES: &[(&str, &str)] = &[
    ("Session with {parent} (domestic abuse)", "Second session with {parent} on the Freedom Programme themes. We talked about the tactics used by {ex} and the effect on the children. {parent} was reflective and asked for information about the Sanctuary scheme."),
    ("Session with {parent} (mental health)", "Met {parent} at home. Mood scale 4 out of 10, up from 3. {parent} has started medication and is sleeping better. We agreed a plan for difficult evenings."),
    ("Session with {parent} (substance use)", "Met {parent} at the recovery hub. {parent} reports cutting down and has attended two groups. Agreed to a breath test at the next session."),
];
pub const SCREENING_NOTES: &[(&str, &str)] = &[
    ("Contact received", "Contact received from {school} about {child}: {child} came into school with a bruise to the cheek and gave two different explanations. Checks started with police and health. Parent to be told about the contact today unless this would increase risk."),
    ("Contact screened", "Contact screened with information from police, health and school. There have been two police call-outs to the address for verbal arguments in the last six months. Decision: progress to a single assessment; passed to the assessment team."),
    ("Strategy discussion", "Strategy discussion with police and health. Agreed that the threshold for a section 47 enquiry is met. Police to visit jointly with the social worker today. {child} to be seen alone."),
    ("Contact received", "Contact received from the health visitor about {child}: worries about weight loss and missed appointments. Checks started with the GP and the midwife."),
    ("Multi-agency information sharing", "Information gathered from the GP, health visitor and school. No previous involvement with the family. {parent} gave consent to checks over the phone."),
];

/// (category, detail, about a person?) for warning notes.
pub const WARNINGS: &[(&str, &str, bool)] = &[
    ("Dog at the property", "There is a large dog at the home. Ask for it to be put in another room before going in.", false),
    ("Verbal aggression towards staff", "Has shouted at and threatened workers when the plan is discussed. Visit in pairs where possible and leave if it becomes unsafe.", true),
    ("Do not visit alone", "History of violence towards professionals. Always visit with a colleague and tell the duty desk your plans before and after the visit.", true),
    ("Risk of violence", "Police intelligence of violence, including towards a previous partner. Check with the duty desk before any visit.", true),
    ("Needles at the property", "Used needles were seen at the home on a previous visit. Do not sit on soft furnishings and report any needles found.", false),
    ("Isolated property", "The house is down an unlit farm track with no phone signal. Visit in daylight and tell a colleague when you leave.", false),
];

pub const REFERRAL_SOURCES: &[&str] = &[
    "school",
    "police",
    "the health visitor",
    "the GP",
    "a neighbour",
    "the child's mother",
    "the emergency department",
    "the housing provider",
];
pub const REFERRAL_CONCERNS: &[&str] = &[
    "neglect and poor home conditions",
    "domestic abuse in the home",
    "an unexplained bruise",
    "parental alcohol use",
    "behaviour and a school exclusion",
    "a parent's mental health",
    "the child going missing",
    "the family's housing situation",
];
pub const CP_CATEGORIES: &[&str] = &[
    "neglect",
    "neglect",
    "emotional abuse",
    "emotional abuse",
    "physical abuse",
    "sexual abuse",
];

pub const CORRECTIONS: &[(&str, &str)] = &[
    ("Wrong date of the visit recorded", "date"),
    ("Corrected the name of the school", "school"),
    ("Added the child's words, which were missed", "words"),
    ("Typing error in the child's name", "typo"),
    (
        "Recorded on the wrong child's record: removed a sibling who was not seen",
        "about",
    ),
];
