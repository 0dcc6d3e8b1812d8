//! How numbers are written: in full (exact, for hooks and JSON) and short (for the drawing).

/// The shortest text that reads back as exactly `value`; non-finite values are written
/// `NaN`, `Infinity` and `-Infinity`, as JavaScript and the CLI's JSON spell them.
pub fn full(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        format!("{value}")
    }
}

/// The exact number of [`full`] in scientific notation, `1.5e-7` for `0.00000015`: the same
/// digits, written from the shortest round-trip text without the exponent formatter.
pub fn scientific(value: f64) -> String {
    let text = full(value.abs());
    if !value.is_finite() || value == 0.0 {
        return full(value);
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let digits: String = whole.chars().chain(fraction.chars()).collect();
    let leading = digits.chars().take_while(|&c| c == '0').count();
    // The exponent of the first significant digit.
    let exponent = whole.len() as i64 - 1 - leading as i64;
    let significant = digits[leading..].trim_end_matches('0');
    let (first, rest) = significant.split_at(1.min(significant.len()));
    let sign = if value < 0.0 { "-" } else { "" };
    let point = if rest.is_empty() { "" } else { "." };
    format!("{sign}{first}{point}{rest}e{exponent}")
}

/// Five significant digits, for labels: `6.9093`, `-0.41615`, `1.2346e-7`; a number from
/// 10 000 up to a million is rounded to a whole number instead (`123457`, six digits), and a
/// million or more is written `1.2346e6`.
///
/// The rounding is done in arithmetic and the result printed in its shortest form, which keeps
/// the fixed-precision float formatter (several kilobytes of WebAssembly) out of the page.
pub fn short(value: f64) -> String {
    if !value.is_finite() {
        return full(value);
    }
    if value == value.trunc() && value.abs() < 1e6 {
        // Integers print without a fraction; `-0` prints as `0`.
        return format!("{}", value as i64);
    }
    let magnitude = value.abs();
    if (1e-4..1e6).contains(&magnitude) {
        let decimals = (4 - libm::log10(magnitude).floor() as i32).max(0);
        let scale = 10f64.powi(decimals);
        return format!("{}", (value * scale).round() / scale);
    }
    // Scientific: a mantissa in [1, 10) rounded to four decimals, and a power of ten. Very small
    // numbers are scaled in two steps so that no power of ten overflows.
    let mut exponent = libm::log10(magnitude).floor() as i32;
    let mut mantissa =
        if exponent < -300 { value * 1e300 / 10f64.powi(exponent + 300) } else { value / 10f64.powi(exponent) };
    mantissa = (mantissa * 1e4).round() / 1e4;
    if mantissa.abs() >= 10.0 {
        mantissa /= 10.0;
        exponent += 1;
    }
    format!("{mantissa}e{exponent}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_round_trips() {
        for value in [6.909297426825682, 2.5838531634528574, 0.1 + 0.2, -1e-300, 2.0] {
            assert_eq!(full(value).parse::<f64>().unwrap(), value);
        }
        assert_eq!(full(2.0), "2");
        assert_eq!(full(f64::NAN), "NaN");
        assert_eq!(full(f64::NEG_INFINITY), "-Infinity");
    }

    #[test]
    fn scientific_keeps_every_digit() {
        for (value, text) in [(1.5e-7, "1.5e-7"), (1e21, "1e21"), (-1.2345e22, "-1.2345e22"), (0.00012, "1.2e-4")] {
            assert_eq!(scientific(value), text);
            assert_eq!(text.parse::<f64>().unwrap(), value);
        }
        assert_eq!(scientific(5e-324).parse::<f64>().unwrap(), 5e-324);
        assert_eq!(scientific(1.7976931348623157e308).parse::<f64>().unwrap(), f64::MAX);
    }

    #[test]
    fn short_keeps_five_significant_digits_or_the_whole_number_below_a_million() {
        let cases = [
            (6.909297426825682, "6.9093"),
            (-0.4161468365471424, "-0.41615"),
            (2.0, "2"),
            (-0.0, "0"),
            (123456.7, "123457"),
            (1234567.8, "1.2346e6"),
            (1.23456789e-7, "1.2346e-7"),
            (0.5, "0.5"),
            (f64::INFINITY, "Infinity"),
            (-9.99996e-5, "-1e-4"),
            (5e-324, "4.9407e-324"),
            (1.7976931348623157e308, "1.7977e308"),
            (99999.99, "100000"),
        ];
        for (value, text) in cases {
            assert_eq!(short(value), text, "{value}");
        }
    }
}
