//! Identifiers that can only hold valid values ("parse, don't validate").
//!
//! Each type here is a newtype over a normalised `String`. The only ways to
//! build one are `parse` (and, for the check-character schemes, a constructor
//! that computes the check character), so any value of the type has already
//! passed every rule. Serde goes through `parse` too, so a stored record can't
//! smuggle an invalid identifier back in.
//!
//! Every error is an [`IdentifierError`] whose message is plain English and
//! specific enough to show next to a form field.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Which identifier a value was meant to be. Used in [`IdentifierError::Empty`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentifierKind {
    Upn,
    FormerUpn,
    NhsNumber,
    LaPersonId,
    Postcode,
    RegistrationNumber,
}

impl fmt::Display for IdentifierKind {
    /// The identifier's name with its article, for "Enter ..." messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Upn => "a UPN",
            Self::FormerUpn => "a former UPN",
            Self::NhsNumber => "an NHS number",
            Self::LaPersonId => "a person ID",
            Self::Postcode => "a postcode",
            Self::RegistrationNumber => "a Social Work England registration number",
        })
    }
}

/// Why a string is not a valid identifier. The messages are written to be shown
/// beside the form field the value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum IdentifierError {
    /// Nothing (or only spaces) was entered.
    #[error("Enter {0}")]
    Empty(IdentifierKind),

    #[error("Enter a UPN with 13 characters, like A123456789012")]
    UpnLength,
    #[error(
        "Enter a UPN as a letter followed by 12 digits, like A123456789012 \
         (a temporary UPN ends with a letter instead of a digit)"
    )]
    UpnFormat,
    /// The 13th character is a letter that the UPN scheme does not use (I, O or S).
    #[error("The last character of a UPN must be a digit, or a letter other than I, O or S")]
    UpnLastCharacter,
    #[error("The UPN check letter is wrong: check you have copied it correctly")]
    UpnCheckLetter,

    #[error("Enter an NHS number with 10 digits, like 943 476 5919")]
    NhsNumberFormat,
    #[error("The NHS number's check digit is wrong: check you have copied it correctly")]
    NhsNumberCheckDigit,

    #[error("Enter a person ID of 10 characters or fewer")]
    LaPersonIdTooLong,
    #[error("A person ID can only contain letters, numbers and hyphens")]
    LaPersonIdCharacters,

    #[error("Enter a full UK postcode, like SW1A 1AA")]
    PostcodeFormat,

    #[error(
        "Enter a Social Work England registration number as SW followed by numbers, like SW123456"
    )]
    RegistrationNumberFormat,
}

/// Upper-case `input` and drop every whitespace character (leading, trailing
/// and internal).
fn compact_upper(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The conversions every identifier shares: `as_str`-based `Display` and
/// `AsRef<str>`, `FromStr` and `TryFrom<String>` through `parse`, and
/// `From<T> for String` (which serde's `into = "String"` uses).
macro_rules! string_identifier {
    ($ty:ident) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl FromStr for $ty {
            type Err = IdentifierError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = IdentifierError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl TryFrom<&str> for $ty {
            type Error = IdentifierError;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                Self::parse(s)
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.as_str().to_owned()
            }
        }
    };
}

// ---------------------------------------------------------------------------
// UPN
// ---------------------------------------------------------------------------

/// The DfE check letters, indexed by the weighted sum mod 23. The same table
/// gives the value of the letter that ends a temporary UPN. There is no I, O or S.
const UPN_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

fn upn_letter_value(letter: u8) -> Option<u32> {
    UPN_LETTERS
        .iter()
        .position(|&l| l == letter)
        .and_then(|i| u32::try_from(i).ok())
}

/// Check that `body` (characters 2-13 of a UPN, upper case) has the right shape:
/// 11 digits, then a digit or a letter from [`UPN_LETTERS`].
fn check_upn_body(body: &[u8]) -> Result<(), IdentifierError> {
    let Some((&last, digits)) = body.split_last() else {
        return Err(IdentifierError::UpnFormat);
    };
    if digits.len() != 11 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(IdentifierError::UpnFormat);
    }
    if last.is_ascii_digit() || upn_letter_value(last).is_some() {
        Ok(())
    } else if last.is_ascii_uppercase() {
        Err(IdentifierError::UpnLastCharacter)
    } else {
        Err(IdentifierError::UpnFormat)
    }
}

