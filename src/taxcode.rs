//! Vietnamese enterprise tax codes (mã số thuế, TT 105/2020/TT-BTC art. 5):
//! ten digits, the tenth a check digit, optionally `-` and a three-digit branch number.

/// Why a tax code is not valid (said to editors by `messages::check::tax_code_error`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxCodeError {
    /// Wrong shape: not 10 digits, or 10 digits + `-` + 3 digits.
    Shape,
    /// Digits 3 to 9 are all zero.
    ZeroSequence,
    /// The check digit does not match; carries the expected digit, or `None` when no digit can be right.
    CheckDigit(Option<u32>),
    /// Branch number `000`.
    ZeroBranch,
}

const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/// The check digit for nine leading digits, or `None` when the remainder is 0 (no valid code).
pub fn check_digit(first_nine: &[u32; 9]) -> Option<u32> {
    let sum: u32 = first_nine.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    match sum % 11 {
        0 => None,
        r => Some(10 - r),
    }
}

/// Checks a tax code as written in a content file.
pub fn validate(code: &str) -> Result<(), TaxCodeError> {
    let (main, branch) = match code.split_once('-') {
        Some((m, b)) => (m, Some(b)),
        None => (code, None),
    };
    if main.len() != 10 || !main.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TaxCodeError::Shape);
    }
    if let Some(b) = branch {
        if b.len() != 3 || !b.bytes().all(|c| c.is_ascii_digit()) {
            return Err(TaxCodeError::Shape);
        }
        if b == "000" {
            return Err(TaxCodeError::ZeroBranch);
        }
    }
    let digits: Vec<u32> = main.bytes().map(|b| u32::from(b - b'0')).collect();
    if digits[2..9].iter().all(|&d| d == 0) {
        return Err(TaxCodeError::ZeroSequence);
    }
    let mut first = [0u32; 9];
    first.copy_from_slice(&digits[..9]);
    match check_digit(&first) {
        Some(d) if d == digits[9] => Ok(()),
        other => Err(TaxCodeError::CheckDigit(other)),
    }
}

/// Completes nine digits into a valid ten-digit tax code, if any check digit fits.
pub fn complete(first_nine: &str) -> Option<String> {
    if first_nine.len() != 9 || !first_nine.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut d = [0u32; 9];
    for (i, b) in first_nine.bytes().enumerate() {
        d[i] = u32::from(b - b'0');
    }
    check_digit(&d).map(|c| format!("{first_nine}{c}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_public_examples() {
        for c in [
            "0100233488",
            "0314409058-002",
            "0312687878-001",
            "0100112437",
            "0101245486",
            "0102182292",
            "2000102580-005",
            "0300588569",
            "0100109106-001",
        ] {
            assert_eq!(validate(c), Ok(()), "{c}");
        }
    }

    #[test]
    fn rejects_bad_codes() {
        assert_eq!(
            validate("0100233480"),
            Err(TaxCodeError::CheckDigit(Some(8)))
        );
        assert_eq!(validate("0100000008"), Err(TaxCodeError::ZeroSequence));
        assert_eq!(validate("0314409058-000"), Err(TaxCodeError::ZeroBranch));
        assert!(matches!(
            validate("0100109107"),
            Err(TaxCodeError::CheckDigit(_))
        ));
        assert_eq!(validate("010023348"), Err(TaxCodeError::Shape));
        assert_eq!(validate("01002334888"), Err(TaxCodeError::Shape));
        assert_eq!(validate("0100233488-01"), Err(TaxCodeError::Shape));
    }

    #[test]
    fn remainder_zero_has_no_check_digit() {
        // Find nine digits whose weighted sum is divisible by 11: no code can be valid.
        let nine = (0..1_000_000u32)
            .map(|n| format!("010{:06}", n))
            .find(|s| complete(s).is_none())
            .expect("some prefix has remainder 0");
        for last in 0..10 {
            assert!(validate(&format!("{nine}{last}")).is_err());
        }
        assert_eq!(complete("010023348"), Some("0100233488".into()));
    }
}
