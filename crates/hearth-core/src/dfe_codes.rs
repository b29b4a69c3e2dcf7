//! The DfE code lists the journey uses, each code with its meaning, so every
//! page shows words and stores the code the returns need. The census lists
//! come from the CIN census schema; the 903 lists from the SSDA903 guidance
//! (2025/26 codes). Where the published meaning was not to hand the label says
//! so rather than guess.

/// A code list: (code, meaning) in the DfE's order.
pub type CodeList = &'static [(&'static str, &'static str)];

pub const REFERRAL_SOURCE: CodeList = &[
    ("1A", "INDIVIDUAL - family member, relative or carer"),
    ("1B", "INDIVIDUAL - acquaintance (including neighbours and child minders)"),
    ("1C", "INDIVIDUAL - self"),
    ("1D", "INDIVIDUAL - other (including strangers)"),
    ("2A", "SCHOOLS"),
    ("2B", "EDUCATION SERVICES"),
    ("3A", "HEALTH SERVICES - general practitioner (GP)"),
    ("3B", "HEALTH SERVICES - health visitor"),
    ("3C", "HEALTH SERVICES - school nurse"),
    ("3D", "HEALTH SERVICES - other primary health services"),
    ("3E", "HEALTH SERVICES - A&E (accident and emergency department)"),
    ("3F", "HEALTH SERVICES - other (for example hospice)"),
    ("4", "HOUSING - local authority housing or housing association"),
    ("5A", "LA SERVICES - social care for example adults social care services"),
    ("5B", "LA SERVICES - other internal (department other than social care in local authorities, for example, youth offending (excluding housing))"),
    ("5C", "LA SERVICES - external, for example, from another local authority's adults social care services"),
    ("5D", "(LA SERVICES - early help"),
    ("6", "POLICE"),
    ("7", "OTHER LEGAL AGENCY - including courts, probation, immigration, CAFCASS (Children and Family Court Advisory and Support Service) or prison"),
    ("8", "OTHER - including children's centres, independent agency providers or voluntary organisations"),
    ("9", "ANONYMOUS"),
    ("10", "UNKNOWN"),
];

pub const PRIMARY_NEED: CodeList = &[
    ("N1", "Abuse or neglect"),
    ("N2", "Child's disability"),
    ("N3", "Parental disability or illness"),
    ("N4", "Family in acute stress"),
    ("N5", "Family dysfunction"),
    ("N6", "Socially unacceptable behaviour"),
    ("N7", "Low income"),
    ("N8", "Absent parenting"),
    ("N9", "Cases other than children in need"),
    ("N0", "Not stated"),
];

pub const CLOSURE_REASON: CodeList = &[
    ("RC1", "Adopted"),
    ("RC2", "Died"),
    ("RC3", "Child arrangements order"),
    ("RC4", "Special guardianship order"),
    ("RC5", "Transferred to services of another local authority"),
    ("RC6", "Transferred to adult social care services"),
    (
        "RC7",
        "Services ceased for any other reason, including child no longer in need",
    ),
    ("RC8", "Case closed after assessment, no further action"),
    (
        "RC9",
        "Case closed after assessment, referred to early help",
    ),
];

