//! How the static search writes lists of integers: numbers in five-bit
//! groups, one character each, and article positions as gaps.

/// The digits of an encoded number: the first 32 end a number, the other
/// 32 are followed by more of it. None needs escaping in JSON.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `n` to `out` in five-bit groups, the lowest first: each group but
/// the last is written as `DIGITS[32 + group]`, the last as
/// `DIGITS[group]`. A number under 32 takes one character.
pub fn encode(mut n: u64, out: &mut String) {
    loop {
        let group = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(char::from(DIGITS[group]));
            return;
        }
        out.push(char::from(DIGITS[32 + group]));
    }
}

/// `numbers`, each [`encode`]d, one after the other.
pub(super) fn encode_all(numbers: impl IntoIterator<Item = u64>) -> String {
    let mut out = String::new();
    for n in numbers {
        encode(n, &mut out);
    }
    out
}

/// The numbers of a string of [`encode`]d numbers; `None` if it holds a
/// character that is not a digit or ends inside a number.
pub fn decode(text: &str) -> Option<Vec<u64>> {
    let mut numbers = Vec::new();
    let (mut n, mut shift) = (0u64, 0u32);
    for byte in text.bytes() {
        let digit = DIGITS.iter().position(|&d| d == byte)? as u64;
        let group = digit & 31;
        n |= group.checked_shl(shift)?;
        if digit < 32 {
            numbers.push(n);
            (n, shift) = (0, 0);
        } else {
            shift += 5;
        }
    }
    (shift == 0).then_some(numbers)
}

/// Article positions, ascending, as gaps: the first position, then each
/// one minus the previous one minus one.
#[derive(Debug, Default)]
pub(super) struct Gaps {
    previous: Option<u64>,
}

impl Gaps {
    pub(super) fn next(&mut self, position: u64) -> u64 {
        let gap = match self.previous {
            Some(previous) => position - previous - 1,
            None => position,
        };
        self.previous = Some(position);
        gap
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_in_five_bit_groups() {
        let check = |n: u64, expected: &str| {
            let mut out = String::new();
            encode(n, &mut out);
            assert_eq!(out, expected, "{n}");
            assert_eq!(decode(&out), Some(vec![n]), "{n}");
        };
        check(0, "A");
        check(31, "f");
        check(32, "gB");
        check(1023, "_f");
        check(1024, "ggB");
        check(u64::MAX, "____________P");
        assert_eq!(encode_all([0, 31, 32]), "AfgB");
        assert_eq!(decode("AfgB"), Some(vec![0, 31, 32]));
        assert_eq!(decode(""), Some(vec![]));
        // Cut inside a number, or not a digit.
        assert_eq!(decode("g"), None);
        assert_eq!(decode("A+"), None);
        assert_eq!(decode("_____________P"), None);
    }

    #[test]
    fn positions_are_gaps() {
        let mut gaps = Gaps::default();
        let written: Vec<u64> = [3, 4, 9, 10].into_iter().map(|p| gaps.next(p)).collect();
        assert_eq!(written, [3, 0, 4, 0]);
    }
}