/// The DfE check letter for characters 2-13 of a UPN (already shape-checked by
/// [`check_upn_body`]). Character n (n = 2..=13) is multiplied by weight n; a
/// trailing letter counts as its value in [`UPN_LETTERS`]; the sum mod 23 indexes
/// [`UPN_LETTERS`].
fn upn_check_letter(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .zip(2u32..)
        .map(|(&c, weight)| {
            let value = if c.is_ascii_digit() {
                u32::from(c - b'0')
            } else {
                upn_letter_value(c).unwrap_or(0)
            };
            value * weight
        })
        .sum();
    // `sum % 23` is always below 23, so this index is in range.
    UPN_LETTERS
        .get((sum % 23) as usize)
        .copied()
        .unwrap_or(b'A')
}

/// A DfE Unique Pupil Number: a check letter, 11 digits, then a digit (a
/// permanent UPN) or a letter (a temporary UPN), with a correct check letter.
///
/// Stored upper case with no spaces, e.g. `A123456789012`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Upn(String);

impl Upn {
    /// Parse a UPN. Spaces are ignored and letters are upper-cased.
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let s = compact_upper(input);
        if s.is_empty() {
            return Err(IdentifierError::Empty(IdentifierKind::Upn));
        }
        if s.chars().count() != 13 {
            return Err(IdentifierError::UpnLength);
        }
        if !s.is_ascii() {
            return Err(IdentifierError::UpnFormat);
        }
        let bytes = s.as_bytes();
        let Some((&check, body)) = bytes.split_first() else {
            return Err(IdentifierError::UpnLength);
        };
        if !check.is_ascii_uppercase() {
            return Err(IdentifierError::UpnFormat);
        }
        check_upn_body(body)?;
        if upn_check_letter(body) != check {
            return Err(IdentifierError::UpnCheckLetter);
        }
        Ok(Self(s))
    }

    /// Build a UPN from its last 12 characters (11 digits, then a digit or, for
    /// a temporary UPN, a letter other than I, O or S) by computing the check
    /// letter. Spaces are ignored and letters are upper-cased.
    pub fn with_check_letter(digits12: &str) -> Result<Self, IdentifierError> {
        let body = compact_upper(digits12);
        if body.is_empty() {
            return Err(IdentifierError::Empty(IdentifierKind::Upn));
        }
        if body.chars().count() != 12 {
            return Err(IdentifierError::UpnLength);
        }
        check_upn_body(body.as_bytes())?;
        let check = char::from(upn_check_letter(body.as_bytes()));
        Ok(Self(format!("{check}{body}")))
    }

    /// The UPN, upper case with no spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The check letter (character 1).
    pub fn check_letter(&self) -> char {
        self.0.chars().next().unwrap_or('A')
    }

    /// Characters 2-4: the DfE code of the local authority that issued the UPN.
    /// (Whether it is a recognised LA code is not checked here.)
    pub fn la_code(&self) -> &str {
        self.0.get(1..4).unwrap_or_default()
    }

    /// Whether this is a temporary UPN (its last character is a letter).
    pub fn is_temporary(&self) -> bool {
        self.0
            .as_bytes()
            .last()
            .is_some_and(|c| c.is_ascii_uppercase())
    }
}

string_identifier!(Upn);

/// A child's former UPN (the CIN census `FormerUPN`). Same rules as [`Upn`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FormerUpn(Upn);

impl FormerUpn {
    /// Parse a former UPN, by the same rules as [`Upn::parse`].
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        Upn::parse(input).map(Self).map_err(|e| match e {
            IdentifierError::Empty(_) => IdentifierError::Empty(IdentifierKind::FormerUpn),
            other => other,
        })
    }

    /// The former UPN, upper case with no spaces.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The same number as a [`Upn`].
    pub fn as_upn(&self) -> &Upn {
        &self.0
    }

    /// The same number as a [`Upn`].
    pub fn into_upn(self) -> Upn {
        self.0
    }
}

impl From<Upn> for FormerUpn {
    fn from(upn: Upn) -> Self {
        Self(upn)
    }
}

string_identifier!(FormerUpn);

// ---------------------------------------------------------------------------
// NHS number
// ---------------------------------------------------------------------------

/// The modulus 11 check digit for the first 9 digits of an NHS number, or
/// `None` when the scheme gives 10 (no NHS number starts with those 9 digits).
fn nhs_check_digit(first9: &[u8]) -> Option<u8> {
    let sum: u32 = first9
        .iter()
        .zip((2u32..=10).rev())
        .map(|(&c, weight)| u32::from(c - b'0') * weight)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        // 1..=9, so it fits in a u8.
        d => u8::try_from(d).ok(),
    }
}