pub const ASSESSMENT_FACTOR: CodeList = &[
    ("1A", "Alcohol misuse: concerns about alcohol misuse by the child"),
    ("1B", "Alcohol misuse: concerns about alcohol misuse by the parent(s)/carer(s)"),
    ("1C", "Alcohol misuse: concerns about alcohol misuse by another person living in the household"),
    ("2A", "Drug misuse: concerns about drug misuse by the child"),
    ("2B", "Drug misuse: concerns about drug misuse by the parent(s)/carer(s)"),
    ("2C", "Drug misuse: concerns about drug misuse by another person living in the household"),
    ("3A", "Domestic violence: concerns about the child being the subject of domestic violence"),
    ("3B", "Domestic violence: concerns about the child's parent(s)/carer(s) being the subject of domestic violence"),
    ("3C", "Domestic violence: concerns about another person living in the household being the subject of domestic violence"),
    ("4A", "Mental health: concerns about the mental health of the child"),
    ("4B", "Mental health: concerns about the mental health of the parent(s)/carer(s)"),
    ("4C", "Mental health: concerns about the mental health of another person in the family/household"),
    ("5A", "Learning disability: concerns about the child's learning disability"),
    ("5B", "Learning disability: concerns about the parent(s)/carer(s) learning disability"),
    ("5C", "Learning disability: concerns about another person in the family/household's learning disability"),
    ("6A", "Physical disability or illness: concerns about a physical disability or illness of the child"),
    ("6B", "Physical disability or illness: concerns about a physical disability or illness of the parent(s)/carer(s)"),
    ("6C", "Physical disability or illness: concerns about a physical disability or illness of another person in the family/household"),
    ("7A", "Young carer: concerns that services may be required or the child's health or development may be impaired due to their caring responsibilities"),
    ("8B", "Privately fostered: concerns that services may be required or the child may be at risk as a privately fostered child - overseas children who intend to return"),
    ("8C", "Privately fostered: concerns that services may be required or the child may be at risk as a privately fostered child - overseas children who intend to stay"),
    ("8D", "Privately fostered: concerns that services may be required or the child may be at risk as a privately fostered child - UK children in educational placements"),
    ("8E", "Privately fostered: concerns that services may be required or the child may be at risk as a privately fostered child - UK children making alternative family arrangements"),
    ("8F", "Privately fostered: concerns that services may be required or the child may be at risk as a privately fostered child - other"),
    ("9A", "UASC: concerns that services may be required or the child may be at risk of harm as an unaccompanied asylum-seeking child"),
    ("10A", "Missing: concerns that services may be required or the child may be at risk of harm due to going/being missing"),
    ("11A", "Child sexual exploitation: concerns that services may be required or the child may be at risk of harm due to child sexual exploitation"),
    ("12A", "Trafficking: concerns that services may be required or the child may be at risk of harm due to trafficking"),
    ("13A", "Gangs: concerns that services may be required or the child may be at risk of harm because of involvement in/with gangs"),
    ("14A", "Socially unacceptable behaviour: concerns that services may be required or the child may be at risk due to their socially unacceptable behaviour"),
    ("15A", "Self-harm: concerns that services may be required or due to suspected/actual self-harming child may be at risk of harm"),
    ("16A", "Abuse or neglect - 'NEGLECT': concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect"),
    ("17A", "Abuse or neglect - 'EMOTIONAL ABUSE': concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect"),
    ("18B", "Abuse or neglect - 'PHYSICAL ABUSE' (child on child): concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect by another child"),
    ("18C", "Abuse or neglect - 'PHYSICAL ABUSE' (adult on child): concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect by an adult"),
    ("19B", "Abuse or neglect - 'SEXUAL ABUSE' (child on child): concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect by another child"),
    ("19C", "Abuse or neglect - 'SEXUAL ABUSE' (adult on child): concerns that services may be required or the child may be suffering or likely to suffer significant harm due to abuse or neglect by an adult"),
    ("20", "Other"),
    ("21", "No factors identified - only use this if there is no evidence of any of the factors above and no further action is being taken"),
    ("22A", "Female genital mutilation (FGM) - concerns that services may be required or the child may be at risk due to female genital mutilation"),
    ("23A", "Abuse linked to faith or belief - concerns that services may be required or the child may be at risk due to abuse linked to faith or belief"),
    ("24A", "Child criminal exploitation: concerns that services may be required or the child may be at risk of harm due to child criminal exploitation"),
];

pub const CATEGORY_OF_ABUSE: CodeList = &[
    ("NEG", "Neglect"),
    ("PHY", "Physical abuse"),
    ("SAB", "Sexual abuse"),
    ("EMO", "Emotional abuse"),
    ("MUL", "Multiple categories"),
];

pub const DISABILITY: CodeList = &[
    ("NONE", "No disability"),
    ("MOB", "Mobility"),
    ("HAND", "Hand function"),
    ("PC", "Personal care"),
    ("INC", "Incontinence"),
    ("COMM", "Communication"),
    ("LD", "Learning"),
    ("HEAR", "Hearing"),
    ("VIS", "Vision"),
    ("BEH", "Behaviour"),
    ("CON", "Consciousness"),
    ("AUT", "Autism"),
    ("DDA", "Other"),
];

pub const YES_NO: CodeList = &[("1", "Yes"), ("0", "No")];

pub const REASON_NEW: CodeList = &[
    ("S", "Started to be looked after"),
    ("L", "Change of legal status only"),
    ("P", "Change of placement and carer only"),
    (
        "T",
        "Change of legal status and of placement and carer at the same time",
    ),
    ("B", "Change of placement but the same carer"),
    ("U", "Change of legal status and placement, the same carer"),
];

