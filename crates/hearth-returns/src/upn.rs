//! The unique pupil number (UPN), as both returns carry it: a check letter,
//! three digits of local authority, eight more digits and a last character
//! that is a digit (or, in a temporary UPN, a letter).

/// The letters a UPN's check letter, and a temporary UPN's last character,
/// may be: A-Z without I, O and S.
pub(crate) const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// A well-formed UPN: a check letter, eleven digits, and a digit or letter.
pub(crate) fn well_formed(upn: &str) -> bool {
    let b = upn.as_bytes();
    b.len() == 13
        && LETTERS.contains(&b[0])
        && b[1..12].iter().all(u8::is_ascii_digit)
        && (b[12].is_ascii_digit() || LETTERS.contains(&b[12]))
}

/// The DfE's check letter for characters 2-13 of a UPN.
pub(crate) fn check_letter(rest: &[u8]) -> Option<u8> {
    let mut total = 0usize;
    for (i, &c) in rest.iter().enumerate() {
        let v = if c.is_ascii_digit() {
            usize::from(c - b'0')
        } else {
            LETTERS.iter().position(|&l| l == c)?
        };
        total += v * (i + 2);
    }
    LETTERS.get(total % 23).copied()
}