/// Drop spaces and hyphens: NHS numbers are written "943 476 5919" or
/// "943-476-5919".
fn compact_nhs(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// An NHS number: 10 digits whose last digit is the modulus 11 check digit.
///
/// Stored as 10 digits (`as_str()` is `"9434765919"`, which is also the serde
/// form); `Display` uses the 3-3-4 layout people read: `943 476 5919`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NhsNumber(String);

impl NhsNumber {
    /// Parse an NHS number. Spaces and hyphens are ignored.
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let s = compact_nhs(input);
        if s.is_empty() {
            return Err(IdentifierError::Empty(IdentifierKind::NhsNumber));
        }
        if s.len() != 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdentifierError::NhsNumberFormat);
        }
        let (first9, check) = s.as_bytes().split_at(9);
        match (nhs_check_digit(first9), check.first()) {
            (Some(expected), Some(&actual)) if expected == actual - b'0' => Ok(Self(s)),
            _ => Err(IdentifierError::NhsNumberCheckDigit),
        }
    }

    /// Build an NHS number from its first 9 digits by adding the check digit.
    /// `None` if `first9` is not 9 digits (spaces and hyphens are ignored) or if
    /// no valid NHS number starts with them (the check digit would be 10).
    pub fn with_check_digit(first9: &str) -> Option<Self> {
        let s = compact_nhs(first9);
        if s.len() != 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let check = nhs_check_digit(s.as_bytes())?;
        Some(Self(format!("{s}{check}")))
    }

    /// The 10 digits with no spaces, e.g. `9434765919`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NhsNumber {
    /// The 3-3-4 layout, e.g. `943 476 5919`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.as_str();
        match (s.get(0..3), s.get(3..6), s.get(6..)) {
            (Some(a), Some(b), Some(c)) => write!(f, "{a} {b} {c}"),
            _ => f.write_str(s),
        }
    }
}

impl AsRef<str> for NhsNumber {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl FromStr for NhsNumber {
    type Err = IdentifierError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for NhsNumber {
    type Error = IdentifierError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl TryFrom<&str> for NhsNumber {
    type Error = IdentifierError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<NhsNumber> for String {
    fn from(value: NhsNumber) -> String {
        value.0
    }
}

// ---------------------------------------------------------------------------
// Council person ID
// ---------------------------------------------------------------------------

/// The council's own ID for a person (the 903 `CHILD` / CIN `LAchildID`):
/// 1-10 characters, each a letter, a digit or a hyphen. Leading and trailing
/// spaces are removed; the case is kept as entered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LaPersonId(String);

impl LaPersonId {
    /// The longest ID the returns accept.
    pub const MAX_LEN: usize = 10;

    /// Parse a person ID.
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(IdentifierError::Empty(IdentifierKind::LaPersonId));
        }
        if !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(IdentifierError::LaPersonIdCharacters);
        }
        if s.len() > Self::MAX_LEN {
            return Err(IdentifierError::LaPersonIdTooLong);
        }
        Ok(Self(s.to_owned()))
    }

    /// The ID as entered (without surrounding spaces).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_identifier!(LaPersonId);

// ---------------------------------------------------------------------------
// Postcode
// ---------------------------------------------------------------------------

/// The outward-code shapes of a UK postcode ('A' a letter, '9' a digit).
const OUTWARD_SHAPES: [&str; 6] = ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"];

fn shape(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { 'A' })
        .collect()
}

/// A UK postcode, upper case with one space before the inward code, e.g.
/// `SW1A 1AA`. Checked against the standard shapes (outward A9, A99, AA9,
/// AA99, A9A or AA9A; inward 9AA), not against the list of real postcodes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode(String);

impl Postcode {
    /// Parse a postcode. Spaces are ignored and letters are upper-cased.
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let s = compact_upper(input);
        if s.is_empty() {
            return Err(IdentifierError::Empty(IdentifierKind::Postcode));
        }
        if !(5..=7).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(IdentifierError::PostcodeFormat);
        }
        let (outward, inward) = s.split_at(s.len() - 3);
        if shape(inward) != "9AA" || !OUTWARD_SHAPES.contains(&shape(outward).as_str()) {
            return Err(IdentifierError::PostcodeFormat);
        }
        Ok(Self(format!("{outward} {inward}")))
    }

    /// The postcode, e.g. `SW1A 1AA`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The outward code (before the space), e.g. `SW1A`.
    pub fn outward(&self) -> &str {
        self.0.split(' ').next().unwrap_or_default()
    }

    /// The inward code (after the space), e.g. `1AA`.
    pub fn inward(&self) -> &str {
        self.0.split(' ').nth(1).unwrap_or_default()
    }
}