pub const LEGAL_STATUS: CodeList = &[
    ("C1", "Interim care order"),
    ("C2", "Full care order"),
    ("D1", "Freeing order granted"),
    ("E1", "Placement order granted"),
    ("V2", "Single period of accommodation under section 20"),
    (
        "V3",
        "Accommodated under an agreed series of short-term breaks, episodes recorded",
    ),
    (
        "V4",
        "Accommodated under an agreed series of short-term breaks, agreements recorded",
    ),
    (
        "L1",
        "Under police protection and in local authority accommodation",
    ),
    ("L2", "Emergency protection order"),
    (
        "L3",
        "Under a child assessment order and in local authority accommodation",
    ),
    (
        "J1",
        "Remanded to local authority accommodation or youth detention",
    ),
    ("J2", "Placed in local authority accommodation under PACE"),
    (
        "J3",
        "Sentenced to a youth rehabilitation order with residence or intensive fostering",
    ),
];

pub const CATEGORY_OF_NEED: CodeList = &[
    ("N1", "Abuse or neglect"),
    ("N2", "Child's disability"),
    ("N3", "Parental disability or illness"),
    ("N4", "Family in acute stress"),
    ("N5", "Family dysfunction"),
    ("N6", "Socially unacceptable behaviour"),
    ("N7", "Low income"),
    ("N8", "Absent parenting"),
];

pub const PLACEMENT: CodeList = &[
    (
        "A3",
        "Placed for adoption with consent, with current foster carer",
    ),
    (
        "A4",
        "Placed for adoption with consent, not with current foster carer",
    ),
    (
        "A5",
        "Placed for adoption with a placement order, with current foster carer",
    ),
    (
        "A6",
        "Placed for adoption with a placement order, not with current foster carer",
    ),
    ("K1", "Secure children's home"),
    ("K2", "Children's home"),
    ("K3", "Supported accommodation"),
    (
        "P1",
        "Placed with own parent or other person with parental responsibility",
    ),
    ("P3", "Residential employment"),
    ("R1", "Residential care home"),
    (
        "R2",
        "NHS or health trust establishment providing medical or nursing care",
    ),
    ("R3", "Family centre or mother and baby unit"),
    ("R5", "Young offender institution or prison"),
    ("S1", "Residential school"),
    ("T0", "Temporary placement of any kind"),
    ("T1", "Temporary period in hospital"),
    ("T2", "Temporary absence on holiday"),
    (
        "T3",
        "Temporary accommodation while the usual foster carer is on holiday",
    ),
    (
        "T4",
        "Temporary accommodation of seven days or less, not covered by T1 to T3",
    ),
    (
        "U1",
        "Foster placement with relative or friend, long-term fostering",
    ),
    (
        "U2",
        "Foster placement with relative or friend who is also an approved adopter",
    ),
    (
        "U3",
        "Foster placement with relative or friend, not long-term or fostering for adoption",
    ),
    (
        "U4",
        "Foster placement with other foster carer, long-term fostering",
    ),
    (
        "U5",
        "Foster placement with other foster carer who is also an approved adopter",
    ),
    (
        "U6",
        "Foster placement with other foster carer, not long-term or fostering for adoption",
    ),
    ("Z11", "Other placement (Z11 in the DfE guidance)"),
    ("Z12", "Other placement (Z12 in the DfE guidance)"),
    ("Z13", "Other placement (Z13 in the DfE guidance)"),
    ("Z14", "Other placement (Z14 in the DfE guidance)"),
];

pub const PROVIDER: CodeList = &[
    ("PR0", "Parent or other person with parental responsibility"),
    ("PR1", "Own provision by the council"),
    ("PR2", "Other local authority provision"),
    ("PR3", "Other public provision"),
    ("PR4", "Private provision"),
    ("PR5", "Voluntary or third sector provision"),
];

pub const REASON_END: CodeList = &[
    ("X1", "Episode ends and a new one begins the same day"),
    ("E11", "Adopted: application unopposed"),
    ("E12", "Adopted: consent dispensed with by the court"),
    ("E2", "Died"),
    ("E3", "Care taken by another local authority"),
    ("E4A", "Returned home as part of the care plan"),
    ("E4B", "Returned home not as part of the care plan"),
    (
        "E13",
        "Left care to live with parent, relative or other person without parental responsibility",
    ),
    ("E41", "Child arrangements order granted"),
    (
        "E45",
        "Special guardianship order to former foster carer who is a relative or friend",
    ),
    (
        "E46",
        "Special guardianship order to former foster carer, not a relative or friend",
    ),
    (
        "E47",
        "Special guardianship order to another carer who is a relative or friend",
    ),
    (
        "E48",
        "Special guardianship order to another carer, not a relative or friend",
    ),
    ("E5", "Moved to independent living with formal support"),
    ("E6", "Moved to independent living without formal support"),
    (
        "E7",
        "Transferred to residential care funded by adult social care",
    ),
    ("E9", "Sentenced to custody"),
    ("E14", "Accommodation on remand ended"),
    (
        "E15",
        "Age assessment found the young person to be 18 or over",
    ),
    ("E16", "Moved abroad"),
    (
        "E17",
        "Aged 18 and stayed with current carers (staying put)",
    ),
    ("E8", "Ceased for any other reason"),
];

