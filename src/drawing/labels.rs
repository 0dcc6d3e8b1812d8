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

/// How far a line may be squeezed (`textLength`) and stay legible: to 80 % of its width.
pub const MIN_SQUEEZE: f64 = 0.8;

/// The whole running sum under a node, `Σdy = 0.0177 + 1.4072 + ?` (a `?` for each term still
/// to come, a negative term written as a subtraction).
pub fn whole_sum(terms: &[String], y: &str) -> String {
    format!("Σd{y} = {}", terms.join(" + ")).replace("+ -", "− ")
}

/// The running sum under a node ([`whole_sum`]) as text that fits `room` pixels at `char_width` a character, squeezed at most to
/// [`MIN_SQUEEZE`]: when the whole sum would need more, the middle terms give way to `…`
/// (first and last kept), and the text says so. Returns the text and whether it is squeezed.
pub fn running_sum(terms: &[String], y: &str, room: f64, char_width: f64) -> (String, bool) {
    let fits = |text: &str| {
        let width = text.chars().count() as f64 * char_width;
        (width <= room / MIN_SQUEEZE).then_some(width > room)
    };
    let whole = whole_sum(terms, y);
    if let Some(squeezed) = fits(&whole) {
        return (whole, squeezed);
    }
    // Fewer terms kept, the first ones and the last, with `…` for those between.
    for kept in (1..terms.len()).rev() {
        let head = kept.div_ceil(2);
        let (first, last) =
            (terms.get(..head).unwrap_or_default(), terms.get(terms.len() - (kept - head)..).unwrap_or_default());
        let shown: Vec<String> = first.iter().cloned().chain(["…".to_string()]).chain(last.iter().cloned()).collect();
        let text = whole_sum(&shown, y);
        if let Some(squeezed) = fits(&text) {
            return (text, squeezed);
        }
    }
    let text = format!("Σd{y}: {} terms", terms.len());
    let squeezed = fits(&text).unwrap_or(true);
    (text, squeezed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_sum_fits_its_node_legibly() {
        let terms = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<String>>();
        // 10 characters of 6 px each: 60 px of room, 75 px squeezed to 80 %.
        assert_eq!(running_sum(&terms(&["1", "2"]), "y", 60.0, 6.0), ("Σdy = 1 + 2".to_string(), true));
        assert_eq!(running_sum(&terms(&["1", "?"]), "y", 120.0, 6.0), ("Σdy = 1 + ?".to_string(), false));
        // A negative term is written as a subtraction.
        assert_eq!(running_sum(&terms(&["1", "-2"]), "y", 120.0, 6.0), ("Σdy = 1 − 2".to_string(), false));
        // The lecture's shared node: three terms in a node 120 px wide at 6.6 px a character.
        let three = terms(&["-0.017749", "1.4427", "403.43"]);
        let (text, squeezed) = running_sum(&three, "y", 120.0, 6.6);
        assert_eq!((text.as_str(), squeezed), ("Σdy = -0.017749 + …", true));
        // Wider, the first and the last stay.
        assert_eq!(running_sum(&three, "y", 160.0, 6.6), ("Σdy = -0.017749 + … + 403.43".to_string(), true));
        assert_eq!(running_sum(&three, "y", 300.0, 6.6).0, "Σdy = -0.017749 + 1.4427 + 403.43");
        // No room at all: the count.
        assert_eq!(running_sum(&three, "y", 10.0, 6.6).0, "Σdy: 3 terms");
        // A negative last term after the ellipsis is a subtraction too (the whole, 20
        // characters, needs 120 px: more than 90 / 0.8).
        let negative = terms(&["0.5", "1.25", "-3"]);
        assert_eq!(running_sum(&negative, "y", 90.0, 6.0).0, "Σdy = 0.5 + … − 3");
    }

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