string_identifier!(Postcode);

// ---------------------------------------------------------------------------
// Social Work England registration number
// ---------------------------------------------------------------------------

/// A Social Work England registration number: `SW` followed by 1-10 digits,
/// stored upper case with no spaces, e.g. `SW123456`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegistrationNumber(String);

impl RegistrationNumber {
    /// Parse a registration number. Spaces are ignored and `sw` is upper-cased.
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let s = compact_upper(input);
        if s.is_empty() {
            return Err(IdentifierError::Empty(IdentifierKind::RegistrationNumber));
        }
        let digits = s
            .strip_prefix("SW")
            .ok_or(IdentifierError::RegistrationNumberFormat)?;
        if digits.is_empty() || digits.len() > 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdentifierError::RegistrationNumberFormat);
        }
        Ok(Self(s))
    }

    /// The registration number, e.g. `SW123456`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_identifier!(RegistrationNumber);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // --- UPN, worked by hand -------------------------------------------------
    //
    // A123456789012: characters 2-13 are 1 2 3 4 5 6 7 8 9 0 1 2 with weights
    // 2..13: 2+6+12+20+30+42+56+72+90+0+12+26 = 368; 368 mod 23 = 0 -> A.
    //
    // X12345678901A (temporary): 1..9,0,1 weighted 2..12 = 2+6+12+20+30+42+56
    // +72+90+0+12 = 342, plus A (value 0) x 13 = 0; 342 mod 23 = 20 -> X.
    //
    // P000000000001: 1 x 13 = 13 -> P.  L00000000000Z: Z = 22, 22 x 13 = 286;
    // 286 mod 23 = 10 -> L.
    //
    // A123456789123 (the CIN fake data's UPN): 1..9 weighted 2..10 = 330, plus
    // 1x11 + 2x12 + 3x13 = 74; 404 mod 23 = 13 -> P, so its check letter A is wrong.

    #[test]
    fn upn_known_good() {
        for (s, temporary) in [
            ("A123456789012", false),
            ("X12345678901A", true),
            ("P000000000001", false),
            ("L00000000000Z", true),
            ("A000000000000", false),
        ] {
            let upn = Upn::parse(s).unwrap();
            assert_eq!(upn.as_str(), s);
            assert_eq!(upn.is_temporary(), temporary, "{s}");
        }
        let upn = Upn::parse("A123456789012").unwrap();
        assert_eq!(upn.check_letter(), 'A');
        assert_eq!(upn.la_code(), "123");
    }

    #[test]
    fn upn_with_check_letter_matches_hand_calculation() {
        assert_eq!(
            Upn::with_check_letter("123456789012").unwrap().as_str(),
            "A123456789012"
        );
        assert_eq!(
            Upn::with_check_letter("12345678901a").unwrap().as_str(),
            "X12345678901A"
        );
        assert_eq!(
            Upn::with_check_letter("00000000000Z").unwrap().as_str(),
            "L00000000000Z"
        );
        assert_eq!(
            Upn::with_check_letter("1234567890").unwrap_err(),
            IdentifierError::UpnLength
        );
        assert_eq!(
            Upn::with_check_letter("1234567890A1").unwrap_err(),
            IdentifierError::UpnFormat
        );
        assert_eq!(
            Upn::with_check_letter("12345678901O").unwrap_err(),
            IdentifierError::UpnLastCharacter
        );
    }

    #[test]
    fn upn_normalises_case_and_spaces() {
        let upn = Upn::parse("  x123 4567 8901a ").unwrap();
        assert_eq!(upn.as_str(), "X12345678901A");
        assert_eq!(upn.to_string(), "X12345678901A");
    }

    #[test]
    fn upn_errors() {
        use IdentifierError as E;
        assert_eq!(Upn::parse("   "), Err(E::Empty(IdentifierKind::Upn)));
        assert_eq!(Upn::parse("A12345678901"), Err(E::UpnLength));
        assert_eq!(Upn::parse("A1234567890123"), Err(E::UpnLength));
        assert_eq!(Upn::parse("1123456789012"), Err(E::UpnFormat));
        assert_eq!(Upn::parse("A12345678901-"), Err(E::UpnFormat));
        assert_eq!(Upn::parse("A1234567890A2"), Err(E::UpnFormat));
        assert_eq!(Upn::parse("A12345678901é"), Err(E::UpnFormat));
        assert_eq!(Upn::parse("A12345678901I"), Err(E::UpnLastCharacter));
        assert_eq!(Upn::parse("A12345678901S"), Err(E::UpnLastCharacter));
        assert_eq!(Upn::parse("A123456789123"), Err(E::UpnCheckLetter));
        assert_eq!(Upn::parse("B123456789012"), Err(E::UpnCheckLetter));
        // I, O and S are never check letters.
        assert_eq!(Upn::parse("I123456789012"), Err(E::UpnCheckLetter));
        assert_eq!(
            E::UpnLength.to_string(),
            "Enter a UPN with 13 characters, like A123456789012"
        );
        assert_eq!(
            E::UpnCheckLetter.to_string(),
            "The UPN check letter is wrong: check you have copied it correctly"
        );
        assert_eq!(E::Empty(IdentifierKind::Upn).to_string(), "Enter a UPN");
    }

    /// What the check letter does *not* catch: a last-character digit swapped
    /// for the letter with the same table value (1 and B here) gives the same
    /// sum, so both are valid UPNs.
    #[test]
    fn upn_digit_letter_swap_in_last_place_is_not_detected() {
        assert!(Upn::parse("P000000000001").is_ok());
        assert!(Upn::parse("P00000000000B").is_ok());
    }

    #[test]
    fn former_upn_uses_the_same_rules() {
        let former = FormerUpn::parse("a123456789012").unwrap();
        assert_eq!(former.as_str(), "A123456789012");
        assert_eq!(former.as_upn(), &Upn::parse("A123456789012").unwrap());
        assert_eq!(
            FormerUpn::parse(""),
            Err(IdentifierError::Empty(IdentifierKind::FormerUpn))
        );
        assert_eq!(
            FormerUpn::parse("A123456789123"),
            Err(IdentifierError::UpnCheckLetter)
        );
        assert_eq!(serde_json::to_string(&former).unwrap(), "\"A123456789012\"");
    }

    // --- NHS number ----------------------------------------------------------
    //
    // 943 476 591: 9x10 + 4x9 + 3x8 + 4x7 + 7x6 + 6x5 + 5x4 + 9x3 + 1x2 = 299;
    // 299 mod 11 = 2; 11 - 2 = 9, so 9434765919 is valid.
    // 000 000 006: 6x2 = 12; 12 mod 11 = 1; 11 - 1 = 10, so no valid number.
    // 000 000 000: 0 mod 11 = 0; 11 - 0 = 11 -> 0, so 0000000000 passes.

    #[test]
    fn nhs_known_good() {
        let n = NhsNumber::parse("9434765919").unwrap();
        assert_eq!(n.as_str(), "9434765919");
        assert_eq!(n.to_string(), "943 476 5919");
        assert_eq!(NhsNumber::parse(" 943 476 5919 ").unwrap(), n);
        assert_eq!(NhsNumber::parse("943-476-5919").unwrap(), n);
        assert_eq!(NhsNumber::with_check_digit("943476591"), Some(n));
        assert_eq!(
            NhsNumber::with_check_digit("000000000").unwrap().as_str(),
            "0000000000"
        );
    }

    #[test]
    fn nhs_errors() {
        use IdentifierError as E;
        assert_eq!(
            NhsNumber::parse(""),
            Err(E::Empty(IdentifierKind::NhsNumber))
        );
        assert_eq!(NhsNumber::parse("943476591"), Err(E::NhsNumberFormat));
        assert_eq!(NhsNumber::parse("94347659190"), Err(E::NhsNumberFormat));
        assert_eq!(NhsNumber::parse("94347659A9"), Err(E::NhsNumberFormat));
        assert_eq!(NhsNumber::parse("9434765918"), Err(E::NhsNumberCheckDigit));
        // Check digit would be 10: no digit is right.
        for last in 0..=9 {
            assert_eq!(
                NhsNumber::parse(&format!("000000006{last}")),
                Err(E::NhsNumberCheckDigit)
            );
        }
        assert_eq!(NhsNumber::with_check_digit("000000006"), None);
        assert_eq!(NhsNumber::with_check_digit("94347659"), None);
        assert_eq!(NhsNumber::with_check_digit("94347659x"), None);
        assert_eq!(
            E::NhsNumberFormat.to_string(),
            "Enter an NHS number with 10 digits, like 943 476 5919"
        );
        assert_eq!(
            E::NhsNumberCheckDigit.to_string(),
            "The NHS number's check digit is wrong: check you have copied it correctly"
        );
    }

    #[test]
    fn nhs_serde_uses_plain_digits() {
        let n = NhsNumber::parse("943 476 5919").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"9434765919\"");
        let back: NhsNumber = serde_json::from_str("\"943 476 5919\"").unwrap();
        assert_eq!(back, n);
        assert!(serde_json::from_str::<NhsNumber>("\"9434765918\"").is_err());
    }

    // --- Council person ID ---------------------------------------------------

    #[test]
    fn la_person_id() {
        use IdentifierError as E;
        assert_eq!(LaPersonId::parse(" 566910 ").unwrap().as_str(), "566910");
        assert_eq!(
            LaPersonId::parse("AB-123-x9").unwrap().as_str(),
            "AB-123-x9"
        );
        assert_eq!(
            LaPersonId::parse("1234567890").unwrap().as_str(),
            "1234567890"
        );
        assert_eq!(LaPersonId::parse("12345678901"), Err(E::LaPersonIdTooLong));
        assert_eq!(LaPersonId::parse("AB 123"), Err(E::LaPersonIdCharacters));
        assert_eq!(LaPersonId::parse("AB_123"), Err(E::LaPersonIdCharacters));
        assert_eq!(LaPersonId::parse("ÄB123"), Err(E::LaPersonIdCharacters));
        assert_eq!(
            LaPersonId::parse(""),
            Err(E::Empty(IdentifierKind::LaPersonId))
        );
    }

    // --- Postcode --------------------------------------------------------------

    #[test]
    fn postcode_known_good() {
        for (input, expected) in [
            ("sw1a1aa", "SW1A 1AA"),
            (" ec1a 1bb ", "EC1A 1BB"),
            ("W1A 0AX", "W1A 0AX"),
            ("m11ae", "M1 1AE"),
            ("B33 8TH", "B33 8TH"),
            ("CR2 6XH", "CR2 6XH"),
            ("DN55  1PT", "DN55 1PT"),
            ("s w 1 a 1 a a", "SW1A 1AA"),
        ] {
            let p = Postcode::parse(input).unwrap();
            assert_eq!(p.as_str(), expected, "{input}");
        }
        let p = Postcode::parse("sw1a1aa").unwrap();
        assert_eq!(p.outward(), "SW1A");
        assert_eq!(p.inward(), "1AA");
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"SW1A 1AA\"");
    }

    #[test]
    fn postcode_errors() {
        use IdentifierError as E;
        assert_eq!(
            Postcode::parse(" "),
            Err(E::Empty(IdentifierKind::Postcode))
        );
        for bad in [
            "SW1A",
            "SW1A 1A",
            "SW1A 1AAA",
            "1AA 1AA",
            "SWAA 1AA",
            "SW1AA 1AA",
            "SW1A AAA",
            "SW1A 11A",
            "S 1AA",
            "SW1A-1AA",
            "A9AA 1AA",
        ] {
            assert_eq!(Postcode::parse(bad), Err(E::PostcodeFormat), "{bad}");
        }
    }

    // --- Registration number -------------------------------------------------

    #[test]
    fn registration_number() {
        use IdentifierError as E;
        assert_eq!(
            RegistrationNumber::parse("sw123456").unwrap().as_str(),
            "SW123456"
        );
        assert_eq!(RegistrationNumber::parse(" SW 1 ").unwrap().as_str(), "SW1");
        for bad in ["SW", "123456", "SX123456", "SW12A456", "SW12345678901"] {
            assert_eq!(
                RegistrationNumber::parse(bad),
                Err(E::RegistrationNumberFormat),
                "{bad}"
            );
        }
        assert_eq!(
            RegistrationNumber::parse(""),
            Err(E::Empty(IdentifierKind::RegistrationNumber))
        );
    }

    #[test]
    fn from_str_and_try_from_go_through_parse() {
        let upn: Upn = "a123456789012".parse().unwrap();
        assert_eq!(upn.as_str(), "A123456789012");
        assert!("A123456789123".parse::<Upn>().is_err());
        let p = Postcode::try_from(String::from("sw1a1aa")).unwrap();
        assert_eq!(String::from(p), "SW1A 1AA");
        assert!(serde_json::from_str::<Upn>("\"A123456789123\"").is_err());
        assert!(serde_json::from_str::<LaPersonId>("\"far too long an id\"").is_err());
        assert!(serde_json::from_str::<RegistrationNumber>("\"XX1\"").is_err());
    }

    // --- Properties ------------------------------------------------------------

    fn valid_upn() -> impl Strategy<Value = Upn> {
        prop_oneof![
            "[0-9]{12}",
            // Temporary UPNs: 11 digits and a letter from the table.
            "[0-9]{11}[A-HJ-NPQRT-Z]",
        ]
        .prop_map(|body| Upn::with_check_letter(&body).unwrap())
    }

    fn valid_nhs_number() -> impl Strategy<Value = NhsNumber> {
        "[0-9]{9}".prop_filter_map("check digit would be 10", |first9| {
            NhsNumber::with_check_digit(&first9)
        })
    }

    fn replace_at(s: &str, index: usize, c: char) -> String {
        s.chars()
            .enumerate()
            .map(|(i, old)| if i == index { c } else { old })
            .collect()
    }

    fn postcode_like() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Za-z][0-9] ?[0-9][A-Za-z]{2}",
            "[A-Za-z][0-9]{2} ?[0-9][A-Za-z]{2}",
            "[A-Za-z]{2}[0-9] ?[0-9][A-Za-z]{2}",
            "[A-Za-z]{2}[0-9]{2} ?[0-9][A-Za-z]{2}",
            "[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z]{2}",
            "[A-Za-z]{2}[0-9][A-Za-z] ?[0-9][A-Za-z]{2}",
        ]
        .prop_map(|s| format!("  {s} "))
    }

    proptest! {
        #[test]
        fn upn_with_check_letter_round_trips(digits in "[0-9]{12}") {
            let upn = Upn::with_check_letter(&digits).unwrap();
            prop_assert_eq!(&upn.as_str()[1..], digits.as_str());
            prop_assert!(!upn.is_temporary());
            prop_assert_eq!(Upn::parse(upn.as_str()), Ok(upn.clone()));
            prop_assert_eq!(Upn::parse(&upn.to_string().to_lowercase()), Ok(upn));
        }

        #[test]
        fn temporary_upn_round_trips(body in "[0-9]{11}[A-HJ-NPQRT-Z]") {
            let upn = Upn::with_check_letter(&body).unwrap();
            prop_assert!(upn.is_temporary());
            prop_assert_eq!(Upn::parse(upn.as_str()), Ok(upn));
        }

        /// Character n carries weight n (2..=13) and a digit changes by 1..=9;
        /// 23 is prime and divides neither, so every single-digit substitution
        /// changes the sum mod 23 and is caught.
        #[test]
        fn upn_any_single_digit_change_is_rejected(
            upn in valid_upn(),
            index in 1usize..13,
            delta in 1u8..=9,
        ) {
            let s = upn.as_str();
            let old = s.as_bytes()[index];
            prop_assume!(old.is_ascii_digit());
            let new = char::from(b'0' + (old - b'0' + delta) % 10);
            let changed = replace_at(s, index, new);
            prop_assert_eq!(Upn::parse(&changed), Err(IdentifierError::UpnCheckLetter));
        }

        /// A temporary UPN's last letter changing to another table letter is
        /// caught too (value change 1..=22, weight 13).
        #[test]
        fn upn_trailing_letter_change_is_rejected(
            upn in valid_upn(),
            shift in 1usize..23,
        ) {
            prop_assume!(upn.is_temporary());
            let s = upn.as_str();
            let old = upn_letter_value(s.as_bytes()[12]).unwrap() as usize;
            let new = char::from(UPN_LETTERS[(old + shift) % 23]);
            let changed = replace_at(s, 12, new);
            prop_assert_eq!(Upn::parse(&changed), Err(IdentifierError::UpnCheckLetter));
        }

        /// Swapping two different adjacent digits (weights w and w+1) changes
        /// the sum by their difference, which 23 never divides.
        #[test]
        fn upn_adjacent_transposition_is_rejected(upn in valid_upn(), index in 1usize..11) {
            let s = upn.as_str();
            let (a, b) = (s.as_bytes()[index], s.as_bytes()[index + 1]);
            prop_assume!(a != b);
            let swapped = replace_at(&replace_at(s, index, char::from(b)), index + 1, char::from(a));
            prop_assert_eq!(Upn::parse(&swapped), Err(IdentifierError::UpnCheckLetter));
        }

        #[test]
        fn upn_wrong_check_letter_is_rejected(upn in valid_upn(), shift in 1usize..23) {
            let s = upn.as_str();
            let old = upn_letter_value(s.as_bytes()[0]).unwrap() as usize;
            let changed = replace_at(s, 0, char::from(UPN_LETTERS[(old + shift) % 23]));
            prop_assert_eq!(Upn::parse(&changed), Err(IdentifierError::UpnCheckLetter));
        }

        #[test]
        fn nhs_number_round_trips(n in valid_nhs_number()) {
            prop_assert_eq!(NhsNumber::parse(n.as_str()), Ok(n.clone()));
            // Display's 3-3-4 layout parses back too.
            let shown = n.to_string();
            prop_assert_eq!(NhsNumber::parse(&shown), Ok(n.clone()));
            prop_assert_eq!(shown.len(), 12);
            prop_assert_eq!(shown.as_bytes()[3], b' ');
            prop_assert_eq!(shown.as_bytes()[7], b' ');
        }

        /// Digit n (weight 11 - n, the check digit weight 1) changes the
        /// weighted sum by weight x (1..=9), which 11 never divides.
        #[test]
        fn nhs_any_single_digit_change_is_rejected(
            n in valid_nhs_number(),
            index in 0usize..10,
            delta in 1u8..=9,
        ) {
            let s = n.as_str();
            let old = s.as_bytes()[index];
            let new = char::from(b'0' + (old - b'0' + delta) % 10);
            let changed = replace_at(s, index, new);
            prop_assert_eq!(NhsNumber::parse(&changed), Err(IdentifierError::NhsNumberCheckDigit));
        }

        #[test]
        fn nhs_parse_accepts_only_what_with_check_digit_builds(s in "[0-9]{10}") {
            let built = NhsNumber::with_check_digit(&s[..9]);
            let parsed = NhsNumber::parse(&s).ok();
            prop_assert_eq!(parsed.is_some(), built.as_ref().map(NhsNumber::as_str) == Some(s.as_str()));
        }

        #[test]
        fn postcode_normalisation_is_idempotent(input in postcode_like()) {
            let p = Postcode::parse(&input).unwrap();
            prop_assert_eq!(Postcode::parse(p.as_str()), Ok(p.clone()));
            prop_assert_eq!(p.as_str().matches(' ').count(), 1);
            prop_assert_eq!(p.inward().len(), 3);
            prop_assert_eq!(p.as_str().to_uppercase(), p.as_str());
        }

        #[test]
        fn parse_of_parsed_is_identity_for_any_input(input in "\\PC{0,14}") {
            if let Ok(p) = Postcode::parse(&input) {
                prop_assert_eq!(Postcode::parse(p.as_str()), Ok(p));
            }
            if let Ok(u) = Upn::parse(&input) {
                prop_assert_eq!(Upn::parse(u.as_str()), Ok(u));
            }
            if let Ok(n) = NhsNumber::parse(&input) {
                let shown = n.to_string();
                prop_assert_eq!(NhsNumber::parse(&shown), Ok(n));
            }
            if let Ok(id) = LaPersonId::parse(&input) {
                prop_assert_eq!(LaPersonId::parse(id.as_str()), Ok(id));
            }
            if let Ok(r) = RegistrationNumber::parse(&input) {
                prop_assert_eq!(RegistrationNumber::parse(r.as_str()), Ok(r));
            }
        }

        #[test]
        fn serde_json_round_trips(
            upn in valid_upn(),
            nhs in valid_nhs_number(),
            postcode in postcode_like(),
            id in "[A-Za-z0-9-]{1,10}",
            reg in "[sS][wW][0-9]{1,10}",
        ) {
            let postcode = Postcode::parse(&postcode).unwrap();
            let id = LaPersonId::parse(&id).unwrap();
            let reg = RegistrationNumber::parse(&reg).unwrap();
            let former = FormerUpn::from(upn.clone());

            let json = serde_json::to_string(&upn).unwrap();
            prop_assert_eq!(serde_json::from_str::<Upn>(&json).unwrap(), upn);
            let json = serde_json::to_string(&former).unwrap();
            prop_assert_eq!(serde_json::from_str::<FormerUpn>(&json).unwrap(), former);
            let json = serde_json::to_string(&nhs).unwrap();
            prop_assert_eq!(serde_json::from_str::<NhsNumber>(&json).unwrap(), nhs);
            let json = serde_json::to_string(&postcode).unwrap();
            prop_assert_eq!(serde_json::from_str::<Postcode>(&json).unwrap(), postcode);
            let json = serde_json::to_string(&id).unwrap();
            prop_assert_eq!(serde_json::from_str::<LaPersonId>(&json).unwrap(), id);
            let json = serde_json::to_string(&reg).unwrap();
            prop_assert_eq!(serde_json::from_str::<RegistrationNumber>(&json).unwrap(), reg);
        }
    }
}