pub const REASON_PLACE_CHANGE: CodeList = &[
    ("CARPL", "Change to or carrying out of the care plan"),
    ("CLOSE", "Provision resigned or closed"),
    ("ALLEG", "Allegation (section 47)"),
    ("STAND", "Concern about standards of care"),
    ("APPRR", "Approval removed"),
    (
        "CREQB",
        "Carer asked to end it because of the child's behaviour",
    ),
    ("CREQO", "Carer asked to end it for another reason"),
    ("CHILD", "Child asked to end it"),
    ("LAREQ", "The council asked to end it"),
    ("PLACE", "Change in the status of the placement only"),
    ("CUSTOD", "Custody arrangement"),
    ("OTHER", "Other"),
];

pub const PARTICIPATION: CodeList = &[
    ("PN0", "Child under 4 at the time of the review"),
    ("PN1", "Attended and spoke for themselves"),
    ("PN2", "Attended and an advocate spoke for them"),
    ("PN3", "Attended and gave their view without words"),
    ("PN4", "Attended but did not give their view"),
    ("PN5", "Did not attend; briefed an advocate"),
    ("PN6", "Did not attend; gave their view another way"),
    ("PN7", "Did not attend and their view was not given"),
];

pub const MISSING_KIND: CodeList = &[
    ("M", "Missing"),
    ("A", "Away from placement without authorisation"),
];

pub const SDQ_REASON: CodeList = &[
    ("SDQ1", "Under 4 or over 17 at the latest assessment"),
    ("SDQ2", "Carer refused to complete the questionnaire"),
    (
        "SDQ3",
        "Not possible because of the severity of the child's disability",
    ),
    ("SDQ4", "Other"),
    ("SDQ5", "The young person refused"),
];

pub const IN_TOUCH: CodeList = &[
    ("YES", "In touch"),
    ("NO", "Not in touch"),
    ("DIED", "Died"),
    ("REFU", "Refuses contact"),
    ("NREQ", "No longer needs services"),
    ("RHOM", "Returned home for more than six months"),
];

pub const ACTIVITY: CodeList = &[
    ("F1", "Full-time higher education"),
    ("P1", "Part-time higher education"),
    ("F2", "Full-time other education"),
    ("P2", "Part-time other education"),
    ("F4", "Full-time training or employment"),
    ("P4", "Part-time training or employment"),
    ("F5", "Full-time apprenticeship"),
    ("P5", "Part-time apprenticeship"),
    (
        "G4",
        "Not in education, training or employment: illness or disability",
    ),
    (
        "G5",
        "Not in education, training or employment: other reasons",
    ),
    (
        "G6",
        "Not in education, training or employment: pregnancy or parenting",
    ),
    ("0", "Not known"),
];

pub const ACCOMMODATION: CodeList = &[
    ("B1", "With parents or relatives (suitable)"),
    ("B2", "With parents or relatives (not suitable)"),
    ("C1", "Community home or other residential care (suitable)"),
    (
        "C2",
        "Community home or other residential care (not suitable)",
    ),
    (
        "D1",
        "Semi-independent, transitional accommodation (suitable)",
    ),
    (
        "D2",
        "Semi-independent, transitional accommodation (not suitable)",
    ),
    ("E1", "Supported lodgings (suitable)"),
    ("E2", "Supported lodgings (not suitable)"),
    ("G1", "Gone abroad (suitable)"),
    ("G2", "Gone abroad (not suitable)"),
    ("H1", "Deported (suitable)"),
    ("H2", "Deported (not suitable)"),
    ("K1", "Ordinary lodgings (suitable)"),
    ("K2", "Ordinary lodgings (not suitable)"),
    ("R1", "Residence not known (suitable)"),
    ("R2", "Residence not known (not suitable)"),
    ("S1", "No fixed abode or homeless (suitable)"),
    ("S2", "No fixed abode or homeless (not suitable)"),
    ("T1", "Foyers and similar (suitable)"),
    ("T2", "Foyers and similar (not suitable)"),
    ("U1", "Independent living (suitable)"),
    ("U2", "Independent living (not suitable)"),
    ("V1", "Emergency accommodation (suitable)"),
    ("V2", "Emergency accommodation (not suitable)"),
    ("W1", "Bed and breakfast (suitable)"),
    ("W2", "Bed and breakfast (not suitable)"),
    ("X1", "In custody (suitable)"),
    ("X2", "In custody (not suitable)"),
    ("Y1", "Other accommodation (suitable)"),
    ("Y2", "Other accommodation (not suitable)"),
    ("Z1", "With former foster carers (suitable)"),
    ("Z2", "With former foster carers (not suitable)"),
    ("0", "Not known"),
];

