//! How the drawing writes its coordinates and short names: the text of SVG attributes and
//! node lines, shared by the view, the nodes and the legend.

use std::fmt::Write;

/// A coordinate for SVG, to a tenth of a pixel.
pub fn px(value: f64) -> String {
    let mut text = String::new();
    push_px(&mut text, value);
    text
}

/// Writes a coordinate to a tenth of a pixel as tenths in integer arithmetic ("12", "-3.5"),
/// which is several times faster than formatting the float: a drawing of a thousand nodes
/// writes tens of thousands of them.
pub fn push_px(out: &mut String, value: f64) {
    let tenths = (value * 10.0).round() as i64;
    if tenths < 0 {
        out.push('-');
    }
    let tenths = tenths.unsigned_abs();
    let _ = write!(out, "{}", tenths / 10);
    if tenths % 10 != 0 {
        out.push('.');
        out.push(char::from(b'0' + (tenths % 10) as u8));
    }
}

/// The output's name as written after d in a node, shortened so the line stays short.
pub fn short_output_name(name: &str) -> String {
    if name.chars().count() <= 4 {
        name.to_string()
    } else {
        name.chars().take(3).chain(['…']).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_written_as_the_float_formatter_writes_them_rounded_to_tenths() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut values = vec![0.0, 0.05, -0.05, -0.04, 0.95, 12.0, 12.34, -3.45, 1e6 + 0.55, -123_456.75];
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            values.push((seed % 2_000_000) as f64 / 97.0 - 10_000.0);
        }
        for v in values {
            let rounded = (v * 10.0).round() / 10.0;
            // The float formatter writes -0 for a negative value that rounds to zero.
            let expected = if rounded == 0.0 { "0".to_string() } else { format!("{rounded}") };
            assert_eq!(px(v), expected, "{v}");
        }
    }
}
