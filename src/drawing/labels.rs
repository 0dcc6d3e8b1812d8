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

/// The output's name as written after ∂ in a node, shortened so the line stays short.
pub fn short_output_name(name: &str) -> String {
    if name.chars().count() <= 4 {
        name.to_string()
    } else {
        name.chars().take(3).chain(['…']).collect()
    }
}