pub const SEX_OF_ADOPTERS: CodeList = &[
    ("M1", "Single male"),
    ("F1", "Single female"),
    ("MM", "Two males"),
    ("FF", "Two females"),
    ("MF", "A male and a female"),
];

pub const LEGAL_STATUS_OF_ADOPTERS: CodeList = &[
    ("L0", "Single adopter"),
    ("L11", "Married couple"),
    ("L12", "Civil partners"),
    ("L2", "Unmarried couple"),
    ("L3", "Couple, one the child's parent"),
    ("L4", "Other"),
];

pub const REASON_PLACED_CEASED: CodeList = &[
    ("RD1", "The child was adopted"),
    ("RD2", "The child returned home"),
    ("RD3", "The child stayed in care"),
    ("RD4", "Other"),
];

pub const PREVIOUS_PERMANENCE: CodeList = &[
    ("P1", "Adoption"),
    ("P2", "Special guardianship order"),
    ("P3", "Child arrangements order"),
    ("P4", "Residence order"),
    ("Z1", "None of these, or not known"),
];

pub const SW_REASON: CodeList = &[
    ("MANAGE", "Change of management decision"),
    ("FCONTA", "Family or child asked for a change"),
    ("LEFTRL", "Worker left the role"),
    ("ORGRST", "Organisation restructure"),
    ("TSPROC", "Transfer between teams by process"),
    ("ABSENC", "Worker absent"),
    ("CHCHAN", "Child's circumstances changed"),
    ("PCCHAN", "Change of placement"),
    ("SWDIED", "Worker died"),
    ("OTHERS", "Other"),
];

pub const PP_OUTCOME: CodeList = &[
    ("A", "Outcome A (DfE code set CS131)"),
    ("B", "Outcome B (DfE code set CS131)"),
    ("C", "Outcome C (DfE code set CS131)"),
];

pub const TRUE_FALSE: CodeList = &[("true", "Yes"), ("false", "No")];

/// A list by its name (the names used in the journey's field specs).
pub fn list(name: &str) -> Option<CodeList> {
    Some(match name {
        "referral_source" => REFERRAL_SOURCE,
        "primary_need" => PRIMARY_NEED,
        "closure_reason" => CLOSURE_REASON,
        "assessment_factor" => ASSESSMENT_FACTOR,
        "category_of_abuse" => CATEGORY_OF_ABUSE,
        "disability" => DISABILITY,
        "yes_no" => YES_NO,
        "reason_new" => REASON_NEW,
        "legal_status" => LEGAL_STATUS,
        "category_of_need" => CATEGORY_OF_NEED,
        "placement" => PLACEMENT,
        "provider" => PROVIDER,
        "reason_end" => REASON_END,
        "reason_place_change" => REASON_PLACE_CHANGE,
        "participation" => PARTICIPATION,
        "missing_kind" => MISSING_KIND,
        "sdq_reason" => SDQ_REASON,
        "in_touch" => IN_TOUCH,
        "activity" => ACTIVITY,
        "accommodation" => ACCOMMODATION,
        "sex_of_adopters" => SEX_OF_ADOPTERS,
        "legal_status_of_adopters" => LEGAL_STATUS_OF_ADOPTERS,
        "reason_placed_ceased" => REASON_PLACED_CEASED,
        "previous_permanence" => PREVIOUS_PERMANENCE,
        "sw_reason" => SW_REASON,
        "pp_outcome" => PP_OUTCOME,
        "true_false" => TRUE_FALSE,
        _ => return None,
    })
}

/// The meaning of `code` in list `name`, if it is on the list.
pub fn meaning(name: &str, code: &str) -> Option<&'static str> {
    list(name)?
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, m)| *m)
}
