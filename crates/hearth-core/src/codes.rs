//! Code lists used in the record and in the DfE returns, as Rust enums.
//!
//! The DfE lists (ethnicity, sex, disability) are taken from the CIN census
//! schema (`CIN_schema_2024.xsd`) and the SSDA903 spec; sex uses the M/F/U codes
//! that both returns use from 2024/25. [`ImmigrationStatus`] is Hearth's own
//! list.
//!
//! Every list has `code()`, `meaning()` (plain English), an `ALL` slice in the
//! order the specification lists them, and `from_code`. Serde reads and writes
//! the code string.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A code that is not in the list it was read against.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code:?} is not a recognised {list} code")]
pub struct UnknownCode {
    /// Which list, e.g. "ethnicity".
    pub list: &'static str,
    /// The code that was given.
    pub code: String,
}

macro_rules! code_list {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($list:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal => $meaning:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* #[doc = concat!("`", $code, "`: ", $meaning)] $variant, )+
        }

        impl $name {
            /// The name of this list, for messages.
            pub const LIST: &'static str = $list;

            /// Every code, in the order the specification lists them.
            pub const ALL: &'static [Self] = &[ $( Self::$variant, )+ ];

            /// The code as it appears in the returns.
            pub const fn code(self) -> &'static str {
                match self { $( Self::$variant => $code, )+ }
            }

            /// What the code means, in plain English.
            pub const fn meaning(self) -> &'static str {
                match self { $( Self::$variant => $meaning, )+ }
            }

            /// The entry for `code`. Surrounding spaces and letter case are ignored.
            pub fn from_code(code: &str) -> Option<Self> {
                let code = code.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|entry| entry.code().eq_ignore_ascii_case(code))
            }
        }

        impl fmt::Display for $name {
            /// Writes the code.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl FromStr for $name {
            type Err = UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::from_code(s).ok_or_else(|| UnknownCode {
                    list: $list,
                    code: s.to_owned(),
                })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

code_list! {
    /// A child's ethnicity (903 `ETHNIC`, CIN `Ethnicity`).
    pub enum Ethnicity("ethnicity") {
        WhiteBritish = "WBRI" => "White British",
        WhiteIrish = "WIRI" => "White Irish",
        TravellerOfIrishHeritage = "WIRT" => "Traveller of Irish heritage",
        AnyOtherWhiteBackground = "WOTH" => "Any other White background",
        GypsyRoma = "WROM" => "Gypsy/Roma",
        WhiteAndBlackCaribbean = "MWBC" => "White and Black Caribbean",
        WhiteAndBlackAfrican = "MWBA" => "White and Black African",
        WhiteAndAsian = "MWAS" => "White and Asian",
        AnyOtherMixedBackground = "MOTH" => "Any other Mixed background",
        Indian = "AIND" => "Indian",
        Pakistani = "APKN" => "Pakistani",
        Bangladeshi = "ABAN" => "Bangladeshi",
        AnyOtherAsianBackground = "AOTH" => "Any other Asian background",
        Caribbean = "BCRB" => "Caribbean",
        African = "BAFR" => "African",
        AnyOtherBlackBackground = "BOTH" => "Any other Black background",
        Chinese = "CHNE" => "Chinese",
        AnyOtherEthnicGroup = "OOTH" => "Any other ethnic group",
        Refused = "REFU" => "Refused",
        NotYetObtained = "NOBT" => "Information not yet obtained",
    }
}

impl Ethnicity {
    /// Whether an ethnic group has been recorded (not refused or not yet obtained).
    pub const fn is_recorded(self) -> bool {
        !matches!(self, Self::Refused | Self::NotYetObtained)
    }
}

code_list! {
    /// A child's sex as recorded in the 903 (`SEX`) and CIN (`Sex`) returns
    /// from 2024/25.
    pub enum Sex("sex") {
        Male = "M" => "Male",
        Female = "F" => "Female",
        /// Also used for an unborn child (CIN rule 8750).
        Unknown = "U" => "Unknown or indeterminate",
    }
}

impl Sex {
    /// Read the numeric code used before 2024/25 (903 `SEX` 1/2, CIN
    /// `GenderCurrent` 1/2/0/9): 1 male, 2 female, 0 not recorded or unborn and
    /// 9 indeterminate (both now `U`).
    pub fn from_legacy_code(code: &str) -> Option<Self> {
        match code.trim() {
            "1" => Some(Self::Male),
            "2" => Some(Self::Female),
            "0" | "9" => Some(Self::Unknown),
            _ => None,
        }
    }
}

code_list! {
    /// A disability recorded for a child (CIN `Disability`; a child may have several).
    pub enum Disability("disability") {
        NoDisability = "NONE" => "No disability",
        Mobility = "MOB" => "Mobility",
        HandFunction = "HAND" => "Hand function",
        PersonalCare = "PC" => "Personal care",
        Incontinence = "INC" => "Incontinence",
        Communication = "COMM" => "Communication",
        Learning = "LD" => "Learning",
        Hearing = "HEAR" => "Hearing",
        Vision = "VIS" => "Vision",
        Behaviour = "BEH" => "Behaviour",
        Consciousness = "CON" => "Consciousness",
        Autism = "AUT" => "Autism",
        Other = "DDA" => "Other",
    }
}

code_list! {
    /// A person's immigration status, for the record. Hearth's own list, not a
    /// DfE one. (UASC status for the 903 return is recorded separately.)
    pub enum ImmigrationStatus("immigration status") {
        BritishCitizen = "british_citizen" => "British citizen",
        SettledStatus = "settled_status" => "Settled status (EU Settlement Scheme)",
        PreSettledStatus = "pre_settled_status" => "Pre-settled status (EU Settlement Scheme)",
        LeaveToRemain = "leave_to_remain" => "Leave to remain",
        AsylumSeeker = "asylum_seeker" => "Asylum seeker",
        RefugeeStatus = "refugee_status" => "Refugee status",
        NoRecourseToPublicFunds = "no_recourse_to_public_funds" => "No recourse to public funds",
        UnaccompaniedAsylumSeekingChild = "unaccompanied_asylum_seeking_child" => "Unaccompanied asylum-seeking child",
        Other = "other" => "Another immigration status",
        Unknown = "unknown" => "Not known",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn check_list<T>(all: &[T], code: fn(T) -> &'static str, from_code: fn(&str) -> Option<T>)
    where
        T: Copy + PartialEq + fmt::Debug + Serialize + for<'de> Deserialize<'de>,
    {
        let codes: HashSet<_> = all.iter().map(|&e| code(e)).collect();
        assert_eq!(codes.len(), all.len(), "codes are unique");
        for &entry in all {
            assert_eq!(from_code(code(entry)), Some(entry));
            assert_eq!(
                from_code(&format!(" {} ", code(entry).to_lowercase())),
                Some(entry)
            );
            let json = serde_json::to_string(&entry).unwrap();
            assert_eq!(json, format!("\"{}\"", code(entry)));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), entry);
        }
        assert_eq!(from_code("XXXX"), None);
        assert_eq!(from_code(""), None);
        assert!(serde_json::from_str::<T>("\"XXXX\"").is_err());
    }

    #[test]
    fn lists_round_trip() {
        check_list(Ethnicity::ALL, Ethnicity::code, Ethnicity::from_code);
        check_list(Sex::ALL, Sex::code, Sex::from_code);
        check_list(Disability::ALL, Disability::code, Disability::from_code);
        check_list(
            ImmigrationStatus::ALL,
            ImmigrationStatus::code,
            ImmigrationStatus::from_code,
        );
        assert_eq!(Ethnicity::ALL.len(), 20);
        assert_eq!(Sex::ALL.len(), 3);
        assert_eq!(Disability::ALL.len(), 13);
    }

    #[test]
    fn examples() {
        assert_eq!(Ethnicity::from_code("WROM"), Some(Ethnicity::GypsyRoma));
        assert_eq!(Ethnicity::GypsyRoma.meaning(), "Gypsy/Roma");
        assert!(!Ethnicity::NotYetObtained.is_recorded());
        assert!(Ethnicity::WhiteBritish.is_recorded());
        assert_eq!(Sex::Unknown.code(), "U");
        assert_eq!(Sex::from_legacy_code("2"), Some(Sex::Female));
        assert_eq!(Sex::from_legacy_code("9"), Some(Sex::Unknown));
        assert_eq!(Sex::from_legacy_code("M"), None);
        assert_eq!(Disability::Other.code(), "DDA");
        assert_eq!(
            "unaccompanied_asylum_seeking_child".parse::<ImmigrationStatus>(),
            Ok(ImmigrationStatus::UnaccompaniedAsylumSeekingChild)
        );
        assert_eq!(
            "WXYZ".parse::<Ethnicity>().unwrap_err().to_string(),
            "\"WXYZ\" is not a recognised ethnicity code"
        );
        assert_eq!(Ethnicity::AnyOtherEthnicGroup.to_string(), "OOTH");
    }

    #[test]
    fn immigration_codes_are_snake_case() {
        for status in ImmigrationStatus::ALL {
            assert!(status
                .code()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_'));
        }
    }

    /// `(code, documentation)` pairs of one `xs:simpleType` in the CIN schema.
    fn schema_enumerations(xsd: &str, type_name: &str) -> Vec<(String, String)> {
        let start = xsd
            .find(&format!("<xs:simpleType name=\"{type_name}\">"))
            .unwrap();
        let body = &xsd[start..];
        let body = &body[..body.find("</xs:simpleType>").unwrap()];
        body.split("<xs:enumeration value=\"")
            .skip(1)
            .map(|entry| {
                let code = &entry[..entry.find('"').unwrap()];
                let doc = entry
                    .split("<xs:documentation>")
                    .nth(1)
                    .and_then(|d| d.split("</xs:documentation>").next())
                    .unwrap_or_default();
                (code.to_owned(), doc.trim().to_owned())
            })
            .collect()
    }

    /// Cross-check against the CIN schema in the shared reference folder (the
    /// test is skipped if that folder is not present).
    #[test]
    fn matches_cin_schema() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/reference/cin/liiatools-spec/CIN_schema_2024.xsd"
        );
        let Ok(xsd) = std::fs::read_to_string(path) else {
            eprintln!("skipped: {path} not found");
            return;
        };
        let ours: Vec<_> = Ethnicity::ALL
            .iter()
            .map(|e| (e.code().to_owned(), e.meaning().to_lowercase()))
            .collect();
        let theirs: Vec<_> = schema_enumerations(&xsd, "ethnicitytype")
            .into_iter()
            .map(|(c, m)| (c, m.to_lowercase()))
            .collect();
        assert_eq!(ours, theirs);

        let ours: Vec<_> = Disability::ALL
            .iter()
            .map(|d| (d.code().to_owned(), d.meaning().to_owned()))
            .collect();
        assert_eq!(ours, schema_enumerations(&xsd, "disabilitytype"));
    }
}
